package ke.onpoint.pay.dashboard.console;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.InputText;

/**
 * A console form as the JSON body its API twin takes, so the service applies its own rules to it (and names the same
 * fields when it refuses). Text the API would refuse before parsing (a NUL, a lone surrogate) is refused here the
 * same way, naming the field. Numbers are passed on as typed: what is not a number reaches the service as text, which
 * it refuses with its own message.
 */
final class FormBodies {

    /** A plain decimal, as typed in a form; thousands separators (1,500.00) and spaces are allowed. */
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");

    private FormBodies() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The field's text, trimmed; null when absent. */
    static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        InputText.defect(value).ifPresent(defect -> {
            throw ApiProblem.invalidField(field, defect);
        });
        return value.trim();
    }

    /** A number field: blank is null (the default), a number is a JSON number, anything else stays text. */
    static JsonNode number(String field, String value) {
        String typed = text(field, value);
        if (typed == null || typed.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        String plain = typed.replace(",", "").replace(" ", "");
        if (!NUMBER.matcher(plain).matches()) {
            return JsonNodeFactory.instance.textNode(typed);
        }
        BigDecimal number = new BigDecimal(plain);
        if (plain.contains(".")) {
            return JsonNodeFactory.instance.numberNode(number);
        }
        try {
            return JsonNodeFactory.instance.numberNode(number.longValueExact());
        } catch (ArithmeticException tooLarge) {
            return JsonNodeFactory.instance.textNode(typed); // refused by the service as out of range
        }
    }
}
