package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import ke.onpoint.pay.security.FieldCipher;
import ke.onpoint.pay.support.GatewayTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two gateway instances share one Daraja token (Daraja invalidates the previous token when it issues one), and the one
 * that finds it refused fetches a replacement the other then takes instead of fetching its own. The simulator issues a
 * new random token per OAuth call, so an equal token is one taken from the database, not fetched.
 */
class DarajaSharedTokenIT extends GatewayTest {

    private static final String PROFILE = DarajaProfiles.LIVE;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    DarajaProperties properties;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    FieldCipher cipher;

    /** What a second instance has: its own memory, the same database and Daraja. */
    private DarajaAccessTokens instance() {
        return new DarajaAccessTokens(producer, properties, jdbc, transactions, cipher);
    }

    @Test
    void instancesShareOneTokenAndTakeTheReplacementOfARefusedOne() {
        jdbc.update("DELETE FROM daraja_access_tokens WHERE profile = ?", PROFILE);
        DarajaAccessTokens first = instance();
        DarajaAccessTokens second = instance();

        String issued = first.current(PROFILE);
        assertThat(second.current(PROFILE)).isEqualTo(issued);
        // kept encrypted, bound to its column
        String stored =
                jdbc.queryForObject("SELECT token FROM daraja_access_tokens WHERE profile = ?", String.class, PROFILE);
        assertThat(stored).doesNotContain(issued);
        assertThat(cipher.decrypt(DarajaAccessTokens.COLUMN, stored)).isEqualTo(issued);

        // Daraja refuses it to the first instance: a new one, stored for the other
        first.invalidate(PROFILE, issued);
        String replacement = first.current(PROFILE);
        assertThat(replacement).isNotEqualTo(issued);
        assertThat(second.current(PROFILE))
                .as("still in its memory until refused")
                .isEqualTo(issued);

        second.invalidate(PROFILE, issued);
        assertThat(second.current(PROFILE))
                .as("taken from the database, not fetched")
                .isEqualTo(replacement);
        assertThat(first.current(PROFILE)).isEqualTo(replacement);
    }

    @Test
    void aStoredTokenThatDoesNotDecryptIsReplaced() {
        jdbc.update(
                "INSERT INTO daraja_access_tokens (profile, token, refresh_at) VALUES (?, 'v1:gone:AAAA', "
                        + "now() + interval '1 hour') ON CONFLICT (profile) DO UPDATE SET token = EXCLUDED.token, "
                        + "refresh_at = EXCLUDED.refresh_at",
                PROFILE);

        String token = instance().current(PROFILE);

        assertThat(token).isNotBlank();
        assertThat(cipher.decrypt(
                        DarajaAccessTokens.COLUMN,
                        jdbc.queryForObject(
                                "SELECT token FROM daraja_access_tokens WHERE profile = ?", String.class, PROFILE)))
                .isEqualTo(token);
    }
}
