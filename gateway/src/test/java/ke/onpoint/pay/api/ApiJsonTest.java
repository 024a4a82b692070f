package ke.onpoint.pay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Jackson's limit errors carry no location: they are a 400 problem, not a NullPointerException. */
class ApiJsonTest {

    private final ApiJson json = new ApiJson();

    private ApiProblem refusal(String body) {
        return catchThrowableOfType(() -> json.readObject(body), ApiProblem.class);
    }

    @Test
    void jsonNestedDeeperThanJacksonsLimitIsA400NotANullPointer() {
        ApiProblem problem = refusal("[".repeat(1500) + "]".repeat(1500));
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).extracting(FieldError::field).containsExactly("body");
        assertThat(refusal("{\"a\":" + "{\"a\":".repeat(1500) + "1" + "}".repeat(1501))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void numberLongerThanJacksonsLimitIsA400NotANullPointer() {
        assertThat(refusal("{\"amount\":" + "1".repeat(2000) + "}").status()).isEqualTo(400);
        assertThat(refusal("{\"amount\":1." + "1".repeat(2000) + "}").status()).isEqualTo(400);
    }

    @Test
    void malformedJsonStillNamesWhereItBroke() {
        assertThat(refusal("{\"amount\": 100,").detail()).startsWith("Malformed JSON at line 1");
    }
}
