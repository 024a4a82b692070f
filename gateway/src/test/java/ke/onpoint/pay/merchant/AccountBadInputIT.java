package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The ugly cases on the account APIs: each a 4xx problem naming the field, none a 500, none writing anything. */
class AccountBadInputIT extends GatewayTest {

    @Autowired
    ApplicationContext context;

    @Test
    void badBodiesAreRefusedNamingTheFieldAndChangeNothing() {
        Session owner = register();
        Session admin = admin(context);
        String before = state(owner.merchantId());

        String keys = "/api/v1/merchants/me/api-keys";
        assertProblem(
                call("POST", keys, owner.access(), "{\"name\":\"k\",\"mode\":\"test\",\"scopes\":\"payments:read\"}"),
                422,
                "scopes");
        assertProblem(
                call("POST", keys, owner.access(), "{\"name\":\"k\",\"mode\":\"test\",\"scopes\":[]}"), 422, "scopes");
        assertProblem(
                call("POST", keys, owner.access(), "{\"name\":\"k\",\"mode\":\"test\",\"scopes\":[\"admin\"]}"),
                422,
                "scopes[0]");
        assertProblem(
                call("POST", keys, owner.access(), "{\"name\":\"k\",\"mode\":\"prod\",\"scopes\":[\"payments:read\"]}"),
                422,
                "mode");
        assertProblem(
                call(
                        "POST",
                        keys,
                        owner.access(),
                        "{\"name\":" + "\"" + "x".repeat(101) + "\",\"mode\":\"test\",\"scopes\":[\"payments:read\"]}"),
                422,
                "name");
        assertProblem(
                call("POST", keys, owner.access(), "{\"name\":7,\"mode\":\"test\",\"scopes\":[\"payments:read\"]}"),
                422,
                "name");
        assertProblem(
                call("POST", keys, owner.access(), "{\"name\":\"k\",\"mode\":\"test\",\"scopes\":[\"payments:read\"]"),
                400,
                "body");
        assertProblem(call("POST", keys, owner.access(), "[1,2]"), 400, "body");
        assertProblem(call("DELETE", keys + "/key_doesnotexist", owner.access(), null), 404, null);

        assertProblem(
                call("PATCH", "/api/v1/merchants/me", owner.access(), "{\"email\":\"new@x.test\"}"), 422, "email");
        assertProblem(call("PATCH", "/api/v1/merchants/me", owner.access(), "{\"phone\":\"12345\"}"), 422, "phone");
        assertProblem(
                call("PATCH", "/api/v1/merchants/me", owner.access(), "{\"business_name\":\"\"}"),
                422,
                "business_name");
        assertProblem(
                call("PUT", "/api/v1/merchants/me/ip-allowlist", owner.access(), "{\"cidrs\":[\"10.0.0.0/8\",42]}"),
                422,
                "cidrs[1]");
        assertProblem(
                call("PUT", "/api/v1/merchants/me/ip-allowlist", owner.access(), "{\"cidrs\":[\"example.com\"]}"),
                422,
                "cidrs[0]");
        assertProblem(
                call(
                        "POST",
                        "/api/v1/merchants/me/users",
                        owner.access(),
                        "{\"email\":\"not-an-email\",\"role\":\"viewer\"}"),
                422,
                "email");
        assertProblem(
                call(
                        "POST",
                        "/api/v1/merchants/me/users",
                        owner.access(),
                        "{\"email\":\"" + owner.email() + "\",\"role\":\"viewer\"}"),
                409,
                "email");
        assertProblem(call("DELETE", "/api/v1/merchants/me/users/usr_nobody", owner.access(), null), 404, null);

        String limits = "/api/v1/admin/merchants/" + owner.merchant() + "/limits";
        assertProblem(call("PUT", limits, admin.access(), "{\"requests_per_second\":-1}"), 422, "requests_per_second");
        assertProblem(call("PUT", limits, admin.access(), "{\"requests_per_minute\":1.5}"), 422, "requests_per_minute");
        assertProblem(
                call("PUT", limits, admin.access(), "{\"transaction_limits\":[{\"payment_method\":\"bitcoin\"}]}"),
                422,
                "transaction_limits[0].payment_method");
        assertProblem(
                call(
                        "PUT",
                        limits,
                        admin.access(),
                        "{\"transaction_limits\":[{\"payment_method\":\"mpesa\",\"max_amount\":10.001}]}"),
                422,
                "transaction_limits[0].max_amount");
        assertProblem(
                call(
                        "PUT",
                        limits,
                        admin.access(),
                        "{\"transaction_limits\":[{\"payment_method\":\"mpesa\",\"daily_amount\":1e30}]}"),
                422,
                "transaction_limits[0].daily_amount");
        // a valid part and an invalid part: nothing of either is kept
        assertProblem(
                call(
                        "PUT",
                        limits,
                        admin.access(),
                        "{\"requests_per_second\":5,\"transaction_limits\":[{\"payment_method\":\"card\",\"daily_count\":0}]}"),
                422,
                "transaction_limits[0].daily_count");
        assertProblem(call("PUT", "/api/v1/admin/merchants/mch_nobody/limits", admin.access(), "{}"), 404, null);
        assertProblem(
                call(
                        "POST",
                        "/api/v1/admin/kyc-documents/kyc_nobody/review",
                        admin.access(),
                        "{\"decision\":\"maybe\"}"),
                422,
                "decision");
        assertProblem(
                call(
                        "POST",
                        "/api/v1/admin/kyc-documents/kyc_nobody/review",
                        admin.access(),
                        "{\"decision\":\"approved\"}"),
                404,
                null);

        assertProblem(get("/api/v1/audit-logs?cursor=abc", owner.access()), 422, "cursor");
        assertProblem(get("/api/v1/audit-logs?limit=100000", owner.access()), 422, "limit");
        assertProblem(
                post(
                        "/api/v1/auth/login",
                        null,
                        "{\"email\":\"a@b.test\",\"password\":\"" + "x".repeat(70_000) + "\"}",
                        Map.of()),
                413,
                "body");
        assertProblem(post("/api/v1/auth/login", null, "{\"email\":42,\"password\":true}", Map.of()), 422, "email");
        assertProblem(post("/api/v1/auth/refresh", null, "{\"refresh\":\"eyJnot.a.token\"}", Map.of()), 401, null);
        assertProblem(post("/api/v1/auth/refresh", null, "{}", Map.of()), 422, "refresh");
        assertProblem(get("/api/v1/payments/transactions?phone=12345", owner.access()), 422, "phone");
        assertProblem(
                call("GET", "/api/v1/payments/transactions", owner.access(), null, Map.of("X-OnPoint-Mode", "prod")),
                422,
                "mode");

        assertThat(state(owner.merchantId())).isEqualTo(before);
    }

    private String state(long merchantId) {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM api_keys WHERE merchant_id = ?) || '/' ||
                       (SELECT count(*) FROM users WHERE merchant_id = ?) || '/' ||
                       (SELECT count(*) FROM merchant_limits WHERE merchant_id = ?) || '/' ||
                       (SELECT count(*) FROM audit_logs WHERE merchant_id = ?) || '/' ||
                       (SELECT md5(name || coalesce(phone, '') || ip_allowlist::text || coalesce(rate_per_second, 0)
                               || coalesce(rate_per_minute, 0)) FROM merchants WHERE id = ?)""", String.class, merchantId, merchantId, merchantId, merchantId, merchantId);
    }
}
