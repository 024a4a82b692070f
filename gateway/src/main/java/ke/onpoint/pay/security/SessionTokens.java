package ke.onpoint.pay.security;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.stereotype.Component;

/**
 * The dashboard's tokens: HS256 JWTs signed with {@code SECRET_KEY}. An access token is short-lived and names the
 * user; a refresh token carries a jti and a family that the database tracks (see {@code RefreshTokens}).
 * The token type is a claim, so neither can stand in for the other.
 */
@Component
public class SessionTokens {

    static final String ISSUER = "onpoint-pay";
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final SecurityProperties properties;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    public SessionTokens(SecurityProperties properties) {
        this(properties, Clock.systemUTC());
    }

    SessionTokens(SecurityProperties properties, Clock clock) {
        try {
            byte[] key = properties.secretKey().getBytes(StandardCharsets.UTF_8);
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("SECRET_KEY is not usable as an HS256 key: " + e.getMessage(), e);
        }
        this.properties = properties;
        this.clock = clock;
    }

    public record Claims(String subject, String type, String jti, String family, Instant expiresAt) {}

    public String access(String userPublicId) {
        return sign(
                userPublicId,
                "access",
                UUID.randomUUID().toString(),
                null,
                clock.instant().plus(properties.accessTokenTtl()));
    }

    public String refresh(String userPublicId, String jti, String family, Instant expiresAt) {
        return sign(userPublicId, "refresh", jti, family, expiresAt);
    }

    /** The claims of a token of this type that is well signed and not expired; empty otherwise. */
    public Optional<Claims> verify(String token, String type) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer())
                    || !type.equals(claims.getStringClaim("typ"))
                    || expires == null
                    || !expires.toInstant().isAfter(clock.instant())
                    || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Claims(
                    claims.getSubject(), type, claims.getJWTID(), claims.getStringClaim("fam"), expires.toInstant()));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private String sign(String subject, String type, String jti, String family, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .jwtID(jti)
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(expiresAt))
                .claim("typ", type);
        if (family != null) {
            claims.claim("fam", family);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return jwt.serialize();
    }
}
