package ke.onpoint.simulator.daraja;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Checks Initiator + SecurityCredential the way Safaricom does (reference §1.9): the credential is
 * base64(RSA/ECB/PKCS1Padding(initiator password)) under the simulator certificate's public key, so it is decrypted
 * with the matching private key and compared with the configured password. A credential that is not base64, does not
 * decrypt, or decrypts to another password is simply "not accepted"; callers turn that into ResultCode 2001.
 */
@Component
@ConditionalOnDarajaSimulator
public class SecurityCredentials {

    static final String CIPHER = "RSA/ECB/PKCS1Padding";

    private final DarajaAccountProperties properties;
    private final PrivateKey privateKey;

    public SecurityCredentials(DarajaAccountProperties properties) {
        this.properties = properties;
        this.privateKey = load(properties.privateKey());
    }

    /** True when the initiator is the configured one and the credential decrypts to its password. */
    public boolean accepts(String initiator, String securityCredential) {
        if (initiator == null || !initiator.equals(properties.initiatorName()) || securityCredential == null) {
            return false;
        }
        byte[] decrypted;
        try {
            byte[] encrypted = Base64.getMimeDecoder().decode(securityCredential.trim());
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, privateKey);
            decrypted = cipher.doFinal(encrypted);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
        return MessageDigest.isEqual(decrypted, properties.initiatorPassword().getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey load(String location) {
        try (InputStream in = new ClassPathResource(location).getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalStateException(location + " is not an unencrypted PKCS#8 PEM private key");
            }
            String base64 =
                    pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "cannot load the Daraja simulator private key from classpath:" + location, e);
        }
    }
}
