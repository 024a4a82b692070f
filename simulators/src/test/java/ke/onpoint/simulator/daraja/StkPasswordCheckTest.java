package ke.onpoint.simulator.daraja;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The simulator checks an STK Password against Daraja's published example, not against the gateway's encoder. */
class StkPasswordCheckTest {

    private static final String SHORTCODE = "174379";
    private static final String PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
    private static final String TIMESTAMP = "20160216165627";
    /** Safaricom's worked example for that shortcode, passkey and timestamp. */
    private static final String PUBLISHED_PASSWORD =
            "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMTYwMjE2MTY1NjI3";

    @Test
    void acceptsDarajasPublishedExample() {
        StkRequestValidator.Query query = StkRequestValidator.query(query(PUBLISHED_PASSWORD), this::passkey, sentAt());
        assertThat(query.businessShortCode()).isEqualTo(SHORTCODE);
    }

    @Test
    void refusesATruncatedSwappedOrMistimedPassword() {
        for (String wrong : new String[] {
            PUBLISHED_PASSWORD.substring(0, PUBLISHED_PASSWORD.length() - 1), // truncated
            StkPasswords.password(SHORTCODE, PASSKEY, "20160216165628"), // another second
            StkPasswords.password(PASSKEY, SHORTCODE, TIMESTAMP), // parts swapped
            "not base64 at all!"
        }) {
            assertThatThrownBy(() -> StkRequestValidator.query(query(wrong), this::passkey, sentAt()))
                    .as(wrong)
                    .isInstanceOf(DarajaException.class)
                    .hasMessageContaining("Wrong credentials");
        }
    }

    private String passkey(String shortCode) {
        return SHORTCODE.equals(shortCode) ? PASSKEY : null;
    }

    private static java.time.Instant sentAt() {
        return LocalDateTime.of(2016, 2, 16, 16, 56, 27)
                .atZone(ZoneId.of("Africa/Nairobi"))
                .toInstant();
    }

    private static ObjectNode query(String password) {
        return new ObjectMapper()
                .createObjectNode()
                .put("BusinessShortCode", SHORTCODE)
                .put("Password", password)
                .put("Timestamp", TIMESTAMP)
                .put("CheckoutRequestID", "ws_CO_191220191020363925");
    }
}
