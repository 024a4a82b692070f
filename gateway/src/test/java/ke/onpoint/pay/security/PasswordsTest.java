package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    private final Passwords passwords = new Passwords();

    /** The decoy must cost what a real check costs: the same algorithm and parameters as a fresh hash. */
    @Test
    void theDecoyHashHasTheParametersOfAFreshHash() {
        String fresh = passwords.hash("a-real-password-123");
        assertThat(passwords.needsUpgrade(Passwords.DECOY)).isFalse();
        assertThat(Passwords.DECOY.substring(0, Passwords.DECOY.lastIndexOf('$', Passwords.DECOY.lastIndexOf('$') - 1)))
                .isEqualTo(fresh.substring(0, fresh.lastIndexOf('$', fresh.lastIndexOf('$') - 1)));
    }

    @Test
    void anAccountWithoutAPasswordNeverMatches() {
        assertThat(passwords.matches("decoy-password-for-unknown-accounts", null))
                .isFalse();
        assertThat(passwords.matches("a-real-password-123", passwords.hash("a-real-password-123")))
                .isTrue();
    }
}
