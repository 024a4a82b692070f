package ke.onpoint.pay.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** An unexpected failure is a 500 problem with an incident id; DEBUG adds what failed, never a stack trace. */
class ProblemResponsesTest {

    private static String answer(boolean debug) throws Exception {
        return answer(debug, new IllegalStateException("pool exhausted at db-7"));
    }

    private static String answer(boolean debug, Exception cause) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
            new ProblemResponses(new ApiJson(), new IdempotencyKeys(null), debug, null).unexpected(exchange);
            assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE))
                    .isEqualTo(500);
            assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo(ProblemResponses.PROBLEM_JSON);
            return exchange.getMessage().getBody(String.class);
        }
    }

    @Test
    void withoutDebugTheAnswerNamesOnlyTheIncident() throws Exception {
        String body = answer(false);
        assertThat(body)
                .contains("\"incident\"")
                .doesNotContain("pool exhausted")
                .doesNotContain("IllegalStateException")
                .doesNotContain("\tat ")
                .doesNotContain("ke.onpoint");
    }

    @Test
    void withDebugTheAnswerNamesTheKindOfFailureButCarriesNoStackTrace() throws Exception {
        String body = answer(true);
        assertThat(body)
                .contains("\"debug\":\"java.lang.IllegalStateException\"")
                .doesNotContain("pool exhausted")
                .doesNotContain("\\tat ")
                .doesNotContain("ProblemResponsesTest");
    }

    @Test
    void debugFieldOfA500NeverCarriesSqlOrData() throws Exception {
        var sqlFailure = new org.springframework.dao.DataIntegrityViolationException(
                "PreparedStatementCallback; SQL [INSERT INTO "
                        + "merchants (public_id, name, email) VALUES (?, ?, ?)]; ERROR: invalid byte sequence for encoding \"UTF8\": 0x00"
                        + " Where: unnamed portal parameter $2 = 'owner@acme.test'");
        for (boolean debug : new boolean[] {true, false}) {
            assertThat(answer(debug, sqlFailure))
                    .doesNotContain("SQL")
                    .doesNotContain("INSERT")
                    .doesNotContain("merchants")
                    .doesNotContain("owner@acme.test")
                    .doesNotContain("0x00");
        }
    }
}
