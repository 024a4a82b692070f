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

    private final DarajaProperties daraja;
    private final ResourceLoader resources;
    private volatile PublicKey publicKey;

    public SecurityCredential(DarajaProperties daraja, ResourceLoader resources) {
        this.daraja = daraja;
        this.resources = resources;
    }

    /** The configured initiator's password, encrypted for Daraja. */
    public String current() {
        if (daraja.initiatorPassword() == null || daraja.initiatorPassword().isBlank()) {
            throw new IllegalStateException("MPESA_INITIATOR_PASSWORD is not set: M-Pesa reversals and status queries are off");
        }
        return encrypt(daraja.initiatorPassword(), key());
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

    private PublicKey key() {
        PublicKey key = publicKey;
        if (key == null) {
            try (InputStream in = resources.getResource(daraja.certificate()).getInputStream()) {
                key = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot read the Daraja certificate " + daraja.certificate(), e);
            }
            publicKey = key;
        }
        return key;
    }
}
