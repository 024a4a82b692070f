package ke.onpoint.simulator.paystack;

import static ke.onpoint.simulator.SimulatorAwait.awaitValue;
import static ke.onpoint.simulator.paystack.PaystackSimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The simulator's 200 answers against Paystack's published OpenAPI document (PaystackOSS/openapi, MIT, copied with
 * its LICENSE to src/test/resources/simulator/paystack/), parsed with plain Jackson YAML.
 *
 * <p>The rule, applied from the envelope down through {@code data} and every nested object the simulator sends:
 * <ol>
 *   <li><b>Presence.</b> Where a schema has a {@code required} list, every listed property must be there. Where an
 *       object schema declares {@code properties} but no {@code required} list, the document does not say what is
 *       optional, so we read it strictly: every documented property must be there, except those this test names
 *       below as not simulated, each with its reason.</li>
 *   <li><b>Types.</b> Every property that is there and documented must have the documented JSON type (string,
 *       integer, number, boolean, object, array; for {@code anyOf}/{@code oneOf} any alternative). {@code null} is
 *       accepted only where the document says {@code nullable: true} or declares no type at all.</li>
 *   <li><b>No inventions.</b> A property the document does not declare is a failure, unless it is named below with
 *       its reason, or, where the document abbreviates an object it spells out elsewhere (the refund's
 *       {@code transaction} is the verify transaction), it is declared in that fuller schema, whose type then
 *       applies.</li>
 * </ol>
 * Known gaps are therefore explicit and few: nothing here silently tolerates a missing or mistyped field.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = PaystackSimulatorTest.SimulatorOnlyApp.class,
        properties = {
            "onpoint.simulator.paystack.enabled=true",
            "onpoint.simulator.paystack.secret-key=" + PaystackSimulatorOpenApiTest.SECRET,
            "onpoint.simulator.paystack.checkout-base-url=http://localhost/sim/paystack",
            // nobody listens there: webhooks are not what this test is about
            "onpoint.simulator.paystack.webhook-url=http://127.0.0.1:9/paystack/webhook",
            "onpoint.simulator.paystack.webhook-delay=100ms",
            "onpoint.simulator.paystack.redelivery-delay=100ms",
            "onpoint.simulator.paystack.max-deliveries=1",
            "management.endpoint.health.validate-group-membership=false",
            "onpoint.embedded-db.enabled=false", // no database in a simulator-only context
            "logging.file.name=target/paystack-simulator-test.log"
        })
class PaystackSimulatorOpenApiTest {

    static final String SECRET = "sk_test_openapi_0000000000000000000000000000";
    private static final String DOCUMENT = "/simulator/paystack/paystack-openapi.yaml";

    private static JsonNode document;

    @LocalServerPort
    int port;

    private PaystackSimHttp http;

    @BeforeAll
    static void loadDocument() throws IOException {
        try (InputStream in = PaystackSimulatorOpenApiTest.class.getResourceAsStream(DOCUMENT)) {
            assertThat(in).as(DOCUMENT + " on the test classpath").isNotNull();
            document = new YAMLMapper().readTree(in);
        }
        assertThat(document.path("openapi").asText()).startsWith("3.");
    }

    @BeforeEach
    void reset() throws Exception {
        http = new PaystackSimHttp(port, SECRET);
        http.control("/__sim/reset", "{}");
    }

    @Test
    void initializeAnswerConforms() throws Exception {
        HttpResponse<String> response = http.api(
                "POST",
                "/transaction/initialize",
                "{\"email\":\"doc@example.com\",\"amount\":10000,\"callback_url\":\"https://shop.example/r\"}");

        assertConforms(response, "/transaction/initialize", "post", new Rules());
    }

