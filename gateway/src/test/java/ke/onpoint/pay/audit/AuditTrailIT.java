package ke.onpoint.pay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;

/** Every mutating call leaves an audit record; the database refuses to change them; merchants and admins query them. */
class AuditTrailIT extends GatewayTest {

    @Autowired
    ApplicationContext context;

    @Test
    void mutatingCallsAreRecordedWithWhoWhatAndWhere() {
        Session owner = register();
        Session again = login(owner.email(), PASSWORD);
        String key = createKey(again, "test", "payments:write", "payments:read", "refunds:write", "webhooks:manage");
        String keyId = jdbc.queryForObject(
                "SELECT public_id FROM api_keys WHERE prefix = ? AND merchant_id = ?",
                String.class,
                key.substring(0, 12),
                owner.merchantId());
        Reply payment = post(
                "/api/v1/payments/initiate",
                key,
                mpesaBody("254708374149", uniqueReference()),
                Map.of("X-Request-Id", "req-audit-1", "X-Forwarded-For", "198.51.100.23"));
        String reference = payment.json().path("reference").asText();
        awaitStatus(key, reference, "completed");
        Reply refund = post(
                "/api/v1/payments/refund", key, "{\"reference\":\"" + reference + "\",\"reason\":\"test\"}", Map.of());
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        call("PATCH", "/api/v1/merchants/me", owner.access(), "{\"business_name\":\"Renamed Shop\"}");
        call("PUT", "/api/v1/merchants/me/ip-allowlist", owner.access(), "{\"cidrs\":[]}");
        call("PUT", "/api/v1/merchants/me/webhook", owner.access(), "{\"url\":\"http://127.0.0.1:9/hook\"}");
        post("/api/v1/merchants/me/webhook/rotate-secret", owner.access(), "{}", Map.of());
        post(
                "/api/v1/webhooks/deliveries/replay",
                key,
                "{\"from\":\"2020-01-01T00:00:00Z\",\"to\":\"2100-01-01T00:00:00Z\"," + "\"status\":\"pending\"}",
                Map.of());
        member(owner, "viewer");
        call("DELETE", "/api/v1/merchants/me/api-keys/" + keyId, owner.access(), null);

        Reply trail = get("/api/v1/audit-logs?limit=100", owner.access());
        assertThat(trail.status()).isEqualTo(200);
        List<String> actions = trail.json().path("data").findValuesAsText("action");
        assertThat(actions)
                .contains(
                        "merchant.registered",
                        "auth.login",
                        "api_key.created",
                        "payment.initiated",
                        "refund.requested",
                        "merchant.updated",
                        "merchant.ip_allowlist_updated",
                        "webhook.url_updated",
                        "webhook.secret_rotated",
                        "webhook.replayed_range",
                        "user.invited",
                        "user.invite_accepted",
                        "api_key.revoked");

        JsonNode initiated = only(trail, "payment.initiated");
        assertThat(initiated.path("actor_type").asText()).isEqualTo("api_key");
        assertThat(initiated.path("actor").asText()).isEqualTo(key.substring(0, 12));
        assertThat(initiated.path("target").asText()).isEqualTo(reference);
        assertThat(initiated.path("source_ip").asText()).isEqualTo("198.51.100.23");
        assertThat(initiated.path("request_id").asText()).isEqualTo("req-audit-1");
        assertThat(initiated.path("merchant").asText()).isEqualTo(owner.merchant());
        JsonNode renamed = only(trail, "merchant.updated");
        assertThat(renamed.path("actor").asText()).isEqualTo(owner.email());
        assertThat(renamed.at("/before/business_name").asText()).startsWith("Shop ");
        assertThat(renamed.at("/after/business_name").asText()).isEqualTo("Renamed Shop");
        assertThat(only(trail, "api_key.created").at("/after/prefix").asText()).isEqualTo(key.substring(0, 12));
        // the trail never holds a secret
        assertThat(trail.body()).doesNotContain(key).doesNotContain("whsec_").doesNotContain(PASSWORD);

        // filters, and the CSV export of the same filter
        Reply filtered = get("/api/v1/audit-logs?action=api_key.revoked", owner.access());
        assertThat(filtered.json().path("data")).hasSize(1);
        Reply csv = get("/api/v1/audit-logs?format=csv", owner.access());
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("audit-logs.csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("id,occurred_at,merchant,actor_type,actor,action");
        assertThat(lines).hasSize(trail.json().path("data").size() + 1);
        assertThat(csv.body())
                .contains("\"\"business_name\"\": \"\"Renamed Shop\"\"")
                .doesNotContain("RawValue");
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAuditRecords() {
        register();
        long id = jdbc.queryForObject("SELECT max(id) FROM audit_logs", Long.class);
        assertThatThrownBy(() -> jdbc.update("UPDATE audit_logs SET actor = 'someone else' WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM audit_logs WHERE id = ?", id))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE audit_logs"))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only");
        assertThat(count("SELECT count(*) FROM audit_logs WHERE id = ? AND actor <> 'someone else'", id))
                .isEqualTo(1);
    }

    @Test
    void merchantsSeeTheirOwnRecordsAndAdminsSeeAll() {
        Session a = register();
        Session b = register();
        Session viewer = member(a, "viewer");
        Reply ofB = get("/api/v1/audit-logs?limit=500", b.access());
        assertThat(ofB.json().path("data").findValuesAsText("merchant")).containsOnly(b.merchant());
        assertThat(get("/api/v1/audit-logs", viewer.access())
                        .json()
                        .path("data")
                        .findValuesAsText("merchant"))
                .containsOnly(a.merchant());
        // a merchant cannot widen its view with the admin's filter
        assertThat(get("/api/v1/audit-logs?merchant=" + a.merchant(), b.access())
                        .json()
                        .path("data")
                        .findValuesAsText("merchant"))
                .containsOnly(b.merchant());

        Session admin = admin(context);
        assertThat(get("/api/v1/audit-logs?merchant=" + a.merchant(), admin.access())
                        .json()
                        .path("data")
                        .findValuesAsText("merchant"))
                .containsOnly(a.merchant())
                .isNotEmpty();
        assertThat(get("/api/v1/audit-logs?limit=500", admin.access())
                        .json()
                        .path("data")
                        .findValuesAsText("merchant"))
                .contains(a.merchant(), b.merchant());
        // paging by cursor
        Reply first = get("/api/v1/audit-logs?limit=1", admin.access());
        Reply second = get(
                "/api/v1/audit-logs?limit=1&cursor="
                        + first.json().path("next_cursor").asText(),
                admin.access());
        assertThat(second.json().at("/data/0/id").asLong())
                .isLessThan(first.json().at("/data/0/id").asLong());
        assertProblem(get("/api/v1/audit-logs?limit=0", admin.access()), 422, "limit");
        assertProblem(get("/api/v1/audit-logs?date_from=yesterday", admin.access()), 422, "date_from");
    }

    private static JsonNode only(Reply trail, String action) {
        for (JsonNode row : trail.json().path("data")) {
            if (row.path("action").asText().equals(action)) {
                return row;
            }
        }
        throw new AssertionError("no " + action + " in " + trail.body());
    }
}
