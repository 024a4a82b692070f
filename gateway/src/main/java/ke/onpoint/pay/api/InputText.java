package ke.onpoint.pay.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

/**
 * What the gateway accepts as text: well-formed UTF-8 without U+0000 and without unpaired UTF-16 surrogates, neither
 * raw nor escaped in a JSON string. PostgreSQL stores none of these (a NUL fails the statement, a lone surrogate is
 * silently turned into "?"), so they are refused before anything is parsed further or stored.
 */
public final class InputText {

    private static final ApiJson JSON = new ApiJson();

    private InputText() {}

    /** Why this request body is refused (400 for undecodable bytes, 422 naming the JSON field), or empty. */
    public static Optional<ApiProblem> refusal(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return Optional.of(ApiProblem.malformed("The request body is not valid UTF-8"));
        }
        if (text.indexOf('\0') >= 0) {
            return Optional.of(ApiProblem.malformed("The request body contains a NUL character (U+0000)"));
        }
        return jsonStringDefect(text);
    }

    /** Why this text (a query parameter, a multipart field or file name) cannot be taken, or empty. */
    public static Optional<String> defect(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return Optional.of("must not contain the NUL character (U+0000)");
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must not contain an unpaired UTF-16 surrogate");
            }
        }
        return Optional.empty();
    }

    /** Escaped defects (a "\u0000" or a lone "\ud800") in the strings and keys of a JSON body; malformed JSON is left to the route. */
    private static Optional<ApiProblem> jsonStringDefect(String text) {
        String start = text.stripLeading();
        if (!start.startsWith("{") && !start.startsWith("[")) {
            return Optional.empty();
        }
        try (JsonParser parser = JSON.mapper().getFactory().createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    Optional<String> defect = defect(parser.getText());
                    if (defect.isPresent()) {
                        boolean key = token == JsonToken.FIELD_NAME;
                        String field = path(parser.getParsingContext(), !key);
                        return Optional.of(
                                ApiProblem.invalidField(field, key ? "has a key that " + defect.get() : defect.get()));
                    }
                }
            }
        } catch (IOException malformedOrTooLarge) {
            // the route's own parsing answers malformed JSON and JSON beyond the parser's limits
        }
        return Optional.empty();
    }

    /** The field as merchants name it: {@code metadata.order_id}, {@code items[2].name}; "body" for the top level. */
    static String path(JsonStreamContext context, boolean includeCurrentName) {
        Deque<String> segments = new ArrayDeque<>();
        JsonStreamContext at = context;
        if (!includeCurrentName && at != null && at.inObject()) {
            at = at.getParent();
        }
        for (; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                segments.push("[" + Math.max(at.getCurrentIndex(), 0) + "]");
            } else if (at.getCurrentName() != null) {
                segments.push("." + at.getCurrentName());
            }
        }
        String path = String.join("", segments);
        path = path.startsWith(".") ? path.substring(1) : path;
        return path.isEmpty() ? "body" : path;
    }
}
