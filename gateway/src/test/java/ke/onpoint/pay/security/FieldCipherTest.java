package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class FieldCipherTest {

    static final String OLD = Base64.getEncoder().encodeToString("old-master-key-of-32-bytes-long!".getBytes());
    static final String NEW = Base64.getEncoder().encodeToString("new-master-key-of-32-bytes-long!".getBytes());

    @Test
    void encryptsWithAFreshNonceAndReadsBack() {
        FieldCipher cipher = new FieldCipher(OLD, List.of());
        String a = cipher.encrypt("payments.phone", "254712345678");
        String b = cipher.encrypt("payments.phone", "254712345678");
        assertThat(a)
                .startsWith("v1:" + cipher.currentKeyId() + ":")
                .doesNotContain("712345678")
                .isNotEqualTo(b);
        assertThat(cipher.decrypt("payments.phone", a)).isEqualTo("254712345678");
        assertThat(cipher.encrypt("payments.phone", null)).isNull();
    }

    @Test
    void aValueMovedToAnotherColumnOrTamperedWithDoesNotDecrypt() {
        FieldCipher cipher = new FieldCipher(OLD, List.of());
        String phone = cipher.encrypt("payments.phone", "254712345678");
        assertThatThrownBy(() -> cipher.decrypt("payments.email", phone)).isInstanceOf(IllegalStateException.class);
        // one character of the ciphertext changed (not the last: its low bits may be padding the decoder drops)
        int at = phone.length() - 6;
        String tampered = phone.substring(0, at) + (phone.charAt(at) == 'A' ? 'B' : 'A') + phone.substring(at + 1);
        assertThatThrownBy(() -> cipher.decrypt("payments.phone", tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void afterARotationOldValuesStillReadAndAreStaleAndLookupsFindBoth() {
        FieldCipher before = new FieldCipher(OLD, List.of());
        String stored = before.encrypt("payments.phone", "254712345678");
        FieldCipher after = new FieldCipher(NEW, List.of(OLD));

        assertThat(after.currentKeyId()).isNotEqualTo(before.currentKeyId());
        assertThat(after.decrypt("payments.phone", stored)).isEqualTo("254712345678");
        assertThat(after.stale(stored)).isTrue();
        assertThat(after.stale(after.encrypt("payments.phone", "x"))).isFalse();
        assertThat(after.stale("254712345678")).isTrue(); // plaintext from before encryption
        assertThat(after.lookupHashes("254712345678"))
                .hasSize(2)
                .anySatisfy(h -> assertThat(h).isEqualTo(before.lookupHash("254712345678")))
                .anySatisfy(h -> assertThat(h).isEqualTo(after.lookupHash("254712345678")));
        // without the old key the value is unreadable, and says which variable to fix
        assertThatThrownBy(() -> new FieldCipher(NEW, List.of()).decrypt("payments.phone", stored))
                .hasMessageContaining("ONPOINT_PREVIOUS_MASTER_KEYS");
    }

    @Test
    void plaintextFromBeforeEncryptionReadsAsItIs() {
        assertThat(new FieldCipher(OLD, List.of()).decrypt("payments.phone", "254712345678"))
                .isEqualTo("254712345678");
    }

    @Test
    void aMasterKeyMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> new FieldCipher(Base64.getEncoder().encodeToString(new byte[16]), List.of()))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new FieldCipher("not base64!", List.of())).hasMessageContaining("base64");
    }

    @Test
    void theLookupHashIsKeyedNotAPlainDigest() {
        FieldCipher cipher = new FieldCipher(OLD, List.of());
        assertThat(cipher.lookupHash("254712345678"))
                .isNotEqualTo(Sha256.of("254712345678"))
                .isEqualTo(cipher.lookupHash("254712345678"));
    }
}
