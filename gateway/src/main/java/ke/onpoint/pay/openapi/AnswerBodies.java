package ke.onpoint.pay.openapi;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Answers the gateway builds as maps (account and login, keys, webhook settings), described with the fields a client
 * relies on; further fields may be present. {@code OpenApiFlowsIT} validates real answers against these, so a field
 * renamed or dropped in the code fails the build.
 */
final class AnswerBodies {

    private AnswerBodies() {}

    record Tokens(String access, String refresh) {}

    record Session(Tokens tokens, Merchant merchant, Map<String, Object> user) {}

    record Merchant(String id, String name, String email, String kycStatus) {}

    record ApiKey(String id, String name, String mode, String prefix, List<String> scopes, Instant createdAt) {}

    record ApiKeys(List<ApiKey> data) {}

    record CreatedApiKey(String id, String name, String mode, String key, List<String> scopes) {}

    record WebhookSettings(String url, Instant previousSecretValidUntil) {}
}
