package ke.onpoint.pay.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.merchant.MerchantUsers;
import ke.onpoint.pay.security.Role;
import ke.onpoint.pay.support.GatewayTest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The malformed-input campaign, kept in the suite: generated bad input to every endpoint family of a started gateway
 * (its own database, the built-in simulators), checking that no answer is a 5xx, that every 4xx is
 * application/problem+json, and that no stored row changed (a fingerprint of the database before and after each
 * family).
 *
 * <p>Each property generates its family's requests (jqwik, randomized, no shrinking); they are sent on a few threads
 * and judged as they come back, and the property fails after all its tries with every distinct failure (request,
 * status, body excerpt) rather than at the first one, so one run shows everything that remains. The counts per family
 * are printed and written to {@code target/malformed-input-campaign.txt}.
 *
 * <p>The fingerprint leaves out what refused input changes by design: {@code rate_limit_windows} (every API-key
 * request is counted), {@code login_failures} (failed logins are counted), {@code provider_callbacks} (refused
 * callbacks are recorded, as a short excerpt, for review), Quartz's tables, {@code api_keys.last_used_at}
 * (written at most once a minute per key that authenticated) and {@code auth.login_failed} rows of
 * {@code audit_logs} (a wrong password for a real account is audited).
 */
class MalformedInputCampaignIT {

    private static final int PORT = GatewayTest.freePort();
    private static final String TOKEN = "dev-callback-token";
    private static final String PAYSTACK_SECRET = "sk_test_simulator_paystack_0000000000000000";
    private static final String FLUTTERWAVE_HASH = "sim-flutterwave-verif-hash";
    private static final String PASSWORD = GatewayTest.PASSWORD;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXCLUDED_TABLES =
            List.of("rate_limit_windows", "login_failures", "provider_callbacks", "flyway_schema_history");

    private static ConfigurableApplicationContext gateway;
    private static JdbcTemplate jdbc;
    private static Fixtures fixtures;
    private static final CampaignLedger LEDGER = new CampaignLedger();
    private static final ExecutorService SENDERS = Executors.newFixedThreadPool(6);
    private static final List<Future<?>> IN_FLIGHT = new ArrayList<>();
    private static Map<String, String> fingerprintBefore;

    /** What the bad input refers to: two merchants, their keys, sessions and payments, an admin, an invitation. */
    record Fixtures(
            String keyA,
            String accessA,
            String refreshA,
            String merchantA,
            String emailA,
            String paymentA,
            String keyB,
            String merchantB,
            String paymentB,
            String admin,
            String inviteToken,
            String kycA) {}

    // ---------------------------------------------------------------- lifecycle

    @BeforeContainer
    static void startGateway() {
        gateway = new SpringApplicationBuilder(OnPointPayApplication.class)
                .profiles("test")
                .run(
                        "--server.port=" + PORT,
                        "--onpoint.embedded-db.database=onpoint_campaign",
                        "--spring.quartz.properties.org.quartz.scheduler.instanceName=onpoint-pay-campaign",
                        // the campaign sends thousands of requests from one key and one address: limits would answer
                        // most
                        "--onpoint.security.rate-limit.per-second=1000000",
                        "--onpoint.security.rate-limit.per-minute=1000000",
                        "--onpoint.security.login.max-ip-failures=1000000",
                        "--onpoint.security.login.max-account-failures=1000000",
                        "--onpoint.callbacks.refused-per-minute=1000000");
        jdbc = gateway.getBean(JdbcTemplate.class);
        fixtures = createFixtures();
        fingerprintBefore = quiescentFingerprint(Duration.ofMillis(1500), Duration.ofSeconds(60));
    }

    @AfterContainer
    static void stopGateway() throws Exception {
        SENDERS.shutdownNow();
        String summary = LEDGER.summary();
        System.out.println(summary);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/malformed-input-campaign.txt"), summary);
        if (gateway != null) {
            gateway.close();
        }
    }

    private static long familyStarted;

    @BeforeProperty
    void fingerprintOfThisFamily() {
        // what an earlier family's accepted bad input set moving (webhook retries, callbacks) settles first, so each
        // family is judged on what it changed itself
        fingerprintBefore = quiescentFingerprint(Duration.ofMillis(500), Duration.ofSeconds(20));
        familyStarted = System.nanoTime();
    }

    /** All of the family's answers are in: any distinct failure, and any changed table, fails the property. */
    @AfterProperty
    void judgeTheFamily() throws Exception {
        List<Future<?>> sent;
        synchronized (IN_FLIGHT) {
            sent = new ArrayList<>(IN_FLIGHT);
            IN_FLIGHT.clear();
        }
        for (Future<?> request : sent) {
            request.get();
        }
        String family = currentFamily;
        LEDGER.took(family, (System.nanoTime() - familyStarted) / 1_000_000);
        List<CampaignLedger.Violation> violations = LEDGER.violations(family);
        Map<String, String> after = fingerprint();
        List<String> changed = new ArrayList<>();
        after.forEach((table, print) -> {
            if (!print.equals(fingerprintBefore.get(table))) {
                // the rows written last, so the report shows what the bad input left behind
                boolean hasId = jdbc.queryForObject(
                                "SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                                        + "current_schema() AND table_name = ? AND column_name = 'id'",
                                Integer.class,
                                table)
                        > 0;
                List<String> latest = jdbc.queryForList(
                        "SELECT left(to_jsonb(t)::text, 300) FROM \"" + table + "\" t ORDER BY "
                                + (hasId ? "id" : "ctid") + " DESC LIMIT 2",
                        String.class);
                changed.add(
                        table + " (" + fingerprintBefore.get(table) + " → " + print + "; latest rows: " + latest + ")");
            }
        });
        StringBuilder failure = new StringBuilder();
        if (!violations.isEmpty()) {
            failure.append(violations.size())
                    .append(" answers of family '")
                    .append(family)
                    .append("' broke a rule:")
                    .append(CampaignLedger.report(violations))
                    .append('\n');
        }
        if (!changed.isEmpty()) {
            failure.append("stored rows changed during family '")
                    .append(family)
                    .append("': ")
                    .append(changed)
                    .append('\n');
        }
        if (!failure.isEmpty()) {
            throw new AssertionError(failure.toString());
        }
    }

    private static volatile String currentFamily = "";

    private static void send(Probe probe) {
        currentFamily = probe.family();
        Future<?> request = SENDERS.submit(() -> LEDGER.record(probe, probe.send(PORT)));
        synchronized (IN_FLIGHT) {
            IN_FLIGHT.add(request);
        }
    }

    // ---------------------------------------------------------------- the properties, one per endpoint family

