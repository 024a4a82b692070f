package ke.onpoint.pay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Text PostgreSQL cannot store (NUL, invalid UTF-8, lone surrogates) is refused up front, naming the field. */
class InputTextTest {

    private static Optional<ApiProblem> refusal(String body) {
        return InputText.refusal(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void escapedNulInAJsonStringIsRefusedNamingTheField() {
        ApiProblem problem =
                refusal("{\"amount\":100,\"description\":\"a\\u0000b\"}").orElseThrow();
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("description");
    }

    @Test
    void escapedNulInANestedKeyOrArrayIsRefusedNamingItsPath() {
        assertThat(refusal("{\"metadata\":{\"a\\u0000\":\"x\"}}").orElseThrow().errors())
                .extracting(FieldError::field)
                .containsExactly("metadata");
        assertThat(refusal("{\"Body\":{\"Item\":[{\"Value\":1},{\"Value\":\"\\u0000\"}]}}")
                        .orElseThrow()
                        .errors())
                .extracting(FieldError::field)
                .containsExactly("Body.Item[1].Value");
    }

    @Test
    void loneSurrogateEscapesAreRefusedButPairsAreText() {
        assertThat(refusal("{\"description\":\"a\\ud800b\"}").orElseThrow().errors())
                .extracting(FieldError::message)
                .containsExactly("must not contain an unpaired UTF-16 surrogate");
        assertThat(refusal("{\"description\":\"\\udc00\"}")).isPresent();
        assertThat(refusal("{\"description\":\"smile \\ud83d\\ude00 and \uD83D\uDE00\"}"))
                .isEmpty();
    }

    @Test
    void rawNulByteAndInvalidUtf8AreA400NamingTheBody() {
        ApiProblem nul = refusal("{\"description\":\"a\0b\"}").orElseThrow();
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.errors()).extracting(FieldError::field).containsExactly("body");
        byte[] latin1 = {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};
        assertThat(InputText.refusal(latin1).orElseThrow().status()).isEqualTo(400);
        byte[] encodedSurrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
        assertThat(InputText.refusal(encodedSurrogate)).isPresent();
    }

    @Test
    void ordinaryAndMalformedJsonPassToTheRoute() {
        assertThat(refusal("{\"business_name\":\"Nyama Choma & Co — Nairobi\",\"n\":[1,2]}"))
                .isEmpty();
        assertThat(refusal("{\"amount\": 100,")).isEmpty();
        assertThat(refusal("not json at all")).isEmpty();
        assertThat(refusal("[".repeat(1500) + "]".repeat(1500))).isEmpty();
    }
}