    @Test
    void verifyAnswerConformsBeforePayment() throws Exception {
        String reference = initialize().at("/data/reference").asText();

        Rules rules = new Rules()
                .notSimulated("/data/authorization", "Paystack answers authorization {} until a payment is authorized")
                .notSimulated(
                        "/data/plan_object",
                        "plans are not simulated; the document's own oneOf allows {} for a transaction without plan");
        assertConforms(
                http.api("GET", "/transaction/verify/" + reference, null),
                "/transaction/verify/{reference}",
                "get",
                rules);
    }

    @Test
    void verifyAnswerConformsAfterCardPayment() throws Exception {
        String reference = paidByCard();

        Rules rules = new Rules()
                .notSimulated(
                        "/data/plan_object",
                        "plans are not simulated; the document's own oneOf allows {} for a transaction without plan");
        JsonNode body = assertConforms(
                http.api("GET", "/transaction/verify/" + reference, null),
                "/transaction/verify/{reference}",
                "get",
                rules);
        assertThat(body.at("/data/status").asText()).isEqualTo("success");
        assertThat(body.at("/data/authorization").size()).isEqualTo(15); // every documented authorization property
    }

    @Test
    void verifyAnswerConformsAfterMpesaPayment() throws Exception {
        String reference = "doc-mpesa-" + System.nanoTime();
        assertThat(http.api("POST", "/charge", mpesaCharge(reference)).statusCode())
                .isEqualTo(200);
        awaitStatus(reference, "success");

        Rules rules = new Rules()
                .notSimulated(
                        "/data/plan_object",
                        "plans are not simulated; the document's own oneOf allows {} for a transaction without plan");
        assertConforms(
                http.api("GET", "/transaction/verify/" + reference, null),
                "/transaction/verify/{reference}",
                "get",
                rules);
    }

    @Test
    void refundCreateAnswerConforms() throws Exception {
        String reference = paidByCard();
        HttpResponse<String> response = http.api(
                "POST", "/refund", "{\"transaction\":\"" + reference + "\",\"amount\":4000,\"merchant_note\":\"doc\"}");

        Rules rules = new Rules().fullerSchema("/data/transaction", verifyDataSchema());
        JsonNode body = assertConforms(response, "/refund", "post", rules);
        assertThat(body.at("/data/status").asText()).isEqualTo("pending");
    }

    @Test
    void mpesaChargeAnswerConforms() throws Exception {
        HttpResponse<String> response = http.api("POST", "/charge", mpesaCharge("doc-charge-" + System.nanoTime()));

        // The document's ChargeCreateResponse describes only a charge that completed synchronously (a card charge:
        // paid_at, authorization, fees... all required). An M-Pesa charge completes later, and Paystack's mobile money
        // guide (reference §2.3) documents its answer as {reference, status:"pay_offline", display_text}. Inventing
        // paid_at or an authorization for an unpaid charge would be the dishonest way to pass; instead the presence
        // rule is waived for data, and what is sent must still be documented (or display_text) and typed right.
        Rules rules = new Rules()
                .notSimulated("/data", "M-Pesa pay_offline answer: the completed-charge fields do not exist yet")
                .extra(
                        "/data/display_text",
                        "Paystack's mobile money answer (reference §2.3); not in ChargeCreateResponse");
        JsonNode body = assertConforms(response, "/charge", "post", rules);
        assertThat(body.at("/data/status").asText()).isEqualTo("pay_offline");
    }

    /** The checker itself: a rule that passes everything would prove nothing. */
    @Test
    void checkerCatchesMissingMistypedNullAndInventedFields() throws Exception {
        String reference = paidByCard();
        ObjectNode body = (ObjectNode) json(http.api("GET", "/transaction/verify/" + reference, null));
        ObjectNode data = (ObjectNode) body.get("data");
        data.remove("reference"); // required
        data.put("amount", "10000"); // integer as string
        data.putNull("gateway_response"); // not nullable
        data.put("paidat", "2024-01-01T00:00:00.000Z"); // invented
        ((ObjectNode) data.get("authorization")).remove("last4"); // no required list: all documented expected
        ((ObjectNode) data.get("customer")).put("id", 1.5); // integer as number

        Rules rules = new Rules().notSimulated("/data/plan_object", "plans are not simulated");
        List<String> problems = check(body, responseSchema("/transaction/verify/{reference}", "get"), rules);
        assertThat(problems)
                .containsExactlyInAnyOrder(
                        "/data: missing documented property reference",
                        "/data/amount: expected integer but was \"10000\"",
                        "/data/gateway_response: null, but the document does not allow null",
                        "/data/paidat: not in the document",
                        "/data/authorization: missing documented property last4",
                        "/data/customer/id: expected integer but was 1.5");
    }

