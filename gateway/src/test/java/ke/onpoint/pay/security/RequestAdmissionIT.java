package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;

/** The merchant's IP allow-list, security headers on every answer, CORS for the dashboard's origin only. */
class RequestAdmissionIT extends GatewayTest {

    @Test
    void apiKeysAreAcceptedOnlyFromTheMerchantsAllowList() {
        Session owner = register();
        String key = createKey(owner, "test", "payments:read");
        assertThat(listFrom(key, "198.51.100.1").status()).isEqualTo(200); // empty list: any address

        assertProblem(
                call("PUT", "/api/v1/merchants/me/ip-allowlist", owner.access(), "{\"cidrs\":[\"10.0.0.0/33\"]}"),
                422,
                "cidrs[0]");
        assertProblem(
                call("PUT", "/api/v1/merchants/me/ip-allowlist", owner.access(), "{\"cidrs\":\"10.0.0.0/8\"}"),
                422,
                "cidrs");
        Reply set = call(
                "PUT",
                "/api/v1/merchants/me/ip-allowlist",
                owner.access(),
                "{\"cidrs\":[\"203.0.113.0/24\",\"2001:db8::/32\"]}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);

        assertThat(listFrom(key, "203.0.113.77").status()).isEqualTo(200);
        assertThat(listFrom(key, "2001:db8::5").status()).isEqualTo(200);
        Reply outside = listFrom(key, "198.51.100.1");
        assertProblem(outside, 403, null);
        assertThat(outside.json().path("detail").asText()).contains("198.51.100.1");
        // the dashboard login is not bound to the list (owners fix it from anywhere)
        assertThat(call(
                                "GET",
                                "/api/v1/merchants/me/ip-allowlist",
                                owner.access(),
                                null,
                                Map.of("X-Forwarded-For", "198.51.100.1"))
                        .json()
                        .path("cidrs"))
                .hasSize(2);

        call("PUT", "/api/v1/merchants/me/ip-allowlist", owner.access(), "{\"cidrs\":[]}");
        assertThat(listFrom(key, "198.51.100.1").status()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        for (Reply reply : new Reply[] {
            get("/api/v1/payments/transactions", null),
            get("/api/v1/merchants/me", register().access()),
            get("/api/v1/nowhere", null)
        }) {
            assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(reply.header("Cache-Control")).contains("no-store");
            assertThat(reply.header("Content-Security-Policy")).contains("default-src 'none'");
        }
    }

    @Test
    void onlyTheDashboardOriginMayCallFromABrowser() {
        Reply allowed = preflight("https://dashboard.onpoint.test");
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://dashboard.onpoint.test");
        assertThat(allowed.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).isNull();

        Reply refused = preflight("https://evil.test");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void problemsNeverCarryAStackTrace() {
        Reply malformed = post("/api/v1/auth/login", null, "{\"email\": [}", Map.of());
        assertProblem(malformed, 400, "body");
        assertThat(malformed.body())
                .doesNotContain("at ke.onpoint")
                .doesNotContain("Exception")
                .doesNotContain("debug");
    }

    private Reply listFrom(String key, String address) {
        return call("GET", "/api/v1/payments/transactions", key, null, Map.of("X-Forwarded-For", address));
    }

    private Reply preflight(String origin) {
        return send(HttpRequest.newBuilder(uri("/api/v1/merchants/me/api-keys"))
                .timeout(Duration.ofSeconds(10))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build());
    }
}
