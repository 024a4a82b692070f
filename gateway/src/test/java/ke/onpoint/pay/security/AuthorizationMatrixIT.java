package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ke.onpoint.pay.support.GatewayTest;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Every merchant-facing endpoint × every kind of caller that must be refused: no credentials, a made-up key, a
 * malformed token, a revoked key, another merchant's key and login, a key of the other mode, a key without the
 * scope, each role without the permission, an admin on merchant APIs, an API key where only a login is taken and a
 * login where only a key is. Each gets its 401, 403 or 404 as a problem, and nothing in the database changes. The
 * callers that may call the read endpoints get a 2xx.
 */
class AuthorizationMatrixIT extends GatewayTest {

    @Autowired
    ApplicationContext context;

    static final String KYC_UPLOAD = "--matrix\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nbank_letter\r\n"
            + "--matrix\r\nContent-Disposition: form-data; name=\"file\"; filename=\"letter.pdf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 letter\r\n--matrix--\r\n";

    /** Whose object an endpoint names: none, merchant A's in one mode (a payment, a webhook delivery), or A's. */
    enum Target {
        NONE(null),
        TEST_PAYMENT("test"),
        LIVE_PAYMENT("live"),
        TEST_DELIVERY("test"),
        LIVE_DELIVERY("live"),
        OTHER(null);

        final String mode;

        Target(String mode) {
            this.mode = mode;
        }
    }

