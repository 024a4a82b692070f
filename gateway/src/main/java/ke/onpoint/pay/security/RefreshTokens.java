package ke.onpoint.pay.security;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Rotating refresh tokens. Every refresh spends the token and issues the next of its family; presenting a spent
 * token again means someone kept a copy, so the whole family (the thief's and the user's sessions) is revoked.
 * Logging out revokes the family too.
 */
@Component
public class RefreshTokens {

    private final JdbcTemplate jdbc;
    private final SessionTokens tokens;
    private final SecurityProperties properties;

    public RefreshTokens(JdbcTemplate jdbc, SessionTokens tokens, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.properties = properties;
    }

    public record Pair(String access, String refresh) {}

    public record Rotation(Pair tokens, long userId, boolean reused) {}

    /** A new session: an access token and the first refresh token of a new family. */
    public Pair open(long userId, String userPublicId) {
        return new Pair(
                tokens.access(userPublicId),
                issue(userId, userPublicId, UUID.randomUUID().toString()));
    }

    /**
     * Spends a refresh token: the next pair of its family; {@code reused} when the token had been spent before
     * (the family is then revoked and no pair is issued); empty when it is invalid, expired or revoked.
     */
    @Transactional
    public Optional<Rotation> rotate(
            String refreshToken, java.util.function.LongFunction<Optional<String>> activeUser) {
        Optional<SessionTokens.Claims> claims = tokens.verify(refreshToken, "refresh");
        if (claims.isEmpty() || claims.get().jti() == null) {
            return Optional.empty();
        }
        List<Stored> stored = jdbc.query(
                "SELECT user_id, family, used_at, revoked_at FROM refresh_tokens WHERE jti = ? " + "FOR UPDATE",
                (rs, i) -> new Stored(
                        rs.getLong(1), rs.getString(2), rs.getTimestamp(3) != null, rs.getTimestamp(4) != null),
                claims.get().jti());
        if (stored.isEmpty() || stored.get(0).revoked()) {
            return Optional.empty();
        }
        Stored token = stored.get(0);
        if (token.used()) {
            revokeFamily(token.family());
            return Optional.of(new Rotation(null, token.userId(), true));
        }
        Optional<String> user = activeUser.apply(token.userId());
        if (user.isEmpty()) {
            revokeFamily(token.family());
            return Optional.empty();
        }
        jdbc.update(
                "UPDATE refresh_tokens SET used_at = now() WHERE jti = ?",
                claims.get().jti());
        return Optional.of(new Rotation(
                new Pair(tokens.access(user.get()), issue(token.userId(), user.get(), token.family())),
                token.userId(),
                false));
    }

    private record Stored(long userId, String family, boolean used, boolean revoked) {}

    /** Logs out the session the token belongs to; true when it named a live session. */
    public boolean revoke(String refreshToken) {
        return tokens.verify(refreshToken, "refresh")
                        .flatMap(claims -> jdbc
                                .queryForList(
                                        "SELECT family FROM refresh_tokens WHERE jti = ?", String.class, claims.jti())
                                .stream()
                                .findFirst())
                        .map(this::revokeFamily)
                        .orElse(0)
                > 0;
    }

    /** Ends every session of a user (removed from the merchant). */
    public void revokeUser(long userId) {
        jdbc.update("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL", userId);
    }

    private int revokeFamily(String family) {
        return jdbc.update(
                "UPDATE refresh_tokens SET revoked_at = now() WHERE family = ? AND revoked_at IS NULL", family);
    }

    private String issue(long userId, String userPublicId, String family) {
        String jti = UUID.randomUUID().toString();
        Instant expires = Instant.now().plus(properties.refreshTokenTtl());
        jdbc.update(
                "INSERT INTO refresh_tokens (jti, family, user_id, expires_at) VALUES (?, ?, ?, ?)",
                jti,
                family,
                userId,
                Timestamp.from(expires));
        return tokens.refresh(userPublicId, jti, family, expires);
    }
}