    @Property(tries = 700, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void jsonBodiesNeverMakeA5xxNorChangeAnything(@ForAll("jsonBodies") Probe probe) {
        send(probe);
    }

    @Property(tries = 350, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void queryParametersNeverMakeA5xxNorChangeAnything(@ForAll("queryParameters") Probe probe) {
        send(probe);
    }

    @Property(tries = 300, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void headersAndMethodsNeverMakeA5xxNorChangeAnything(@ForAll("headersAndMethods") Probe probe) {
        send(probe);
    }

    @Property(tries = 150, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void kycMultipartNeverMakesA5xxNorChangesAnything(@ForAll("kycMultipart") Probe probe) {
        send(probe);
    }

    @Property(tries = 500, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void providerCallbacksNeverMakeA5xxNorChangeAnything(@ForAll("providerCallbacks") Probe probe) {
        send(probe);
    }

    @Property(tries = 300, generation = GenerationMode.RANDOMIZED, shrinking = ShrinkingMode.OFF)
    void rawHttpBytesNeverMakeA5xxNorChangeAnything(@ForAll("rawHttp") Probe probe) {
        send(probe);
    }

    // ---------------------------------------------------------------- bad values

    static final String DIGITS_2000 = "9".repeat(2000);
    static final List<String> BAD_AMOUNTS = List.of(
            "-1",
            "0",
            "0.001",
            "-0.01",
            "100.005",
            "1e400",
            "\"abc\"",
            "\"\"",
            "true",
            "[]",
            "{}",
            "null",
            "1000000000000",
            DIGITS_2000,
            "0." + "1".repeat(2000),
            "-" + DIGITS_2000,
            "1e-7",
            "[100]",
            "{\"value\":100}");
    static final List<String> BAD_PHONES = List.of(
            "\"abc\"",
            "\"\"",
            "\"0712\"",
            "\"+1 202 555 0100\"",
            "\"07123456789012\"",
            "\"07\\u00001234567\"",
            "[]",
            "true",
            "{}",
            "\"07\\ud8001234567\"",
            "\"0712 345 678 9\"",
            "\"" + "7".repeat(5000) + "\"",
            DIGITS_2000);
    static final List<String> BAD_EMAILS = List.of(
            "\"no-at-sign\"",
            "\"\"",
            "\"a@\"",
            "\"@b.test\"",
            "42",
            "\"a b@c.test\"",
            "\"x@y.test\\u0000\"",
            "[]",
            "null",
            "\"" + "a".repeat(300) + "@x.test\"",
            "\"x@\\udc00.test\"",
            "{}",
            "true");
    /** Wrong types, huge and hostile values for any field (on their own they may be taken: a fatal flaw goes along). */
    static final List<String> NOISE = List.of(
            "123",
            "-1",
            "true",
            "[]",
            "{}",
            "null",
            "\"\"",
            "\"" + "z".repeat(5000) + "\"",
            DIGITS_2000,
            "1e999",
            "[[[[[[[[]]]]]]]]",
            "{\"$gt\":\"\"}",
            "\"<script>alert(1)</script>\"",
            "\"' OR 1=1 --\"",
            "\"\\ud83d\"",
            "\"\\u0000\"",
            "\"\\udc00x\"",
            "\"\\u202e\\ufeff\"",
            "-0",
            "1.5e308",
            "\"" + "\\u0000".repeat(50) + "\"");

    static final List<String> MALFORMED = List.of(
            "",
            " ",
            "{",
            "}",
            "{\"a\":}",
            "{'a':1}",
            "{a:1}",
            "{\"a\":1,}",
            "{\"a\":1}{\"b\":2}",
            "{\"a\":1,\"a\":2}",
            "\ufeff{}",
            "null",
            "[]",
            "\"text\"",
            "42",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":01}",
            "{\"a\":.5}",
            "{\"a\":\"\\x41\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"tab\there\"}",
            "{\"a\":\"unterminated}",
            "{\"a\" 1}",
            "{\"a\":[1,2}",
            "{\"a\":tru}",
            "<xml/>",
            "a=1&b=2",
            "{\"a\":1}garbage",
            "{\"a\":\"\u0001\"}",
            "{\"a\":1}\u0000");

    static String deepNesting(int depth, boolean closed) {
        return "[".repeat(depth) + (closed ? "]".repeat(depth) : "");
    }

    // ---------------------------------------------------------------- JSON bodies

    /** An endpoint taking a JSON body: a valid base and, per field, values it must refuse (a "fatal flaw"). */
    record JsonEndpoint(
            String method, String path, String token, Map<String, String> base, Map<String, List<String>> fatal) {
        String body(Map<String, String> fields) {
            StringBuilder json = new StringBuilder("{");
            fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "")
                    .append('"')
                    .append(name)
                    .append("\":")
                    .append(value));
            return json.append('}').toString();
        }
    }

    static List<JsonEndpoint> jsonEndpoints() {
        Fixtures f = fixtures;
        String unknownPayment = "pay_" + "0".repeat(24);
        List<String> badReferences = List.of(
                q(f.paymentB()),
                q(unknownPayment),
                "\"\"",
                q("ORDER-" + UUID.randomUUID()),
                "\"pay_\\u0000\"",
                "[\"" + f.paymentA() + "\"]");
        return List.of(
                new JsonEndpoint(
                        "POST",
                        "/api/v1/payments/initiate",
                        f.keyA(),
                        ordered(
                                "amount",
                                "100",
                                "currency",
                                "\"KES\"",
                                "payment_method",
                                "\"mpesa\"",
                                "phone",
                                "\"0708374149\"",
                                "reference",
                                "\"CAMPAIGN-1\"",
                                "description",
                                "\"campaign\"",
                                "metadata",
                                "{\"order\":\"1\"}"),
                        Map.of(
                                "amount",
                                BAD_AMOUNTS,
                                "phone",
                                BAD_PHONES,
                                "payment_method",
                                List.of("\"bitcoin\"", "\"\"", "1", "null", "[]"),
                                "currency",
                                List.of("\"XYZ\"", "1", "[]", "\"KE\"", "\"KESS\""))),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/payments/status",
                        f.keyA(),
                        ordered("reference", q(f.paymentA())),
                        Map.of("reference", badReferences)),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/payments/refund",
                        f.keyA(),
                        ordered("reference", q(f.paymentA()), "amount", "1", "reason", "\"campaign\""),
                        // "amount": null is no flaw here: it asks for the whole remaining amount back (the API's
                        // full refund), so a draw of it refunded the fixture's payment and failed the family
                        Map.of(
                                "reference",
                                badReferences,
                                "amount",
                                BAD_AMOUNTS.stream()
                                        .filter(amount -> !amount.equals("null"))
                                        .toList())),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/auth/register",
                        null,
                        ordered(
                                "business_name",
                                "\"Campaign Shop\"",
                                "email",
                                "\"campaign-new@shop.test\"",
                                "password",
                                q(PASSWORD),
                                "phone",
                                "\"0712345678\""),
                        Map.of("email", BAD_EMAILS, "password", List.of("\"\"", "\"short\"", "123", "null", "[]"))),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/auth/login",
                        null,
                        ordered("email", q(f.emailA()), "password", "\"not-the-password\""),
                        Map.of("email", BAD_EMAILS)),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/auth/refresh",
                        null,
                        ordered("refresh", "\"eyJhbGciOiJIUzI1NiJ9.e30.x\""),
                        Map.of("refresh", NOISE)),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/auth/logout",
                        null,
                        ordered("refresh", "\"eyJhbGciOiJIUzI1NiJ9.e30.x\""),
                        Map.of("refresh", NOISE)),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/auth/accept-invite",
                        null,
                        ordered("token", q(f.inviteToken()), "password", "\"short\""),
                        Map.of("password", List.of("\"\"", "\"short\"", "123", "null", "[]", "{}"))),
                new JsonEndpoint(
                        "PATCH",
                        "/api/v1/merchants/me",
                        f.accessA(),
                        ordered("business_name", "\"Renamed\"", "phone", "\"0712345678\""),
                        Map.of(
                                "phone",
                                BAD_PHONES,
                                "business_name",
                                List.of("\"\"", "[]", "{}", "\"" + "n".repeat(5000) + "\""))),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/merchants/me/api-keys",
                        f.accessA(),
                        ordered("name", "\"k\"", "mode", "\"test\"", "scopes", "[\"payments:read\"]"),
                        Map.of(
                                "mode",
                                List.of("\"prod\"", "\"\"", "1", "null", "[]"),
                                "scopes",
                                List.of("[\"nope\"]", "\"payments:read\"", "[1]", "{}", "[\"payments:read\",null]"))),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/merchants/me/users",
                        f.accessA(),
                        ordered("email", "\"new-user@shop.test\"", "role", "\"viewer\""),
                        Map.of("email", BAD_EMAILS, "role", List.of("\"god\"", "\"\"", "1", "null", "[]"))),
                new JsonEndpoint(
                        "PUT",
                        "/api/v1/merchants/me/ip-allowlist",
                        f.accessA(),
                        ordered("cidrs", "[\"10.0.0.0/8\"]"),
                        Map.of(
                                "cidrs",
                                List.of(
                                        "[\"not-an-ip\"]",
                                        "[\"10.0.0.0/33\"]",
                                        "\"10.0.0.0/8\"",
                                        "[1]",
                                        "[\"\"]",
                                        "[\"999.1.1.1\"]",
                                        "[\"10.0.0.0/8\\u0000\"]",
                                        "[[]]"))),
                new JsonEndpoint(
                        "PUT",
                        "/api/v1/merchants/me/mpesa-shortcodes",
                        f.accessA(),
                        ordered("mode", "\"test\"", "shortcode", "\"600300\"", "passkey", "\"aaaaaaaaaaaaaaaaaaaa\""),
                        Map.of(
                                "shortcode",
                                List.of("\"abc\"", "\"\"", "\"1\"", "[]", "null", "\"6003\\u000000\""),
                                "mode",
                                List.of("\"prod\"", "\"\"", "[]", "1"))),
                new JsonEndpoint(
                        "PUT",
                        "/api/v1/merchants/me/webhook",
                        f.accessA(),
                        ordered("url", "\"https://hooks.example.test/x\""),
                        Map.of(
                                "url",
                                List.of(
                                        "\"ftp://hooks.example.test/x\"",
                                        "\"not a url\"",
                                        "\"\"",
                                        "\"http://\"",
                                        "[]",
                                        "123",
                                        "\"https://hooks.example.test/\\u0000\"",
                                        "\"javascript:alert(1)\""))),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/webhooks/deliveries/replay",
                        f.keyA(),
                        ordered(
                                "from",
                                "\"2020-01-01T00:00:00Z\"",
                                "to",
                                "\"2100-01-01T00:00:00Z\"",
                                "status",
                                "\"failed\""),
                        Map.of(
                                "status",
                                List.of("\"bogus\"", "\"\"", "[]"),
                                "from",
                                List.of(
                                        "\"yesterday\"",
                                        "\"2020-13-01T00:00:00Z\"",
                                        "\"2200-01-01T00:00:00Z\"",
                                        "[]",
                                        "{}"))),
                new JsonEndpoint(
                        "POST",
                        "/api/v1/admin/kyc-documents/" + f.kycA() + "/review",
                        f.admin(),
                        ordered("decision", "\"approved\""),
                        Map.of("decision", List.of("\"maybe\"", "\"\"", "1", "null", "[]"))),
                new JsonEndpoint(
                        "PUT",
                        "/api/v1/admin/merchants/" + f.merchantA() + "/limits",
                        f.admin(),
                        ordered("requests_per_second", "50"),
                        Map.of(
                                "requests_per_second",
                                List.of("-1", "\"abc\"", "1.5", "[]", DIGITS_2000, "-" + DIGITS_2000, "{}"))));
    }

    enum JsonFlaw {
        FIELD_FATAL,
        NOISE_PLUS_FATAL,
        MALFORMED,
        TRUNCATED,
        TRAILING_GARBAGE,
        NOT_AN_OBJECT,
        DEEP_NESTING,
        DEEP_NESTING_IN_FIELD,
        HUGE_NUMBER,
        OVERSIZED,
        NUL_ESCAPED,
        LONE_SURROGATE,
        RAW_NUL,
        INVALID_UTF8,
        MUST_REFUSE
    }

    @Provide
    Arbitrary<Probe> jsonBodies() {
        List<JsonEndpoint> endpoints = jsonEndpoints();
        return Combinators.combine(
                        Arbitraries.of(endpoints),
                        Arbitraries.of(JsonFlaw.class),
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.strings().ofMaxLength(30))
                .as(MalformedInputCampaignIT::jsonProbe);
    }

    static Probe jsonProbe(JsonEndpoint endpoint, JsonFlaw flaw, int n, String junk) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(endpoint.base());
        List<String> names = new ArrayList<>(fields.keySet());
        List<String> fatalFields = new ArrayList<>(new TreeMap<>(endpoint.fatal()).keySet());
        String fatalField = fatalFields.get(n % fatalFields.size());
        List<String> fatalValues = endpoint.fatal().get(fatalField);
        fields.put(fatalField, fatalValues.get((n / 7) % fatalValues.size())); // most flaws carry a fatal one too
        List<String> others =
                names.stream().filter(name -> !name.equals(fatalField)).toList();
        String field = others.isEmpty() ? names.get((n / 3) % names.size()) : others.get((n / 3) % others.size());
        byte[] body;
        switch (flaw) {
            case FIELD_FATAL -> body = bytes(endpoint.body(fields));
            case NOISE_PLUS_FATAL -> {
                if (!field.equals(fatalField)) {
                    fields.put(
                            field, n % 5 == 0 ? JSON.valueToTree(junk).toString() : NOISE.get((n / 11) % NOISE.size()));
                }
                body = bytes(endpoint.body(fields));
            }
            case MALFORMED -> body = bytes(MALFORMED.get(n % MALFORMED.size()));
            case TRUNCATED -> {
                String whole = endpoint.body(endpoint.base());
                body = bytes(whole.substring(0, 1 + n % (whole.length() - 1)));
            }
            case TRAILING_GARBAGE ->
                body = bytes(endpoint.body(fields)
                        + List.of("}", "]", "x", ",", "{}", "\u0000", junk + "{")
                                .get(n % 7));
            case NOT_AN_OBJECT ->
                body = bytes(List.of(
                                "[" + endpoint.body(fields) + "]",
                                "\"" + junk.replace("\"", "") + "\"",
                                "12",
                                "true",
                                "null",
                                "[]")
                        .get(n % 6));
            case DEEP_NESTING ->
                body = bytes(deepNesting(List.of(1001, 1500, 5000, 20000).get(n % 4), n % 2 == 0));
            case DEEP_NESTING_IN_FIELD -> {
                fields.put(field, "{\"a\":".repeat(1500) + "1" + "}".repeat(1500));
                body = bytes(endpoint.body(fields));
            }
            case HUGE_NUMBER -> {
                fields.put(field, n % 2 == 0 ? DIGITS_2000 : "1" + "0".repeat(1500) + ".5");
                body = bytes(endpoint.body(fields));
            }
            case OVERSIZED -> {
                fields.put("padding", "\"" + "p".repeat(70_000 + n % 1000) + "\"");
                body = bytes(endpoint.body(fields));
            }
            case NUL_ESCAPED, LONE_SURROGATE -> {
                // on their own, with no other flaw: a string the gateway would store must be refused for this
                fields = new java.util.LinkedHashMap<>(endpoint.base());
                String text = fields.get(field).startsWith("\"") ? fields.get(field) : "\"x\"";
                String bad = flaw == JsonFlaw.NUL_ESCAPED
                        ? "\\u0000"
                        : List.of("\\ud800", "\\udfff", "\\udc00\\ud800").get(n % 3);
                fields.put(field, text.substring(0, text.length() - 1) + bad + "\"");
                body = bytes(endpoint.body(fields));
            }
            case RAW_NUL, INVALID_UTF8 -> {
                fields = new java.util.LinkedHashMap<>(endpoint.base());
                String text = fields.get(field).startsWith("\"") ? fields.get(field) : "\"x\"";
                fields.put(field, text.substring(0, text.length() - 1) + "\u0001MARK\"");
                byte[] bad = flaw == JsonFlaw.RAW_NUL
                        ? new byte[] {0}
                        : List.of(
                                        new byte[] {(byte) 0xC3, 0x28},
                                        new byte[] {(byte) 0xFF},
                                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                        new byte[] {(byte) 0xC0, (byte) 0x80},
                                        new byte[] {(byte) 0xE2, (byte) 0x82},
                                        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80})
                                .get(n % 6);
                body = replace(bytes(endpoint.body(fields)), bytes("\u0001MARK"), bad);
            }
            case MUST_REFUSE -> {
                return mustRefuse(endpoint, n);
            }
            default -> throw new IllegalStateException(flaw.toString());
        }
        Probe probe = Probe.http(
                "json",
                flaw.name().toLowerCase(),
                endpoint.method(),
                endpoint.path(),
                body,
                "Content-Type",
                "application/json",
                "Authorization",
                bearer(endpoint.token()));
        // NUL, lone surrogates and invalid UTF-8 in what would be stored are bad input on their own (the issue): a 2xx
        // from an endpoint that stores is a failure (reads and logins only look things up)
        boolean stores = !List.of(
                        "/api/v1/payments/status", "/api/v1/auth/login", "/api/v1/auth/logout", "/api/v1/auth/refresh")
                .contains(endpoint.path());
        return stores
                        && java.util.EnumSet.of(
                                        JsonFlaw.NUL_ESCAPED,
                                        JsonFlaw.LONE_SURROGATE,
                                        JsonFlaw.RAW_NUL,
                                        JsonFlaw.INVALID_UTF8)
                                .contains(flaw)
                ? probe.refusedOnly()
                : probe;
    }

    /** Input the issue lists as wrongly accepted: a 2xx for these is a failure. */
    static Probe mustRefuse(JsonEndpoint endpoint, int n) {
        Fixtures f = fixtures;
        return switch (n % 2) {
            case 0 ->
                Probe.http(
                                "json",
                                "currency-empty",
                                "POST",
                                "/api/v1/payments/initiate",
                                "{\"amount\":100,\"currency\":\"\",\"payment_method\":\"mpesa\",\"phone\":\"0708374149\",\"reference\":\"CAMPAIGN-CUR-"
                                        + n + "\"}",
                                "Content-Type",
                                "application/json",
                                "Authorization",
                                bearer(f.keyA()))
                        .refusedOnly();
            default ->
                Probe.http(
                                "json",
                                "webhook-url-credentials",
                                "PUT",
                                "/api/v1/merchants/me/webhook",
                                "{\"url\":\"https://user:pass@hooks.example.test/x\"}",
                                "Content-Type",
                                "application/json",
                                "Authorization",
                                bearer(f.accessA()))
                        .refusedOnly();
        };
    }

    // ---------------------------------------------------------------- query parameters and path parameters

    record QueryEndpoint(String path, String token, List<String> parameters) {}

    static final List<String> BAD_QUERY_VALUES = List.of(
            "-1",
            "0",
            "abc",
            "",
            "1e9",
            "99999999999999999999",
            "1.5",
            "2024-13-45",
            "2024-02-30",
            "yesterday",
            "2024-01-01T25:00:00Z",
            "%00",
            "%C0%AF",
            "%FF%FE",
            "%E2%82",
            "'%20OR%201=1--",
            "%3Cscript%3E",
            "z".repeat(5000),
            "%F0%9F%98%80",
            "%5B%5D",
            "%7B%7D",
            "null",
            "true",
            "MTIz",
            "eyJpZCI6MX0",
            "-9223372036854775809",
            "9223372036854775808",
            "0x10",
            "+1",
            "%20",
            "%0A",
            "%0D%0A",
            "PENDING",
            "pending,failed",
            "%25",
            "..%2F..%2Fetc%2Fpasswd");

    static List<QueryEndpoint> queryEndpoints() {
        Fixtures f = fixtures;
        return List.of(
                new QueryEndpoint(
                        "/api/v1/payments/transactions",
                        f.keyA(),
                        List.of("status", "payment_method", "date_from", "date_to", "limit", "cursor", "phone")),
                new QueryEndpoint(
                        "/api/v1/payments/transactions", f.accessA(), List.of("status", "limit", "cursor", "phone")),
                new QueryEndpoint("/api/v1/webhooks/deliveries", f.keyA(), List.of("status", "limit", "cursor")),
                new QueryEndpoint(
                        "/api/v1/audit-logs",
                        f.accessA(),
                        List.of("action", "actor", "from", "to", "cursor", "limit", "format")),
                new QueryEndpoint(
                        "/api/v1/audit-logs",
                        f.admin(),
                        List.of("merchant", "from", "to", "cursor", "limit", "format")),
                new QueryEndpoint("/api/v1/admin/kyc-documents", f.admin(), List.of("status", "limit", "cursor")),
                new QueryEndpoint("/api/v1/merchants/me/kyc-documents", f.accessA(), List.of("status", "limit")));
    }

    @Provide
    Arbitrary<Probe> queryParameters() {
        List<QueryEndpoint> endpoints = queryEndpoints();
        Fixtures f = fixtures;
        List<String> refs = List.of(
                f.paymentB(),
                "pay_" + "0".repeat(24),
                "ORDER-nobody",
                "%00",
                "%FF",
                "a".repeat(3000),
                "pay_%E2%82",
                "..",
                "%2E%2E",
                "%20",
                "pay_'--",
                f.paymentA() + "%00");
        return Combinators.combine(
                        Arbitraries.of(endpoints),
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.strings().alpha().numeric().ofMaxLength(20))
                .as((endpoint, n, junk) -> {
                    if (n % 5 == 0) {
                        return pathParameterProbe(refs.get(n % refs.size()), n);
                    }
                    if (n % 17 == 1) {
                        return Probe.http(
                                        "query",
                                        "audit-format",
                                        "GET",
                                        "/api/v1/audit-logs?format="
                                                + List.of("xml", "XML", "pdf", "%00", "json%00")
                                                        .get(n % 5),
                                        (byte[]) null,
                                        "Authorization",
                                        bearer(f.accessA()))
                                .refusedOnly();
                    }
                    StringBuilder query = new StringBuilder();
                    int count = 1 + n % 3;
                    for (int i = 0; i < count; i++) {
                        String name = endpoint.parameters()
                                .get((n / (i + 2)) % endpoint.parameters().size());
                        String value = i == 2 ? junk : BAD_QUERY_VALUES.get((n / 3 + i * 7) % BAD_QUERY_VALUES.size());
                        query.append(i == 0 ? "?" : "&")
                                .append(name)
                                .append('=')
                                .append(value);
                    }
                    return Probe.http(
                            "query",
                            "bad-parameter",
                            "GET",
                            endpoint.path() + query,
                            (byte[]) null,
                            "Authorization",
                            bearer(endpoint.token()),
                            "Accept",
                            n % 7 == 0 ? "text/csv" : null);
                });
    }

    static Probe pathParameterProbe(String ref, int n) {
        Fixtures f = fixtures;
        return switch (n % 6) {
            case 0 ->
                Probe.http(
                        "query",
                        "path-reference",
                        "GET",
                        "/api/v1/payments/transactions/" + ref,
                        (byte[]) null,
                        "Authorization",
                        bearer(f.keyA()));
            case 1 ->
                Probe.http(
                        "query",
                        "path-reference",
                        "GET",
                        "/api/v1/webhooks/deliveries/" + ref,
                        (byte[]) null,
                        "Authorization",
                        bearer(f.keyA()));
            case 2 ->
                Probe.http(
                        "query",
                        "path-reference",
                        "GET",
                        "/api/v1/admin/merchants/" + ref + "/limits",
                        (byte[]) null,
                        "Authorization",
                        bearer(f.admin()));
            case 3 ->
                Probe.http(
                        "query",
                        "path-reference",
                        "DELETE",
                        "/api/v1/merchants/me/api-keys/" + ref,
                        (byte[]) null,
                        "Authorization",
                        bearer(f.accessA()));
            case 4 ->
                Probe.http(
                        "query",
                        "path-reference",
                        "DELETE",
                        "/api/v1/merchants/me/users/" + ref,
                        (byte[]) null,
                        "Authorization",
                        bearer(f.accessA()));
            default ->
                Probe.http(
                        "query",
                        "path-reference",
                        "POST",
                        "/api/v1/webhooks/deliveries/" + ref + "/replay",
                        "{}",
                        "Authorization",
                        bearer(f.keyA()),
                        "Content-Type",
                        "application/json");
        };
    }

    // ---------------------------------------------------------------- headers and methods

    @Provide
    Arbitrary<Probe> headersAndMethods() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .ofMinLength(1)
                                .ofMaxLength(60))
                .as(MalformedInputCampaignIT::headerProbe);
    }

    static Probe headerProbe(int n, String junk) {
        Fixtures f = fixtures;
        // bodies that are refused on their own, so a header the gateway ignored cannot make a valid request
        String badPayment =
                "{\"amount\":-1,\"currency\":\"KES\",\"payment_method\":\"mpesa\",\"phone\":\"0708374149\",\"reference\":\"CAMPAIGN-H\"}";
        String badLogin = "{\"email\":\"" + f.emailA() + "\",\"password\":\"not-the-password\"}";
        List<String> authorizations = List.of(
                "Bearer",
                "Bearer ",
                "Basic dXNlcjpwYXNz",
                "Bearer sk_test_" + junk,
                "Bearer sk_live_" + junk,
                "Bearer " + "A".repeat(4000),
                "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
                "Bearer eyJ" + junk + ".eyJ.sig",
                "bearer " + f.keyA().toUpperCase(),
                "Bearer  " + f.keyA(),
                "Token " + f.keyA(),
                f.keyA(),
                "Bearer " + f.keyA() + " extra",
                "Bearer " + f.refreshA(),
                "Digest x",
                "Bearer sk_test_",
                "Bearer " + junk);
        List<String> contentTypes = List.of(
                "text/plain",
                "application/xml",
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "application/x-www-form-urlencoded",
                "application/json; charset=ISO-8859-1",
                "application/json; charset=bogus",
                "*/*",
                "application/json, text/plain",
                junk,
                "application/problem+json",
                "application/json;;;",
                "text/html; charset=utf-8");
        return switch (n % 8) {
            case 0, 1 ->
                Probe.http(
                        "headers",
                        "authorization",
                        List.of("GET", "POST").get(n % 2 == 0 ? 0 : 1),
                        n % 2 == 0 ? "/api/v1/payments/transactions" : "/api/v1/payments/initiate",
                        n % 2 == 0 ? null : badPayment,
                        "Authorization",
                        authorizations.get((n / 8) % authorizations.size()),
                        "Content-Type",
                        n % 2 == 0 ? null : "application/json");
            case 2 ->
                Probe.http(
                        "headers",
                        "idempotency-key",
                        "POST",
                        "/api/v1/payments/initiate",
                        badPayment,
                        "Authorization",
                        bearer(f.keyA()),
                        "Content-Type",
                        "application/json",
                        "Idempotency-Key",
                        List.of(
                                        "x".repeat(256),
                                        "x".repeat(5000),
                                        "with space",
                                        junk + " " + junk,
                                        "\t",
                                        "a\tb",
                                        junk.repeat(10))
                                .get((n / 8) % 7));
            case 3 ->
                Probe.http(
                        "headers",
                        "content-type",
                        "POST",
                        List.of("/api/v1/payments/initiate", "/api/v1/auth/login")
                                .get((n / 8) % 2),
                        (n / 8) % 2 == 0 ? badPayment : badLogin,
                        "Authorization",
                        (n / 8) % 2 == 0 ? bearer(f.keyA()) : null,
                        "Content-Type",
                        contentTypes.get((n / 16) % contentTypes.size()));
            case 4 ->
                Probe.http(
                        "headers",
                        "accept",
                        "GET",
                        List.of("/api/v1/payments/transactions/pay_nobody", "/api/v1/payments/transactions?limit=-1")
                                .get((n / 8) % 2),
                        (byte[]) null,
                        "Authorization",
                        bearer(f.keyA()),
                        "Accept",
                        List.of("application/xml", "text/html", "image/png", "*/*;q=0", junk, "text/csv")
                                .get((n / 16) % 6));
            case 5 -> {
                String method = List.of("TRACE", "OPTIONS", "PATCH", "PUT", "DELETE", "PROPFIND", "FOO", "HEAD")
                        .get((n / 8) % 8);
                String path = List.of(
                                "/api/v1/payments/initiate",
                                "/api/v1/payments/transactions",
                                "/api/v1/auth/login",
                                "/api/v1/payments/mpesa/callback/" + TOKEN,
                                "/api/v1/payments/paystack/webhook",
                                "/api/v1/nowhere",
                                "/api/v1/audit-logs")
                        .get((n / 64) % 7);
                yield Probe.http(
                        "headers",
                        "method",
                        method,
                        path,
                        method.equals("HEAD") ? null : badPayment,
                        "Authorization",
                        bearer(f.keyA()),
                        "Content-Type",
                        "application/json");
            }
            case 6 ->
                Probe.http(
                        "headers",
                        "cors",
                        (n / 8) % 2 == 0 ? "OPTIONS" : "GET",
                        "/api/v1/payments/transactions",
                        (byte[]) null,
                        "Origin",
                        List.of("https://evil.test", "null", junk, "http://localhost:1")
                                .get((n / 16) % 4),
                        "Access-Control-Request-Method",
                        (n / 8) % 2 == 0 ? List.of("POST", "DELETE", "TRACE").get((n / 64) % 3) : null,
                        "Authorization",
                        bearer(f.keyA()));
            default ->
                Probe.http(
                        "headers",
                        "other-headers",
                        "POST",
                        "/api/v1/payments/initiate",
                        badPayment,
                        "Authorization",
                        bearer(f.keyA()),
                        "Content-Type",
                        "application/json",
                        List.of("X-Forwarded-For", "Content-Encoding", "Accept-Charset", "X-Request-Id", "Forwarded")
                                .get((n / 8) % 5),
                        List.of("not-an-ip, 999.1.1.1", "gzip", "bogus", junk.repeat(20), "for=\"[::1\";proto=gopher")
                                .get((n / 40) % 5));
        };
    }

    // ---------------------------------------------------------------- KYC upload (multipart)

    @Provide
    Arbitrary<Probe> kycMultipart() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20))
                .as(MalformedInputCampaignIT::multipartProbe);
    }

    static Probe multipartProbe(int n, String junk) {
        String boundary = "campaign" + junk;
        String type = List.of("bank_letter", "", "passport\u0000", "bogus", "b".repeat(300))
                .get(n % 5);
        String filename = List.of(
                        "letter.pdf",
                        "let\u0000ter.pdf",
                        "../../../etc/passwd",
                        "",
                        "x".repeat(300) + ".pdf",
                        "lettér.pdf",
                        "a\"b.pdf",
                        "a\r\nb.pdf")
                .get((n / 5) % 8);
        String content = List.of("%PDF-1.4 letter", "MZ\u0090\u0000binary", "", "<html>", "\u0000\u0000\u0000")
                .get((n / 40) % 5);
        // one structural flaw, or a part that must be refused: a valid document is never uploaded
        boolean validParts = type.equals("bank_letter") && content.startsWith("%PDF") && !filename.contains("\u0000");
        int structure = validParts ? 1 + (n / 200) % 8 : (n / 200) % 9;
        String typePart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + type + "\r\n";
        String filePart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/pdf\r\n\r\n" + content + "\r\n";
        String end = "--" + boundary + "--\r\n";
        String contentType = "multipart/form-data; boundary=" + boundary;
        String body;
        switch (structure) {
            case 0 -> body = typePart + filePart + end;
            case 1 -> body = typePart + filePart; // no closing boundary
            case 2 -> {
                body = typePart + filePart + end;
                contentType = "multipart/form-data; boundary=other" + boundary; // the boundary does not match
            }
            case 3 -> {
                body = typePart + filePart + end;
                contentType = "multipart/form-data"; // no boundary at all
            }
            case 4 -> body = (typePart + filePart + end).replace("\r\n", "\n");
            case 5 ->
                body = typePart.replace("Content-Disposition: form-data; ", "")
                        + filePart.replace("Content-Disposition", "Content-Dispositoin")
                        + end;
            case 6 -> {
                String whole = typePart + filePart + end;
                body = whole.substring(0, whole.length() / 2 + n % (whole.length() / 2));
            }
            case 7 -> body = typePart + end; // no file part
            default ->
                body = "--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n\r\n" + "%PDF-"
                        + "x".repeat(200) + "\r\n" + typePart.replace("bank_letter", "bogus") + end;
        }
        Probe probe = Probe.http(
                "multipart",
                filename.contains("\u0000") ? "kyc-nul-filename" : "kyc-structure-" + structure,
                "POST",
                "/api/v1/merchants/me/kyc-documents",
                body.getBytes(
                        StandardCharsets.ISO_8859_1.newEncoder().canEncode(body) ? StandardCharsets.ISO_8859_1 : UTF_8),
                "Authorization",
                bearer(fixtures.accessA()),
                "Content-Type",
                contentType);
        return filename.contains("\u0000") || type.contains("\u0000") ? probe.refusedOnly() : probe;
    }

    // ---------------------------------------------------------------- provider callbacks

    enum TokenUse {
        VALID_PATH,
        WRONG_PATH,
        NO_PATH,
        QUERY,
        HEADER
    }

    @Provide
    Arbitrary<Probe> providerCallbacks() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.of(TokenUse.class),
                        Arbitraries.strings().ofMaxLength(30))
                .as(MalformedInputCampaignIT::callbackProbe);
    }

    static Probe callbackProbe(int n, TokenUse tokenUse, String junk) {
        int endpoint = n % 9;
        String body = callbackBody(endpoint, n / 9, junk);
        byte[] bytes = callbackBytes(body, n);
        if (endpoint == 7 || endpoint == 8) {
            boolean paystack = endpoint == 7;
            String header = paystack ? "x-paystack-signature" : "verif-hash";
            String signature = switch (tokenUse) {
                case VALID_PATH, QUERY -> paystack ? hmac(bytes) : FLUTTERWAVE_HASH;
                case WRONG_PATH -> paystack ? hmac(bytes).replace('a', 'b') : FLUTTERWAVE_HASH + "x";
                case NO_PATH -> null;
                case HEADER -> junk;
            };
            return Probe.http(
                    "callbacks",
                    (paystack ? "paystack" : "flutterwave") + "-" + defectOf(n),
                    "POST",
                    "/api/v1/payments/" + (paystack ? "paystack" : "flutterwave") + "/webhook",
                    bytes,
                    "Content-Type",
                    "application/json",
                    header,
                    signature);
        }
        String path = List.of(
                        "/api/v1/payments/mpesa/callback",
                        "/api/v1/payments/c2b/validation",
                        "/api/v1/payments/c2b/confirmation",
                        "/api/v1/payments/mpesa/validation",
                        "/api/v1/payments/mpesa/confirmation",
                        "/api/v1/payments/mpesa/result/"
                                + List.of("reversal", "status", "other").get(n % 3),
                        "/api/v1/payments/mpesa/timeout/"
                                + List.of("reversal", "status").get(n % 2))
                .get(endpoint);
        String target = switch (tokenUse) {
            case VALID_PATH -> path + "/" + TOKEN;
            case WRONG_PATH ->
                path + "/"
                        + (junk.isBlank()
                                ? "wrong"
                                : java.net.URLEncoder.encode(junk, UTF_8).replace("+", "%20"));
            case NO_PATH, HEADER -> path;
            case QUERY -> path + "?token=" + TOKEN;
        };
        Probe probe = Probe.http(
                "callbacks",
                "daraja-" + defectOf(n),
                "POST",
                target,
                bytes,
                "Content-Type",
                "application/json",
                "token",
                tokenUse == TokenUse.HEADER ? TOKEN : null);
        // a token anywhere but in the path is no token: the callback must be refused
        return tokenUse == TokenUse.QUERY || tokenUse == TokenUse.HEADER ? probe.refusedOnly() : probe;
    }

    static String defectOf(int n) {
        return List.of(
                        "malformed",
                        "structure",
                        "nul",
                        "invalid-utf8",
                        "deep-nesting",
                        "huge-number",
                        "oversized",
                        "unknown-reference")
                .get((n / 9) % 8);
    }

    /** A callback body with one flaw that makes even a correctly authenticated sender's message unusable. */
    static String callbackBody(int endpoint, int n, String junk) {
        String checkout = "ws_CO_campaign_" + n;
        return switch (defectOf(n * 9)) {
            case "malformed" -> MALFORMED.get(n % MALFORMED.size());
            case "structure" ->
                switch (endpoint) {
                    case 0 ->
                        List.of(
                                        "{\"Body\":{}}",
                                        "{\"Body\":{\"stkCallback\":{\"ResultCode\":0}}}",
                                        "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"" + "c".repeat(100)
                                                + "\",\"ResultCode\":0}}}",
                                        "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"" + checkout
                                                + "\",\"ResultCode\":0}}}",
                                        "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"" + checkout
                                                + "\",\"ResultCode\":[]}}}",
                                        "{\"Body\":{\"stkCallback\":[]}}")
                                .get(n % 6);
                    case 1, 2, 3, 4 ->
                        List.of(
                                        "{}",
                                        "{\"TransID\":\"\",\"TransAmount\":\"10\"}",
                                        "{\"TransID\":\"T1\",\"TransAmount\":\"-5\"}",
                                        "{\"TransID\":\"T1\",\"TransAmount\":\"abc\"}",
                                        "{\"TransID\":\"T1\",\"TransAmount\":\"10.001\"}",
                                        "{\"TransID\":\"" + "T".repeat(40) + "\",\"TransAmount\":\"10\"}",
                                        "{\"TransID\":\"T1\",\"TransAmount\":\"" + DIGITS_2000 + "\"}",
                                        "{\"TransID\":[],\"TransAmount\":{}}")
                                .get(n % 8);
                    case 5, 6 ->
                        List.of(
                                        "{}",
                                        "{\"Result\":[]}",
                                        "{\"Result\":{\"ResultCode\":0}}",
                                        "{\"Result\":{\"ConversationID\":\"AG_1\"}}",
                                        "{\"Result\":{\"ConversationID\":\"\",\"ResultCode\":0}}")
                                .get(n % 5);
                    default ->
                        List.of("{}", "{\"event\":null}", "{\"event\":[]}", "[]", "{\"data\":{}}")
                                .get(n % 5);
                };
            case "nul" ->
                List.of(
                                "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"x\\u0000\",\"ResultCode\":0}}}",
                                "{\"TransID\":\"T\\u00001\",\"TransAmount\":\"10\",\"BillRefNumber\":\"A\\u0000\"}",
                                "{\"event\":\"charge.success\\u0000\",\"data\":{\"reference\":\"\\u0000\"}}",
                                "\u0001RAWNUL")
                        .get(n % 4);
            case "invalid-utf8" -> "\u0001RAWUTF8";
            case "deep-nesting" -> n % 2 == 0 ? deepNesting(1500, true) : "{\"Body\":" + deepNesting(2000, false);
            case "huge-number" ->
                List.of(
                                "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"x\",\"ResultCode\":" + DIGITS_2000
                                        + "}}}",
                                "{\"TransID\":\"T1\",\"TransAmount\":" + DIGITS_2000 + "}",
                                "{\"event\":\"charge.success\",\"data\":{\"amount\":" + DIGITS_2000 + "}}")
                        .get(n % 3);
            case "oversized" -> "{\"padding\":\"" + "p".repeat(70_000) + "\"}";
            default ->
                switch (endpoint) { // well-formed, naming what does not exist: must change nothing but the record
                    case 0 ->
                        "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"" + checkout + "\",\"ResultCode\":0,"
                                + "\"CallbackMetadata\":{\"Item\":[]}}}}"; // a success without a receipt
                    case 7 ->
                        "{\"event\":\"charge.success\",\"data\":{\"reference\":\"" + fixtures.paymentB()
                                + "\",\"amount\":100}}";
                    case 8 ->
                        "{\"event\":\"charge.completed\",\"data\":{\"tx_ref\":\"" + fixtures.paymentA()
                                + "\",\"status\":\"successful\"}}";
                    default -> "{\"TransID\":\"" + junk.replace("\"", "") + "\",\"TransAmount\":\"0\"}";
                };
        };
    }

    static byte[] callbackBytes(String body, int n) {
        if (body.equals("\u0001RAWNUL")) {
            return replace(
                    bytes("{\"TransID\":\"T\u0001M1\",\"TransAmount\":\"10\"}"), bytes("\u0001M"), new byte[] {0});
        }
        if (body.equals("\u0001RAWUTF8")) {
            return replace(
                    bytes("{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"\u0001M\",\"ResultCode\":0}}}"),
                    bytes("\u0001M"),
                    n % 2 == 0 ? new byte[] {(byte) 0xC3, 0x28} : new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        }
        return bytes(body);
    }

    static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(PAYSTACK_SECRET.getBytes(UTF_8), "HmacSHA512"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- raw HTTP bytes

    @Provide
    Arbitrary<Probe> rawHttp() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8))
                .as(MalformedInputCampaignIT::rawProbe);
    }

    static final List<String> BAD_ENCODINGS = List.of(
            "%",
            "%z",
            "%zz",
            "%0",
            "%G0",
            "%%",
            "%ff%fe",
            "%c0%ae%c0%ae/",
            "%2e%2e%2f",
            "%00",
            "%25%",
            "%E0%A4%A",
            "%u0041",
            "%C0%80",
            "%ED%A0%80",
            "%F4%90%80%80",
            "%%30%30");
    static final List<String> RAW_PATHS = List.of(
            "/api/v1/payments/transactions/",
            "/api/v1/payments/transactions?status=",
            "/api/v1/payments/transactions?limit=",
            "/api/v1/audit-logs?format=",
            "/api/v1/payments/mpesa/callback/",
            "/api/v1/merchants/me/api-keys/",
            "/api/v1/",
            "/api/v1/payments/initiate?x=");

    static Probe rawProbe(int n, byte[] junk) {
        Fixtures f = fixtures;
        String auth = "Authorization: Bearer " + (n % 2 == 0 ? f.keyA() : f.accessA()) + "\r\n";
        return switch (n % 7) {
            case 0 -> { // bad URL encodings in the path or the query
                String target =
                        RAW_PATHS.get((n / 7) % RAW_PATHS.size()) + BAD_ENCODINGS.get((n / 56) % BAD_ENCODINGS.size());
                yield Probe.raw(
                        "raw",
                        "bad-url-encoding",
                        bytes("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + auth
                                + "Connection: close\r\n\r\n"));
            }
            case 1 -> { // raw bytes (NUL, invalid UTF-8, controls) in the request line
                byte[] request = concat(
                        bytes("GET " + RAW_PATHS.get((n / 7) % RAW_PATHS.size())),
                        junk,
                        bytes(" HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n"));
                yield Probe.raw("raw", "bytes-in-request-line", request);
            }
            case 2 -> { // raw bytes in a header value or name
                boolean name = (n / 7) % 3 == 0;
                byte[] header = name
                        ? concat(bytes("X-"), junk, bytes(": v\r\n"))
                        : concat(
                                bytes(List.of(
                                                "X-Note: ",
                                                "Idempotency-Key: ",
                                                "Authorization: Bearer ",
                                                "Content-Type: application/json; charset=")
                                        .get((n / 21) % 4)),
                                junk,
                                bytes("\r\n"));
                String body = "{\"amount\":-1}";
                yield Probe.raw(
                        "raw",
                        name ? "bytes-in-header-name" : "bytes-in-header-value",
                        concat(
                                bytes("POST /api/v1/payments/initiate HTTP/1.1\r\nHost: localhost\r\n" + auth),
                                header,
                                bytes("Content-Type: application/json\r\nContent-Length: " + body.length()
                                        + "\r\nConnection: close\r\n\r\n" + body)));
            }
            case 3 -> { // raw NUL or invalid UTF-8 inside a JSON string of a stored field
                List<String[]> targets = List.of(
                        new String[] {
                            "/api/v1/payments/initiate",
                            "{\"amount\":100,\"currency\":\"KES\",\"payment_method\":\"mpesa\","
                                    + "\"phone\":\"0708374149\",\"reference\":\"CAMPAIGN-RAW\",\"description\":\"@@\"}",
                            auth
                        },
                        new String[] {
                            "/api/v1/auth/register",
                            "{\"business_name\":\"Shop @@\",\"email\":\"raw@shop.test\"," + "\"password\":\"" + PASSWORD
                                    + "\",\"phone\":\"0712345678\"}",
                            ""
                        },
                        new String[] {
                            "/api/v1/auth/login", "{\"email\":\"@@" + f.emailA() + "\",\"password\":\"x\"}", ""
                        },
                        new String[] {
                            "/api/v1/payments/mpesa/callback/" + TOKEN,
                            "{\"Body\":{\"stkCallback\":{\"CheckoutRequestID\":\"@@\"," + "\"ResultCode\":1032}}}",
                            ""
                        },
                        new String[] {"/api/v1/payments/c2b/confirmation/wrong", "{\"TransID\":\"@@\"}", ""});
                String[] t = targets.get((n / 7) % targets.size());
                byte[] bad = (n / 35) % 2 == 0 ? new byte[] {0} : new byte[] {(byte) 0xFF, (byte) 0xC0, (byte) 0xAF};
                byte[] body = replace(bytes(t[1]), bytes("@@"), bad);
                yield Probe.raw(
                        "raw",
                        bad[0] == 0 ? "raw-nul-in-json" : "invalid-utf8-in-json",
                        concat(
                                bytes("POST " + t[0]
                                        + " HTTP/1.1\r\nHost: localhost\r\n" + t[2]
                                        + "Content-Type: application/json\r\nContent-Length: "
                                        + body.length + "\r\nConnection: close\r\n\r\n"),
                                body));
            }
            case 4 ->
                Probe.raw(
                        "raw",
                        "bad-request-line",
                        bytes(
                                List.of(
                                                "GET /api/v1/payments/transactions HTTP/1.1\r\nConnection: close\r\n\r\n", // no Host
                                                "GET /api/v1/payments/transactions HTTP/1.1\r\nHost: local host\r\nConnection: close\r\n\r\n",
                                                "GET /api/v1/payments/transactions HTTP/1.1 extra\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                                "GET  /api/v1/payments/transactions  HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                                "GET /api/v1/a b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                                "GET http://evil.test/api/v1/payments/transactions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                                "G(T /api/v1/payments/transactions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                                "GET api/v1/payments/transactions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                                "GET /api/v1/" + "a".repeat(10_000)
                                                        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                                                "GET /api/v1/payments/transactions?" + "q=1&".repeat(3000)
                                                        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                                        .get((n / 7) % 10)));
            case 5 ->
                Probe.raw(
                        "raw",
                        "bad-headers",
                        bytes("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                                + List.of(
                                                "Bad Header: x\r\n",
                                                "X-Test : x\r\n",
                                                "NoColonHere\r\n",
                                                "X-Long: " + "v".repeat(9000) + "\r\n",
                                                "X-Folded: a\r\n folded\r\n",
                                                "Host: other\r\n",
                                                "Content-Length: 5\r\nContent-Length: 6\r\n",
                                                "Content-Length: -1\r\n",
                                                "Content-Length: abc\r\n",
                                                "Content-Length: 99999999999999999999\r\n",
                                                "Transfer-Encoding: chunked\r\nContent-Length: 10\r\n",
                                                "Host: a\r\nHost: b\r\n",
                                                ": empty-name\r\n",
                                                "X-Many: 1\r\n".repeat(200))
                                        .get((n / 7) % 14)
                                + "Content-Type: application/json\r\nConnection: close\r\n\r\n{}"));
            default ->
                Probe.raw(
                        "raw",
                        "bad-chunked-body",
                        bytes("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                + List.of(
                                                "zz\r\n{}\r\n0\r\n\r\n",
                                                "2\r\n{}\r\n-1\r\n\r\n",
                                                "2;ext=\u0000\r\n{}\r\n0\r\n\r\n",
                                                "2\r\n{}0\r\n\r\n",
                                                "FFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n",
                                                "2\r\n{}\r\n0\r\nTrailer: x\r\n\r\n")
                                        .get((n / 7) % 6)));
        };
    }

    // ---------------------------------------------------------------- fixtures and fingerprint

    private static Fixtures createFixtures() {
        CampaignGateway api = new CampaignGateway(PORT);
        JsonNode a = api.register();
        String accessA = a.at("/tokens/access").asText();
        String keyA = api.createKey(accessA, "payments:write", "payments:read", "refunds:write", "webhooks:manage");
        JsonNode b = api.register();
        String keyB = api.createKey(b.at("/tokens/access").asText(), "payments:write", "payments:read");
        String paymentA = api.completedPayment(keyA);
        String paymentB = api.completedPayment(keyB);
        String adminEmail = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@onpoint.test";
        gateway.getBean(MerchantUsers.class).create(null, adminEmail, PASSWORD, Role.ADMIN);
        String admin = api.login(adminEmail).at("/tokens/access").asText();
        String invite = api.call(
                        "POST",
                        "/api/v1/merchants/me/users",
                        accessA,
                        "{\"email\":\"invited-" + UUID.randomUUID().toString().substring(0, 8)
                                + "@shop.test\",\"role\":\"viewer\"}")
                .path("invite_token")
                .asText();
        String kyc = api.uploadKyc(accessA);
        return new Fixtures(
                keyA,
                accessA,
                a.at("/tokens/refresh").asText(),
                a.at("/merchant/id").asText(),
                a.at("/user/email").asText(),
                paymentA,
                keyB,
                b.at("/merchant/id").asText(),
                paymentB,
                admin,
                invite,
                kyc);
    }

    /**
     * Waits until nothing moves any more (callbacks applied, outbox dispatched, retries given up), then takes the
     * fingerprint; still moving after {@code atMost}: the last one (the family's check then shows what moved).
     */
    private static Map<String, String> quiescentFingerprint(Duration interval, Duration atMost) {
        List<Map<String, String>> last = new ArrayList<>(List.of(fingerprint()));
        try {
            Awaitility.await()
                    .atMost(atMost)
                    .pollDelay(interval)
                    .pollInterval(interval)
                    .until(() -> {
                        Map<String, String> now = fingerprint();
                        boolean stable = now.equals(last.get(0));
                        last.set(0, now);
                        return stable;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException stillMoving) {
            // judged by the family's own check
        }
        return last.get(0);
    }

    /** Per table: row count and an md5 of its ordered rows. */
    static Map<String, String> fingerprint() {
        Map<String, String> prints = new TreeMap<>();
        for (String table : jdbc.queryForList(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", String.class)) {
            if (table.startsWith("qrtz_") || EXCLUDED_TABLES.contains(table)) {
                continue;
            }
            String row = "(to_jsonb(t) - 'last_used_at')::text";
            String where = table.equals("audit_logs") ? " WHERE action <> 'auth.login_failed'" : "";
            prints.put(
                    table,
                    jdbc.queryForObject(
                            "SELECT count(*) || ':' || coalesce(md5(string_agg(" + row + ", '|' ORDER BY " + row
                                    + ")), '-') FROM \"" + table + "\" t" + where,
                            String.class));
        }
        return prints;
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String q(String text) {
        return "\"" + text + "\"";
    }

    static String bearer(String token) {
        return token == null ? null : "Bearer " + token;
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The bytes with the first occurrence of {@code marker} replaced. */
    static byte[] replace(byte[] bytes, byte[] marker, byte[] replacement) {
        outer:
        for (int i = 0; i + marker.length <= bytes.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return concat(
                    java.util.Arrays.copyOfRange(bytes, 0, i),
                    replacement,
                    java.util.Arrays.copyOfRange(bytes, i + marker.length, bytes.length));
        }
        return bytes;
    }
}