    /** An endpoint: the key scope it accepts (null: no API key) and the user permission (null: no login). */
    record Endpoint(String method, String path, String body, String keyScope, String userPermission, Target object) {
        boolean reads() {
            return method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** A caller: an API key (with its merchant, mode and scopes) or a login (with its merchant and role), or neither. */
    record Caller(
            String name,
            String token,
            boolean key,
            boolean merchantA,
            String mode,
            Set<String> permissions,
            boolean valid) {
        @Override
        public String toString() {
            return name;
        }
    }

    @Test
    void everyEndpointRefusesEveryCallerItMustAndChangesNothing() {
        Session ownerA = register();
        jdbc.update("UPDATE merchants SET kyc_status = 'approved' WHERE id = ?", ownerA.merchantId()); // for a live key
        Session developerA = member(ownerA, "developer");
        Session viewerA = member(ownerA, "viewer");
        String keyA = createKey(ownerA, "test", "payments:write", "payments:read", "refunds:write", "webhooks:manage");
        String liveKeyA =
                createKey(ownerA, "live", "payments:write", "payments:read", "refunds:write", "webhooks:manage");
        String readOnlyKeyA = createKey(ownerA, "test", "payments:read");
        String revokedKeyA =
                createKey(ownerA, "test", "payments:write", "payments:read", "refunds:write", "webhooks:manage");
        String revokedId = jdbc.queryForObject(
                "SELECT public_id FROM api_keys WHERE prefix = ? AND merchant_id = ?",
                String.class,
                revokedKeyA.substring(0, 12),
                ownerA.merchantId());
        assertThat(call("DELETE", "/api/v1/merchants/me/api-keys/" + revokedId, ownerA.access(), null)
                        .status())
                .isEqualTo(200);
        Session ownerB = register();
        String keyB = createKey(ownerB, "test", "payments:write", "payments:read", "refunds:write", "webhooks:manage");
        Session admin = admin(context);

        // A's objects: a completed test payment, a live one, a webhook delivery, a user and a key
        assertThat(put("/api/v1/merchants/me/webhook", ownerA.access(), "{\"url\":\"http://127.0.0.1:9/hooks\"}")
                        .status())
                .isEqualTo(200);
        String testPayment = initiate(keyA, mpesaBody("254708374149", uniqueReference()))
                .json()
                .path("reference")
                .asText();
        String livePayment = initiate(liveKeyA, mpesaBody("254708374149", uniqueReference()))
                .json()
                .path("reference")
                .asText();
        awaitStatus(keyA, testPayment, "completed");
        awaitStatus(liveKeyA, livePayment, "completed");
        String testDelivery = awaitDelivery(ownerA.merchantId(), "test");
        String liveDelivery = awaitDelivery(ownerA.merchantId(), "live");
        String keyIdA = jdbc.queryForObject(
                "SELECT public_id FROM api_keys WHERE prefix = ? AND merchant_id = ?",
                String.class,
                readOnlyKeyA.substring(0, 12),
                ownerA.merchantId());
        String kycA = "kyc_none";

        List<Endpoint> endpoints = List.of(
                new Endpoint(
                        "POST",
                        "/api/v1/payments/initiate",
                        mpesaBody("254708374149", "MATRIX-1"),
                        "payments:write",
                        null,
                        Target.NONE),
                new Endpoint(
                        "POST",
                        "/api/v1/payments/status",
                        "{\"reference\":\"" + testPayment + "\"}",
                        "payments:read",
                        "payments:read",
                        Target.TEST_PAYMENT),
                new Endpoint(
                        "POST",
                        "/api/v1/payments/status",
                        "{\"reference\":\"" + livePayment + "\"}",
                        "payments:read",
                        "payments:read",
                        Target.LIVE_PAYMENT),
                new Endpoint(
                        "GET", "/api/v1/payments/transactions", null, "payments:read", "payments:read", Target.NONE),
                new Endpoint("GET", "/api/v1/balance", null, "payments:read", "payments:read", Target.NONE),
                new Endpoint(
                        "GET", "/api/v1/balance/transactions", null, "payments:read", "payments:read", Target.NONE),
                new Endpoint("GET", "/api/v1/settlements", null, "payments:read", "payments:read", Target.NONE),
                new Endpoint("GET", "/api/v1/reports/summary", null, "payments:read", "payments:read", Target.NONE),
                new Endpoint(
                        "GET", "/api/v1/reports/transactions", null, "payments:read", "payments:read", Target.NONE),
                new Endpoint(
                        "GET",
                        "/api/v1/payments/transactions/" + testPayment,
                        null,
                        "payments:read",
                        "payments:read",
                        Target.TEST_PAYMENT),
                new Endpoint(
                        "GET",
                        "/api/v1/payments/transactions/" + livePayment,
                        null,
                        "payments:read",
                        "payments:read",
                        Target.LIVE_PAYMENT),
                new Endpoint(
                        "POST",
                        "/api/v1/payments/refund",
                        "{\"reference\":\"" + testPayment + "\",\"amount\":1}",
                        "refunds:write",
                        "refunds:write",
                        Target.TEST_PAYMENT),
                new Endpoint(
                        "POST",
                        "/api/v1/payments/refund",
                        "{\"reference\":\"" + livePayment + "\",\"amount\":1}",
                        "refunds:write",
                        "refunds:write",
                        Target.LIVE_PAYMENT),
                new Endpoint("GET", "/api/v1/merchants/me", null, null, "account:read", Target.NONE),
                new Endpoint(
                        "PATCH",
                        "/api/v1/merchants/me",
                        "{\"business_name\":\"Taken over\"}",
                        null,
                        "settings:manage",
                        Target.NONE),
                new Endpoint("GET", "/api/v1/merchants/me/api-keys", null, null, "account:read", Target.NONE),
                new Endpoint(
                        "POST",
                        "/api/v1/merchants/me/api-keys",
                        "{\"name\":\"x\",\"mode\":\"test\",\"scopes\":[\"payments:read\"]}",
                        null,
                        "keys:manage",
                        Target.NONE),
                new Endpoint(
                        "DELETE", "/api/v1/merchants/me/api-keys/" + keyIdA, null, null, "keys:manage", Target.OTHER),
                new Endpoint("GET", "/api/v1/merchants/me/users", null, null, "account:read", Target.NONE),
                new Endpoint(
                        "POST",
                        "/api/v1/merchants/me/users",
                        "{\"email\":\"intruder@x.test\",\"role\":\"owner\"}",
                        null,
                        "users:manage",
                        Target.NONE),
                new Endpoint(
                        "PATCH",
                        "/api/v1/merchants/me/users/" + developerA.userId(),
                        "{\"role\":\"owner\"}",
                        null,
                        "users:manage",
                        Target.OTHER),
                new Endpoint(
                        "DELETE",
                        "/api/v1/merchants/me/users/" + developerA.userId(),
                        null,
                        null,
                        "users:manage",
                        Target.OTHER),
                new Endpoint("GET", "/api/v1/merchants/me/ip-allowlist", null, null, "account:read", Target.NONE),
                new Endpoint(
                        "PUT",
                        "/api/v1/merchants/me/ip-allowlist",
                        "{\"cidrs\":[\"10.0.0.0/8\"]}",
                        null,
                        "settings:manage",
                        Target.NONE),
                new Endpoint("GET", "/api/v1/merchants/me/limits", null, null, "account:read", Target.NONE),
                new Endpoint("GET", "/api/v1/merchants/me/mpesa-shortcodes", null, null, "account:read", Target.NONE),
                new Endpoint(
                        "PUT",
                        "/api/v1/merchants/me/mpesa-shortcodes",
                        "{\"mode\":\"test\",\"shortcode\":\"600300\",\"passkey\":\"aaaaaaaaaaaaaaaaaaaa\"}",
                        null,
                        "settings:manage",
                        Target.NONE),
                new Endpoint(
                        "DELETE",
                        "/api/v1/merchants/me/mpesa-shortcodes/test",
                        null,
                        null,
                        "settings:manage",
                        Target.NONE),
                new Endpoint(
                        "GET", "/api/v1/merchants/me/webhook", null, "webhooks:read", "webhooks:read", Target.NONE),
                new Endpoint(
                        "PUT",
                        "/api/v1/merchants/me/webhook",
                        "{\"url\":\"https://evil.test/hook\"}",
                        "webhooks:manage",
                        "webhooks:manage",
                        Target.NONE),
                new Endpoint(
                        "POST",
                        "/api/v1/merchants/me/webhook/rotate-secret",
                        "{}",
                        "webhooks:manage",
                        "webhooks:manage",
                        Target.NONE),
                new Endpoint(
                        "POST",
                        "/api/v1/merchants/me/webhook/test",
                        "{}",
                        "webhooks:manage",
                        "webhooks:manage",
                        Target.NONE),
                new Endpoint("GET", "/api/v1/webhooks/deliveries", null, "webhooks:read", "webhooks:read", Target.NONE),
                new Endpoint(
                        "GET",
                        "/api/v1/webhooks/deliveries/" + testDelivery,
                        null,
                        "webhooks:read",
                        "webhooks:read",
                        Target.TEST_DELIVERY),
                new Endpoint(
                        "POST",
                        "/api/v1/webhooks/deliveries/" + testDelivery + "/replay",
                        "{}",
                        "webhooks:manage",
                        "webhooks:manage",
                        Target.TEST_DELIVERY),
                new Endpoint(
                        "GET",
                        "/api/v1/webhooks/deliveries/" + liveDelivery,
                        null,
                        "webhooks:read",
                        "webhooks:read",
                        Target.LIVE_DELIVERY),
                new Endpoint(
                        "POST",
                        "/api/v1/webhooks/deliveries/" + liveDelivery + "/replay",
                        "{}",
                        "webhooks:manage",
                        "webhooks:manage",
                        Target.LIVE_DELIVERY),
                new Endpoint(
                        "POST",
                        "/api/v1/webhooks/deliveries/replay",
                        "{\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2100-01-01T00:00:00Z\",\"status\":\"pending\"}",
                        "webhooks:manage",
                        "webhooks:manage",
                        Target.NONE),
                new Endpoint("GET", "/api/v1/audit-logs", null, null, "audit:read", Target.NONE),
                new Endpoint("GET", "/api/v1/merchants/me/kyc-documents", null, null, "account:read", Target.NONE),
                new Endpoint("POST", "/api/v1/merchants/me/kyc-documents", KYC_UPLOAD, null, "kyc:manage", Target.NONE),
                new Endpoint("GET", "/api/v1/admin/kyc-documents", null, null, "admin", Target.NONE),
                new Endpoint("GET", "/api/v1/admin/refunds", null, null, "admin", Target.NONE),
                new Endpoint(
                        "POST",
                        "/api/v1/admin/refunds/RFDMATRIX/resolve",
                        "{\"outcome\":\"failed\",\"note\":\"x\"}",
                        null,
                        "admin",
                        Target.NONE),
                new Endpoint("GET", "/api/v1/admin/callbacks", null, null, "admin", Target.NONE),
                new Endpoint(
                        "POST",
                        "/api/v1/admin/kyc-documents/" + kycA + "/review",
                        "{\"decision\":\"approved\"}",
                        null,
                        "admin",
                        Target.NONE),
                new Endpoint(
                        "GET",
                        "/api/v1/admin/merchants/" + ownerA.merchant() + "/limits",
                        null,
                        null,
                        "admin",
                        Target.NONE),
                new Endpoint(
                        "PUT",
                        "/api/v1/admin/merchants/" + ownerA.merchant() + "/limits",
                        "{\"requests_per_second\":1}",
                        null,
                        "admin",
                        Target.NONE));

        Set<String> keyScopes =
                Set.of("payments:write", "payments:read", "refunds:write", "webhooks:manage", "webhooks:read");
        List<Caller> callers = List.of(
                new Caller("no credentials", null, false, true, "test", Set.of(), false),
                new Caller("made-up key", "sk_test_" + "Q".repeat(32), true, true, "test", Set.of(), false),
                new Caller("malformed token", "not-a-token", false, true, "test", Set.of(), false),
                new Caller("revoked key", revokedKeyA, true, true, "test", Set.of(), false),
                new Caller("A test key", keyA, true, true, "test", keyScopes, true),
                new Caller("A live key", liveKeyA, true, true, "live", keyScopes, true),
                new Caller("A read-only key", readOnlyKeyA, true, true, "test", Set.of("payments:read"), true),
                new Caller("B key", keyB, true, false, "test", keyScopes, true),
                new Caller("A owner", ownerA.access(), false, true, "test", Role.OWNER.permissions(), true),
                new Caller("A developer", developerA.access(), false, true, "test", Role.DEVELOPER.permissions(), true),
                new Caller("A viewer", viewerA.access(), false, true, "test", Role.VIEWER.permissions(), true),
                new Caller("B owner", ownerB.access(), false, false, "test", Role.OWNER.permissions(), true),
                new Caller("admin", admin.access(), false, false, "test", Role.ADMIN.permissions(), true));

        String before = fingerprint(ownerA.merchantId(), ownerB.merchantId());
        SoftAssertions softly = new SoftAssertions();
        int refusals = 0;
        int allowedReads = 0;
        for (Endpoint endpoint : endpoints) {
            for (Caller caller : callers) {
                int expected = expected(endpoint, caller);
                if (expected == 200 && !endpoint.reads()) {
                    continue; // allowed changes are tested where their effects are
                }
                Reply reply = call(
                        endpoint.method(),
                        endpoint.path(),
                        caller.token(),
                        endpoint.body(),
                        endpoint.body() == KYC_UPLOAD
                                ? Map.of("Content-Type", "multipart/form-data; boundary=matrix")
                                : Map.of());
                if (expected == 200) {
                    allowedReads++;
                    softly.assertThat(reply.status())
                            .as(caller + " → " + endpoint + ": " + reply.body())
                            .isBetween(200, 299);
                } else {
                    refusals++;
                    softly.assertThat(reply.status())
                            .as(caller + " → " + endpoint + ": " + reply.body())
                            .isEqualTo(expected);
                    softly.assertThat(reply.contentType())
                            .as(caller + " → " + endpoint)
                            .startsWith("application/problem+json");
                }
            }
        }
        softly.assertThat(fingerprint(ownerA.merchantId(), ownerB.merchantId()))
                .as("nothing changed")
                .isEqualTo(before);
        softly.assertAll();
        assertThat(refusals).isGreaterThan(250);
        assertThat(allowedReads).isGreaterThan(40);
    }

    /** What this caller must get: 401 unauthenticated or wrong credential kind, 403 not allowed, 404 not theirs, 200 allowed. */
    static int expected(Endpoint endpoint, Caller caller) {
        if (!caller.valid()) {
            return 401;
        }
        if (caller.key() ? endpoint.keyScope() == null : endpoint.userPermission() == null) {
            return 401;
        }
        String needed = caller.key() ? endpoint.keyScope() : endpoint.userPermission();
        boolean allowed = caller.permissions().contains(needed)
                || (needed.endsWith(":read") && caller.permissions().contains(needed.replace(":read", ":manage")));
        if (!allowed) {
            return 403;
        }
        boolean objectOfA = endpoint.object() != Target.NONE;
        if (objectOfA && !caller.merchantA()) {
            return 404;
        }
        if (endpoint.object().mode != null && !endpoint.object().mode.equals(caller.mode())) {
            return 404;
        }
        return 200;
    }

    private Reply put(String path, String token, String body) {
        return call("PUT", path, token, body);
    }

    private String awaitDelivery(long merchantId, String mode) {
        // initiated and completed, for the payment of this mode, each attempted once already (the receiver is down):
        // the fan-out and the first delivery run are behind them
        return eventually()
                .alias(mode + " webhook deliveries for merchant " + merchantId)
                .until(
                        () -> jdbc.queryForList(
                                "SELECT public_id FROM webhook_deliveries "
                                        + "WHERE merchant_id = ? AND mode = ? AND attempts > 0 ORDER BY id",
                                String.class,
                                merchantId,
                                mode),
                        ids -> ids.size() >= 2)
                .get(0);
    }

    /** Everything a refused call could have changed for either merchant. */
    private String fingerprint(long a, long b) {
        List<java.lang.Object> parts = new ArrayList<>();
        for (String table : List.of(
                "payments",
                "refunds",
                "api_keys",
                "users",
                "audit_logs",
                "webhook_deliveries",
                "kyc_documents",
                "merchant_limits",
                "idempotency_keys",
                "outbox_events",
                "merchant_provider_credentials")) {
            parts.add(table + "=" + count("SELECT count(*) FROM " + table + " WHERE merchant_id IN (?, ?)", a, b));
        }
        parts.add(jdbc.queryForObject(
                "SELECT string_agg(public_id || coalesce(revoked_at::text, '-'), ',' ORDER BY id) "
                        + "FROM api_keys WHERE merchant_id IN (?, ?)",
                String.class,
                a,
                b));
        parts.add(jdbc.queryForObject(
                "SELECT string_agg(email || role || status, ',' ORDER BY id) FROM users "
                        + "WHERE merchant_id IN (?, ?)",
                String.class,
                a,
                b));
        parts.add(jdbc.queryForObject(
                "SELECT string_agg(md5(name || coalesce(webhook_url, '') || webhook_secret || "
                        + "ip_allowlist::text || kyc_status || coalesce(rate_per_second, 0)), ',' ORDER BY id) FROM merchants "
                        + "WHERE id IN (?, ?)",
                String.class,
                a,
                b));
        parts.add(jdbc.queryForObject(
                "SELECT string_agg(reference || status || refunded_minor, ',' ORDER BY id) FROM payments "
                        + "WHERE merchant_id IN (?, ?)",
                String.class,
                a,
                b));
        // a replay restarts a delivery's retry window
        parts.add(jdbc.queryForObject(
                "SELECT string_agg(public_id || window_started_at::text, ',' ORDER BY id) "
                        + "FROM webhook_deliveries WHERE merchant_id IN (?, ?)",
                String.class,
                a,
                b));
        return String.join(" | ", parts.stream().map(String::valueOf).toList());
    }
}
