package ke.onpoint.pay.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Encryption at rest: AES-256-GCM under the master key ({@code ONPOINT_MASTER_KEY}). A stored value reads
 * {@code v1:<key id>:<base64 of 12-byte nonce + ciphertext + tag>}; the key id (the first 4 bytes of the key's
 * SHA-256) says which key wrote it, so after a rotation values under a previous key still decrypt until the
 * re-encrypt command has moved them. The column's name is bound in as associated data: a value copied into another
 * column does not decrypt. Values without the prefix (written before encryption existed) read as they are.
 *
 * <p>Look-ups use {@link #lookupHash}: an HMAC-SHA256 under a key derived from the master key, never the plaintext.
 */
@Component
public class FieldCipher {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey current;
    /** Every key that may have written a value, by id: the current one first. */
    private final Map<String, MasterKey> keys = new LinkedHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public FieldCipher(SecurityProperties properties) {
        this(properties.masterKey(), properties.previousMasterKeys());
    }

    public FieldCipher(String masterKey, List<String> previousKeys) {
        this.current = MasterKey.parse(masterKey, "ONPOINT_MASTER_KEY");
        keys.put(current.id(), current);
        for (String previous : previousKeys) {
            MasterKey key = MasterKey.parse(previous, "ONPOINT_PREVIOUS_MASTER_KEYS");
            keys.putIfAbsent(key.id(), key);
        }
    }

    record MasterKey(String id, SecretKeySpec aes, byte[] lookupKey) {
        static MasterKey parse(String base64, String variable) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(base64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(variable + " is not base64", e);
            }
            if (raw.length != 32) {
                throw new IllegalStateException(
                        variable + " must be 32 bytes (base64 of 32 random bytes), not " + raw.length);
            }
            String id = HexFormat.of().formatHex(Sha256.of(raw), 0, 4);
            return new MasterKey(
                    id, new SecretKeySpec(raw, "AES"), hmac(raw, "onpoint-lookup-v1".getBytes(StandardCharsets.UTF_8)));
        }
    }

    public String currentKeyId() {
        return current.id();
    }

    /** The value encrypted under the current key for this column; null stays null. */
    public String encrypt(String column, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current.aes(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
            return PREFIX + current.id() + ":"
                    + Base64.getEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The plaintext of a stored value of this column; a value from before encryption is returned as it is. */
    public String decrypt(String column, String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        MasterKey key = colon < 0 ? null : keys.get(stored.substring(PREFIX.length(), colon));
        if (key == null) {
            throw new IllegalStateException(
                    "A value in " + column + " was encrypted under a master key this instance does "
                            + "not have; add it to ONPOINT_PREVIOUS_MASTER_KEYS");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(column.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A value in " + column + " does not decrypt: tampered with or moved", e);
        }
    }

    /** Whether a stored value needs the re-encrypt command: plaintext, or under a previous key. */
    public boolean stale(String stored) {
        return stored != null && !stored.startsWith(PREFIX + current.id() + ":");
    }

    /** The keyed hash of a value under the current key (what is stored beside it for look-ups). */
    public byte[] lookupHash(String value) {
        return value == null ? null : hmac(current.lookupKey(), value.getBytes(StandardCharsets.UTF_8));
    }

    /** The keyed hash under every known key: a look-up still finds rows written before a rotation. */
    public List<byte[]> lookupHashes(String value) {
        List<byte[]> hashes = new ArrayList<>();
        keys.values().forEach(key -> hashes.add(hmac(key.lookupKey(), value.getBytes(StandardCharsets.UTF_8))));
        return hashes;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
