package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** {@code expires_in} of Daraja's OAuth answer. */
class DarajaAccessTokensTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void numberIsTakenAsIs() throws Exception {
        assertThat(DarajaAccessTokens.expiresIn(
                        new ObjectMapper().readTree("{\"expires_in\":3599}").get("expires_in")))
                .isEqualTo(3599);
    }

    @Test
    void otherNumbersAreNotReplacedByTheDefault() {
        assertThat(DarajaAccessTokens.expiresIn(NODES.numberNode(120))).isEqualTo(120);
    }

    @Test
    void numericStringIsParsed() {
        assertThat(DarajaAccessTokens.expiresIn(NODES.textNode("3599"))).isEqualTo(3599);
        assertThat(DarajaAccessTokens.expiresIn(NODES.textNode("600"))).isEqualTo(600);
    }

    @Test
    void paddedNumericStringIsParsed() {
        assertThat(DarajaAccessTokens.expiresIn(NODES.textNode(" 3599 "))).isEqualTo(3599);
    }

    @Test
    void garbageFallsBackToTheDefault() {
        assertThat(DarajaAccessTokens.expiresIn(NODES.textNode("soon"))).isEqualTo(3599);
        assertThat(DarajaAccessTokens.expiresIn(NODES.textNode(""))).isEqualTo(3599);
        assertThat(DarajaAccessTokens.expiresIn(NODES.booleanNode(true))).isEqualTo(3599);
    }

    @Test
    void absentOrNullFallsBackToTheDefault() {
        assertThat(DarajaAccessTokens.expiresIn(null)).isEqualTo(3599);
        assertThat(DarajaAccessTokens.expiresIn(NODES.nullNode())).isEqualTo(3599);
    }
}