    // ---- the rule ----

    /** Exceptions to the rule for one answer, each with its reason (kept only as documentation of the waiver). */
    static final class Rules {
        final Map<String, String> notSimulated = new LinkedHashMap<>();
        final Map<String, String> extras = new LinkedHashMap<>();
        final Map<String, JsonNode> fuller = new LinkedHashMap<>();

        /** The object at this pointer need not have every documented property (its present ones are still checked). */
        Rules notSimulated(String pointer, String reason) {
            notSimulated.put(pointer, reason);
            return this;
        }

        /** This undocumented property may be sent. */
        Rules extra(String pointer, String reason) {
            extras.put(pointer, reason);
            return this;
        }

        /** The document abbreviates the object at this pointer; properties it omits are checked against this schema. */
        Rules fullerSchema(String pointer, JsonNode schema) {
            fuller.put(pointer, schema);
            return this;
        }
    }

    private JsonNode assertConforms(HttpResponse<String> response, String path, String method, Rules rules)
            throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        List<String> problems = check(body, responseSchema(path, method), rules);
        assertThat(problems)
                .as("%s %s answer %s against the OpenAPI document", method.toUpperCase(), path, body)
                .isEmpty();
        return body;
    }

    static List<String> check(JsonNode value, JsonNode schema, Rules rules) {
        List<String> problems = new ArrayList<>();
        check(value, schema, null, "", rules, problems);
        return problems;
    }

    private static void check(
            JsonNode value,
            JsonNode schemaOrRef,
            JsonNode fallbackOrRef,
            String pointer,
            Rules rules,
            List<String> problems) {
        JsonNode schema = resolve(schemaOrRef);
        String at = pointer.isEmpty() ? "/" : pointer;
        if (value.isNull()) {
            if (!nullable(schema)) {
                problems.add(at + ": null, but the document does not allow null");
            }
            return;
        }
        if (!typeMatches(value, schema)) {
            problems.add(at + ": expected " + typeName(schema) + " but was " + value);
            return;
        }
        if (value.isObject() && schema.has("properties")) {
            JsonNode properties = schema.get("properties");
            JsonNode fallback =
                    rules.fuller.containsKey(pointer) ? rules.fuller.get(pointer) : resolveOrNull(fallbackOrRef);
            JsonNode fallbackProperties = fallback == null ? null : fallback.get("properties");
            if (!rules.notSimulated.containsKey(pointer)) {
                Iterator<String> expected =
                        schema.has("required") ? iterate(schema.get("required")) : properties.fieldNames();
                expected.forEachRemaining(name -> {
                    if (!value.has(name)) {
                        problems.add(at + ": missing documented property " + name);
                    }
                });
            }
            value.fields().forEachRemaining(field -> {
                String child = pointer + "/" + field.getKey();
                if (properties.has(field.getKey())) {
                    JsonNode fallbackChild = fallbackProperties == null ? null : fallbackProperties.get(field.getKey());
                    check(field.getValue(), properties.get(field.getKey()), fallbackChild, child, rules, problems);
                } else if (fallbackProperties != null && fallbackProperties.has(field.getKey())) {
                    check(field.getValue(), fallbackProperties.get(field.getKey()), null, child, rules, problems);
                } else if (!rules.extras.containsKey(child)) {
                    problems.add(child + ": not in the document");
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), null, pointer + "/" + i, rules, problems);
            }
        }
    }

    private static boolean typeMatches(JsonNode value, JsonNode schema) {
        if (schema.has("type")) {
            return switch (schema.get("type").asText()) {
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                case "object" -> value.isObject();
                case "array" -> value.isArray();
                default -> false;
            };
        }
        for (String composite : new String[] {"anyOf", "oneOf"}) {
            if (schema.has(composite)) {
                for (JsonNode alternative : schema.get(composite)) {
                    if (typeMatches(value, resolve(alternative))) {
                        return true;
                    }
                }
                return false;
            }
        }
        return true; // the document declares no type
    }

    private static boolean nullable(JsonNode schema) {
        if (schema.path("nullable").asBoolean(false)) {
            return true;
        }
        for (String composite : new String[] {"anyOf", "oneOf"}) {
            if (schema.has(composite)) {
                for (JsonNode alternative : schema.get(composite)) {
                    if (nullable(resolve(alternative))) {
                        return true;
                    }
                }
                return false;
            }
        }
        return !schema.has("type");
    }

    private static String typeName(JsonNode schema) {
        if (schema.has("type")) {
            return schema.get("type").asText();
        }
        List<String> names = new ArrayList<>();
        for (String composite : new String[] {"anyOf", "oneOf"}) {
            schema.path(composite).forEach(alternative -> names.add(typeName(resolve(alternative))));
        }
        return String.join(" or ", names);
    }

    // ---- the document ----

    /** The 200 answer's schema of an operation, through {@code $ref}s to components/responses and schemas. */
    static JsonNode responseSchema(String path, String method) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isMissingNode())
                .as("%s %s in the document", method, path)
                .isFalse();
        JsonNode ok = resolve(operation.path("responses").path("200"));
        JsonNode schema = resolve(ok.path("content").path("application/json").path("schema"));
        assertThat(schema.path("properties").isObject())
                .as("200 schema of %s %s", method, path)
                .isTrue();
        return schema;
    }

    /** VerifyResponse.data: the full transaction object the document abbreviates in RefundCreateResponse. */
    private static JsonNode verifyDataSchema() {
        return resolve(responseSchema("/transaction/verify/{reference}", "get")
                .path("properties")
                .path("data"));
    }

    private static JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int depth = 0; current != null && current.has("$ref"); depth++) {
            String ref = current.get("$ref").asText();
            assertThat(ref).as("only local $refs").startsWith("#/");
            assertThat(depth).as("$ref chain at " + ref).isLessThan(20);
            current = document.at(ref.substring(1));
            assertThat(current.isMissingNode()).as("$ref " + ref + " resolves").isFalse();
        }
        return current;
    }

    private static JsonNode resolveOrNull(JsonNode schema) {
        return schema == null ? null : resolve(schema);
    }

    private static Iterator<String> iterate(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asText()));
        return names.iterator();
    }

    // ---- driving the simulator ----

    private JsonNode initialize() throws Exception {
        HttpResponse<String> response = http.api(
                "POST",
                "/transaction/initialize",
                "{\"email\":\"doc@example.com\",\"amount\":10000,\"metadata\":{\"order_id\":\"A1\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private String paidByCard() throws Exception {
        JsonNode init = initialize();
        HttpResponse<String> paid =
                http.control("/__sim/checkout/" + init.at("/data/access_code").asText() + "/pay", null);
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        return init.at("/data/reference").asText();
    }

    private static String mpesaCharge(String reference) {
        return "{\"email\":\"doc@example.com\",\"amount\":5000,\"currency\":\"KES\",\"reference\":\"" + reference
                + "\",\"mobile_money\":{\"phone\":\"+254710000000\",\"provider\":\"mpesa\"}}";
    }

    private void awaitStatus(String reference, String status) {
        awaitValue(
                () -> json(http.api("GET", "/transaction/verify/" + reference, null))
                        .at("/data/status")
                        .asText(),
                status::equals);
    }
}
