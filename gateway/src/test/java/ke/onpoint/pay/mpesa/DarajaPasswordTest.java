package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class DarajaPasswordTest {

    private static final String SHORTCODE = "174379";
    private static final String SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
    private static final Instant AT = Instant.parse("2024-01-16T21:30:05Z");

    @Test
    void timestampIsEastAfricaTimeWithoutSeparators() {
        assertThat(DarajaPassword.at(AT, SHORTCODE, SANDBOX_PASSKEY).timestamp())
                .isEqualTo("20240117003005");
    }

    @Test
    void passwordMatchesHandComputedSandboxVector() {
        // base64("174379" + passkey + "20240117003005"), computed independently with Python's base64 module
        assertThat(DarajaPassword.at(AT, SHORTCODE, SANDBOX_PASSKEY).password())
                .isEqualTo(
                        "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjQwMTE3MDAzMDA1");
    }

    @Test
    void passwordEmbedsExactlyTheTimestampField() {
        DarajaPassword password = DarajaPassword.at(Instant.parse("2025-06-30T20:59:59Z"), SHORTCODE, SANDBOX_PASSKEY);
        String decoded = new String(Base64.getDecoder().decode(password.password()), StandardCharsets.UTF_8);

        assertThat(password.timestamp()).isEqualTo("20250630235959");
        assertThat(decoded).isEqualTo(SHORTCODE + SANDBOX_PASSKEY + password.timestamp());
    }

    @Test
    void timestampRollsOverToTheNextDayAtTwentyOneUtc() {
        assertThat(DarajaPassword.at(Instant.parse("2024-12-31T21:00:00Z"), SHORTCODE, SANDBOX_PASSKEY)
                        .timestamp())
                .isEqualTo("20250101000000");
        assertThat(DarajaPassword.at(Instant.parse("2024-12-31T20:59:59Z"), SHORTCODE, SANDBOX_PASSKEY)
                        .timestamp())
                .isEqualTo("20241231235959");
    }

    @Test
    void encodeIsBase64OfTheConcatenation() {
        assertThat(DarajaPassword.encode("1", "2", "3")).isEqualTo("MTIz");
    }
}
