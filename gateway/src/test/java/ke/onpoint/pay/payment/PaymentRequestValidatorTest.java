package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.Map;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentRequestValidatorTest {

    private static final ApiJson JSON = new ApiJson();
    private final PaymentRequestValidator validator = new PaymentRequestValidator();

    private InitiatePayment validate(String body) {
        return validator.validate(JSON.readObject(body));
    }

    private ApiProblem problem(String body) {
        ApiProblem problem = catchThrowableOfType(() -> validate(body), ApiProblem.class);
        assertThat(problem).as("validation problem for %s", body).isNotNull();
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.type()).isEqualTo("validation-error");
        return problem;
    }

    /** A valid minimal body with one field replaced (raw JSON value) or removed (null). */
    private static String minimalWith(String field, String rawJson) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("payment_method", "\"mpesa\"");
        fields.put("amount", "100");
        fields.put("phone", "\"0712345678\"");
        fields.put("reference", "\"INV-2024-001\"");
        if (rawJson == null) {
            fields.remove(field);
        } else {
            fields.put(field, rawJson);
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        return json.append('}').toString();
    }

    @Test
    void fullValidBodyBecomesAnInitiatePayment() {
        InitiatePayment payment = validate("""
                {"payment_method":"mpesa","amount":100.00,"currency":"KES","phone":"+254 712 345 678",
                 "email":"buyer@example.com","reference":"INV-2024-001","description":"Order 42",
                 "callback_url":"https://merchant.example/hooks/onpoint","metadata":{"order_id":42,"tags":["a","b"]}}
                """);

        assertThat(payment)
                .isEqualTo(new InitiatePayment(
                        PaymentMethod.MPESA,
                        10_000L,
                        "KES",
                        "254712345678",
                        "buyer@example.com",
                        "INV-2024-001",
                        "Order 42",
                        "https://merchant.example/hooks/onpoint",
                        "{\"order_id\":42,\"tags\":[\"a\",\"b\"]}"));
    }

    @Test
    void minimalBodyDefaultsCurrencyToKesAndLeavesOptionalsNull() {
        InitiatePayment payment = validate(minimalWith("amount", "1"));

        assertThat(payment.currency()).isEqualTo("KES");
        assertThat(payment.amountMinor()).isEqualTo(100L);
        assertThat(payment.phone()).isEqualTo("254712345678");
        assertThat(payment.email()).isNull();
        assertThat(payment.description()).isNull();
        assertThat(payment.callbackUrl()).isNull();
        assertThat(payment.metadataJson()).isNull();
    }

    @Test
    void emptyCurrencyIsRefusedNotTakenAsKes() {
        assertThat(problem(minimalWith("currency", "\"\"")).errors())
                .containsExactly(new FieldError("currency", "must not be empty"));
        assertThat(problem(minimalWith("currency", "\"  \"")).errors())
                .extracting(FieldError::field)
                .containsExactly("currency");
    }

    @Test
    void callbackUrlWithCredentialsIsRefused() {
        assertThat(problem(minimalWith("callback_url", "\"https://user:pass@merchant.example/hook\""))
                        .errors())
                .extracting(FieldError::field)
                .containsExactly("callback_url");
    }

    @Test
    void textFieldsAreTrimmedAndNullOptionalsIgnored() {
        InitiatePayment payment = validate("""
                {"payment_method":" mpesa ","amount":250000,"currency":null,"phone":"0112345678",
                 "reference":"  INV-9  ","email":null,"description":"   ","metadata":null}
                """);

        assertThat(payment.merchantReference()).isEqualTo("INV-9");
        assertThat(payment.amountMinor()).isEqualTo(25_000_000L);
        assertThat(payment.phone()).isEqualTo("254112345678");
        assertThat(payment.currency()).isEqualTo("KES");
        assertThat(payment.description()).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "ABSENT",
            value = {
                "payment_method | ABSENT",
                "payment_method | '\"\"'",
                "payment_method | '\"bitcoin\"'",
                "payment_method | 1",
                "amount         | ABSENT",
                "amount         | null",
                "amount         | '\"100\"'",
                "amount         | 0",
                "amount         | -5",
                "amount         | 10.5",
                "amount         | 0.5",
                "amount         | 250001",
                "amount         | 2000000000",
                "amount         | true",
                "currency       | '\"USD\"'",
                "currency       | '\"kes\"'",
                "currency       | '\"KSH1\"'",
                "currency       | 404",
                "phone          | ABSENT",
                "phone          | '\"\"'",
                "phone          | '\"0201234567\"'",
                "phone          | '\"+255712345678\"'",
                "phone          | '\"07123456ab\"'",
                "phone          | 712345678",
                "email          | '\"not-an-email\"'",
                "email          | '\"a@b\"'",
                "email          | 42",
                "reference      | ABSENT",
                "reference      | '\"   \"'",
                "reference      | '\"-INV-1\"'",
                "reference      | '\"INV 1\"'",
                "reference      | '\"INV-1?x=1\"'",
                "callback_url   | '\"ftp://merchant.example/hook\"'",
                "callback_url   | '\"/relative/hook\"'",
                "callback_url   | '\"http://\"'",
                "callback_url   | '\"not a url\"'",
                "metadata       | '\"order 42\"'",
                "metadata       | '[1,2]'",
            })
    void eachInvalidFieldIsReportedByName(String field, String rawJson) {
        ApiProblem problem = problem(minimalWith(field, rawJson));

        assertThat(problem.errors()).extracting(FieldError::field).containsExactly(field);
        assertThat(problem.detail()).startsWith(field + ": ");
    }

    @Test
    void missingRequiredFieldSaysItIsRequired() {
        assertThat(problem(minimalWith("reference", null)).errors())
                .containsExactly(new FieldError("reference", "is required"));
    }

    @Test
    void centsOnMpesaAreExplained() {
        assertThat(problem(minimalWith("amount", "100.50")).errors())
                .containsExactly(new FieldError("amount", "M-Pesa takes whole shillings only (no cents)"));
    }

    @Test
    void usdOnMpesaIsRefused() {
        assertThat(problem(minimalWith("currency", "\"USD\"")).errors())
                .containsExactly(new FieldError("currency", "M-Pesa payments are in KES only"));
    }

    @Test
    void unsupportedMethodListsTheSupportedOnes() {
        assertThat(problem(minimalWith("payment_method", "\"bitcoin\""))
                        .errors()
                        .get(0)
                        .message())
                .isEqualTo("'bitcoin' is not supported; supported methods: mpesa, card");
    }

    @Test
    void referenceOfSixtyFourCharactersIsValidAndSixtyFiveIsNot() {
        assertThat(validate(minimalWith("reference", "\"" + "R".repeat(64) + "\""))
                        .merchantReference())
                .hasSize(64);
        assertThat(problem(minimalWith("reference", "\"" + "R".repeat(65) + "\""))
                        .errors())
                .extracting(FieldError::field)
                .containsExactly("reference");
    }

    @Test
    void descriptionOfHundredCharactersIsValidAndHundredAndOneIsNot() {
        assertThat(validate(minimalWith("description", "\"" + "d".repeat(100) + "\""))
                        .description())
                .hasSize(100);
        assertThat(problem(minimalWith("description", "\"" + "d".repeat(101) + "\""))
                        .errors())
                .containsExactly(new FieldError("description", "must be at most 100 characters"));
    }

    @Test
    void metadataOverFourKilobytesIsRefused() {
        String big = "{\"blob\":\"" + "x".repeat(4096) + "\"}";
        assertThat(problem(minimalWith("metadata", big)).errors())
                .extracting(FieldError::field)
                .containsExactly("metadata");
    }

    @Test
    void overlongCallbackUrlIsRefused() {
        String url = "\"https://merchant.example/" + "a".repeat(2048) + "\"";
        assertThat(problem(minimalWith("callback_url", url)).errors())
                .extracting(FieldError::field)
                .containsExactly("callback_url");
    }

    @Test
    void severalInvalidFieldsAreReportedTogetherInFieldOrder() {
        ApiProblem problem = problem("""
                {"payment_method":"mpesa","amount":"ten","currency":"usd","phone":"12345","email":"nobody",
                 "reference":"","description":"%s","callback_url":"mailto:x@y.z","metadata":"x"}
                """.formatted("d".repeat(101)));

        assertThat(problem.errors())
                .extracting(FieldError::field)
                .containsExactly(
                        "currency", "amount", "phone", "email", "reference", "description", "callback_url", "metadata");
        assertThat(problem.detail()).isEqualTo("8 fields are invalid");
    }

    @Test
    void emptyObjectReportsEveryRequiredField() {
        ApiProblem problem = problem("{}");

        assertThat(problem.errors())
                .extracting(FieldError::field)
                .containsExactly("payment_method", "amount", "reference");
        assertThat(problem.errors()).allSatisfy(e -> assertThat(e.message()).isEqualTo("is required"));
    }

    @Test
    void phoneIsRequiredForMpesaEvenWhenOtherFieldsFail() {
        ApiProblem problem = problem("{\"payment_method\":\"mpesa\",\"amount\":100}");

        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("phone", "reference");
    }
}
