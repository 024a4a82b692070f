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
 * that finds it refused fetches a replacement the other then takes instead of fetching its own; an instance configured
 * as another Daraja app never takes it. The simulator issues a new random token per OAuth call, so an equal token is
 * one taken from the database, not fetched.
 */
class DarajaSharedTokenIT extends GatewayTest {

    private static final String PROFILE = DarajaProfiles.LIVE;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    DarajaProperties properties;

    @Autowired
    DarajaProfiles profiles;

    @Autowired
    DarajaTestProperties sandbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    FieldCipher cipher;

    /** What a second instance has: its own memory, the same database and Daraja. */
    private DarajaAccessTokens instance() {
        return instance(profiles);
    }

    private DarajaAccessTokens instance(DarajaProfiles configured) {
        return new DarajaAccessTokens(producer, configured, properties, jdbc, transactions, cipher);
    }

    private String credential() {
        return profiles.named(PROFILE).credential();
    }

    private String stored(String credential) {
        return jdbc.queryForObject(
                "SELECT token FROM daraja_access_tokens WHERE credential = ?", String.class, credential);
    }

    @Test
    void instancesShareOneTokenAndTakeTheReplacementOfARefusedOne() {
        jdbc.update("DELETE FROM daraja_access_tokens WHERE credential = ?", credential());
        DarajaAccessTokens first = instance();
        DarajaAccessTokens second = instance();

        String issued = first.current(PROFILE);
        assertThat(second.current(PROFILE)).isEqualTo(issued);
        // kept encrypted, bound to its column
        String stored = stored(credential());
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
                "INSERT INTO daraja_access_tokens (credential, profile, token, refresh_at) VALUES (?, ?, "
                        + "'v1:gone:AAAA', now() + interval '1 hour') ON CONFLICT (credential) DO UPDATE SET "
                        + "token = EXCLUDED.token, refresh_at = EXCLUDED.refresh_at",
                credential(),
                PROFILE);

        String token = instance().current(PROFILE);

        assertThat(token).isNotBlank();
        assertThat(cipher.decrypt(DarajaAccessTokens.COLUMN, stored(credential())))
                .isEqualTo(token);
    }

    @Test
    void aTokenOfAnotherDarajaAppIsNeverTaken() {
        String ours = instance().current(PROFILE);
        DarajaProfiles anotherApp = new DarajaProfiles(properties, sandbox) {
            @Override
            public DarajaProfile named(String name) {
                DarajaProfile p = super.named(name);
                return new DarajaProfile(
                        p.name(),
                        p.env(),
                        p.baseUrl(),
                        "another-consumer-key",
                        p.consumerSecret(),
                        p.shortcode(),
                        p.passkey(),
                        p.transactionType(),
                        p.partyB(),
                        p.initiatorName(),
                        p.initiatorPassword(),
                        p.certificate());
            }
        };
        String otherCredential = anotherApp.named(PROFILE).credential();
        assertThat(otherCredential).isNotEqualTo(credential()).doesNotContain("another-consumer-key");

        String theirs = instance(anotherApp).current(PROFILE);

        assertThat(theirs).as("fetched, not taken from the other app's row").isNotEqualTo(ours);
        assertThat(cipher.decrypt(DarajaAccessTokens.COLUMN, stored(otherCredential)))
                .isEqualTo(theirs);
        assertThat(cipher.decrypt(DarajaAccessTokens.COLUMN, stored(credential())))
                .as("the first app's token is left alone")
                .isEqualTo(ours);
    }

    @Test
    void whenDarajaRevokesEveryTokenAPaymentStillGoesThroughOnOneNewToken() {
        String key = newMerchantKey();
        assertThat(initiate(key, mpesaBody("0712345616", uniqueReference())).status())
                .isEqualTo(201);
        // another instance stores a newer token than the one this instance holds in memory
        DarajaAccessTokens other = instance();
        other.invalidate(PROFILE, other.current(PROFILE));
        other.current(PROFILE);
        long tokensBefore = darajaTokenRequests();
        post("/sim/daraja/__sim/oauth/expire-tokens", null, "{}", java.util.Map.of());

        // refused, then the other instance's token refused too, then one fetched anew
        Reply created = initiate(key, mpesaBody("0712345617", uniqueReference()));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(darajaTokenRequests()).isEqualTo(tokensBefore + 1);
    }
}
