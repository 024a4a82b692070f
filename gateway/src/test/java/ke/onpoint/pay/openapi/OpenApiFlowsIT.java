package ke.onpoint.pay.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The main flows over real HTTP against the simulators, every answer checked against the served document's schema
 * for its operation and status: a field the code renames, drops or retypes fails here, with the path and the field.
 * The document's request examples (the README's) are checked against their schemas, and each required field left
 * out is refused with a 422 naming it, so the described bodies and the validators cannot part either.
 */
class OpenApiFlowsIT extends GatewayTest {

    private OpenApiContract contract;
    private JsonNode document;

    @BeforeEach
    void served() {
        document = get("/api/v1/openapi.json", null).json();
        contract = new OpenApiContract(document);
    }

    @Test
    void theMainFlowsAnswerAsTheDocumentSays() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String email = "owner-" + unique + "@acme.test";
        Reply registered = post(
                "/api/v1/auth/register",
                null,
                "{\"business_name\":\"Acme " + unique + "\",\"email\":\"" + email
                        + "\",\"password\":\"a long pass phrase\",\"phone\":\"0712345678\"}",
                Map.of());
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        contract.assertAnswer("POST", "/auth/register", registered);

        Reply login = post(
                "/api/v1/auth/login",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"a long pass phrase\"}",
                Map.of());
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        contract.assertAnswer("POST", "/auth/login", login);
        String access = login.json().at("/tokens/access").asText();

        Reply merchant = get("/api/v1/merchants/me", access);
        contract.assertAnswer("GET", "/merchants/me", merchant);
        Reply created =
                post("/api/v1/merchants/me/api-keys", access, example("POST", "/merchants/me/api-keys"), Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        contract.assertAnswer("POST", "/merchants/me/api-keys", created);
        String key = created.json().path("key").asText();
        assertThat(key).startsWith("sk_test_");
        contract.assertAnswer("GET", "/merchants/me/api-keys", get("/api/v1/merchants/me/api-keys", access));

        // the README's M-Pesa payment, as the document's example
        String first = uniqueReference();
        Reply initiated = post(
                "/api/v1/payments/initiate",
                key,
                withReference(example("POST", "/payments/initiate"), first),
                Map.of("Idempotency-Key", first));
        assertThat(initiated.status()).as(initiated.body()).isEqualTo(201);
        contract.assertAnswer("POST", "/payments/initiate", initiated);
        awaitStatus(key, first, "completed");
        Reply completed = payment(key, first);
        contract.assertAnswer("GET", "/payments/transactions/{reference}", completed);
        assertThat(completed.json().path("amount").decimalValue()).isEqualByComparingTo("100.00");
        Reply status = post(
                "/api/v1/payments/status",
                key,
                "{\"reference\":\"" + first + "\",\"payment_method\":\"mpesa\"}",
                Map.of());
        contract.assertAnswer("POST", "/payments/status", status);
        assertThat(status.json().path("status").asText()).isEqualTo("completed");

        String second = uniqueReference();
        Reply another = initiate(key, mpesaBody("0712345678", second));
        assertThat(another.status()).as(another.body()).isEqualTo(201);
        awaitStatus(key, second, "completed");
        Reply page = get("/api/v1/payments/transactions?limit=1", key);
        contract.assertAnswer("GET", "/payments/transactions", page);
        assertThat(page.json().at("/data/0/merchant_reference").asText()).isEqualTo(second);
        assertThat(page.json().path("has_more").asBoolean()).isTrue();
        Reply next = get(
                "/api/v1/payments/transactions?limit=1&cursor="
                        + page.json().path("next_cursor").asText(),
                key);
        contract.assertAnswer("GET", "/payments/transactions", next);
        assertThat(next.json().at("/data/0/merchant_reference").asText()).isEqualTo(first);

        Reply balance = get("/api/v1/balance", key);
        contract.assertAnswer("GET", "/balance", balance);
        assertThat(balance.json().at("/data/0/currency").asText()).isEqualTo("KES");
        contract.assertAnswer("GET", "/balance/transactions", get("/api/v1/balance/transactions?limit=5", key));
        contract.assertAnswer("GET", "/settlements", get("/api/v1/settlements", key));
        Reply summary = get("/api/v1/reports/summary", key);
        contract.assertAnswer("GET", "/reports/summary", summary);

        Reply refund = post(
                "/api/v1/payments/refund",
                key,
                "{\"reference\":\"" + first + "\",\"reason\":\"Out of stock\"}",
                Map.of("Idempotency-Key", "refund-" + first));
        assertThat(refund.status()).as(refund.body()).isEqualTo(201);
        contract.assertAnswer("POST", "/payments/refund", refund);
        assertThat(refund.json().path("amount").decimalValue()).isEqualByComparingTo("100.00");

        Reply invalid = initiate(key, mpesaBody("12", uniqueReference()));
        assertProblem(invalid, 422, "phone");
        contract.assertAnswer("POST", "/payments/initiate", invalid);
        Reply missing = payment(key, "NO-SUCH-ORDER");
        assertProblem(missing, 404, null);
        contract.assertAnswer("GET", "/payments/transactions/{reference}", missing);
        Reply anonymous = get("/api/v1/payments/transactions", null);
        assertProblem(anonymous, 401, null);
        contract.assertAnswer("GET", "/payments/transactions", anonymous);

        Reply url = call("PUT", "/api/v1/merchants/me/webhook", key, "{\"url\":\"http://127.0.0.1:9/hook\"}");
        assertThat(url.status()).as(url.body()).isEqualTo(200);
        contract.assertAnswer("PUT", "/merchants/me/webhook", url);
        Reply settings = get("/api/v1/merchants/me/webhook", key);
        contract.assertAnswer("GET", "/merchants/me/webhook", settings);
        assertThat(settings.json().path("url").asText()).isEqualTo("http://127.0.0.1:9/hook");
    }

