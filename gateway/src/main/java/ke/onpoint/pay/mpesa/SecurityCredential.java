package ke.onpoint.pay.mpesa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import javax.crypto.Cipher;

import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;

/**
 * Daraja's SecurityCredential: the initiator password RSA-encrypted with the public key of Safaricom's certificate
 * (PKCS#1 v1.5 padding, not OAEP), base64. The certificate is configuration: sandbox, production, or the simulator's.
 * A credential is random each time (the padding is), so it is built per request.
 */
@Component
public class SecurityCredential {

    private final ResourceLoader resources;
    /** Public keys by certificate location: each profile has its Daraja's certificate. */
    private final java.util.Map<String, PublicKey> keys = new java.util.concurrent.ConcurrentHashMap<>();

    public SecurityCredential(ResourceLoader resources) {
        this.resources = resources;
    }

    /** The profile's initiator password, encrypted for that Daraja. */
    public String current(DarajaProfile profile) {
        if (profile.initiatorPassword() == null || profile.initiatorPassword().isBlank()) {
            throw new IllegalStateException(
                    "No initiator password for the " + profile.name() + " Daraja profile "
                            + "(MPESA_INITIATOR_PASSWORD / MPESA_TEST_INITIATOR_PASSWORD): M-Pesa reversals and status queries are off");
        }
        return encrypt(profile.initiatorPassword(), key(profile.certificate()));
    }

    public static String encrypt(String password, PublicKey key) {
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, key);
            return Base64.getEncoder().encodeToString(rsa.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not build the SecurityCredential", e);
        }
    }

    private PublicKey key(String certificate) {
        if (certificate == null || certificate.isBlank()) {
            throw new IllegalStateException(
                    "No Daraja certificate configured (MPESA_CERTIFICATE / MPESA_TEST_CERTIFICATE)");
        }
        return keys.computeIfAbsent(certificate, location -> {
            try (InputStream in = resources.getResource(location).getInputStream()) {
                return CertificateFactory.getInstance("X.509")
                        .generateCertificate(in)
                        .getPublicKey();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot read the Daraja certificate " + location, e);
            }
        });
    }
}
