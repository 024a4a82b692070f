package ke.onpoint.pay.openapi;

import java.time.Instant;
import java.util.List;

/**
 * Answers the gateway builds as maps (account and login, keys, webhook settings), described with the fields a client
 * relies on; further fields may be present. {@code OpenApiFlowsIT} validates real answers against these, so a field
 * renamed or dropped in the code fails the build.
 */
final class AnswerBodies {

    private AnswerBodies() {}

    record Tokens(String access, String refresh) {}

    record Session(Tokens tokens, Merchant merchant, User user) {}

    record User(String id, String email, String role) {}

    record Merchant(
            String id,
            String businessName,
            String email,
            String phone,
            String status,
            String kycStatus,
            String c2bAccount,
            String webhookUrl,
            List<String> ipAllowlist,
            Instant createdAt) {}

    record ApiKey(
            String id,
            String name,
            String mode,
            String prefix,
            List<String> scopes,
            Instant createdAt,
            String createdBy,
            Instant lastUsedAt,
            Instant revokedAt) {}

    record ApiKeys(List<ApiKey> data) {}

    /** The key's listing fields and, this once, its secret {@code key}. */
    record CreatedApiKey(
            String id,
            String key,
            String name,
            String mode,
            String prefix,
            List<String> scopes,
            Instant createdAt,
            String createdBy,
            Instant lastUsedAt,
            Instant revokedAt) {}

    record WebhookSettings(String url, Instant previousSecretValidUntil) {}
}