    @Test
    void everyRequiredFieldOfADescribedBodyIsOneTheGatewayInsistsOn() {
        Session owner = register();
        String key = createKey(owner, "test", "payments:write", "payments:read", "refunds:write", "webhooks:manage");
        List<String> checked = new ArrayList<>();
        document.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fields().forEachRemaining(verb -> {
                    JsonNode media = verb.getValue().at("/requestBody/content/application~1json");
                    if (media.isMissingNode() || !media.path("schema").has("$ref") || !media.has("example")) {
                        return;
                    }
                    String method = verb.getKey().toUpperCase();
                    contract.assertRequest(method, path.getKey(), media.get("example"));
                    String token = token(verb.getValue(), key, owner.access());
                    for (String field : contract.requiredFields(method, path.getKey())) {
                        ObjectNode without = media.get("example").deepCopy();
                        without.remove(field);
                        // a path parameter names nothing: the body is refused before anything is looked up
                        String target = path.getKey().replaceAll("\\{[^}]+}", "unknown");
                        Reply refused = call(method, "/api/v1" + target, token, without.toString());
                        assertProblem(refused, 422, field);
                        contract.assertAnswer(method, path.getKey(), refused);
                        checked.add(method + " " + path.getKey() + " " + field);
                    }
                }));
        assertThat(checked)
                .contains(
                        "POST /payments/initiate amount",
                        "POST /payments/initiate payment_method",
                        "POST /payments/initiate reference",
                        "POST /payments/refund reference",
                        "POST /auth/register phone",
                        "POST /merchants/me/api-keys scopes",
                        "PUT /merchants/me/webhook url",
                        "PATCH /merchants/me/users/{id} role");
    }

    private static String token(JsonNode operation, String key, String access) {
        JsonNode security = operation.path("security");
        if (security.isEmpty()) {
            return null;
        }
        return security.get(0).has("apiKey") ? key : access;
    }

    private String example(String method, String path) {
        return contract.operation(method, path)
                .at("/requestBody/content/application~1json/example")
                .toString();
    }

    private static String withReference(String body, String reference) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(body);
            node.put("reference", reference);
            return node.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
