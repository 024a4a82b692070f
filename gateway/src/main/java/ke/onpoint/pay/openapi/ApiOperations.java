package ke.onpoint.pay.openapi;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ke.onpoint.pay.balance.Balances;
import ke.onpoint.pay.payment.PaymentQueries;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.PaymentView;
import ke.onpoint.pay.refund.RefundView;
import ke.onpoint.pay.report.PaymentSummaries;
import ke.onpoint.pay.settlement.SettlementStatements;

/**
 * What the REST DSL cannot say about each operation, by its rest id: who may call it (as its route admits callers),
 * its body and answer types, its query and header parameters, and the README's examples. Paths, verbs and
 * descriptions come from the REST DSL itself; {@code OpenApiDocumentIT} fails when a rest id has no entry here.
 */
final class ApiOperations {

    /** How a route admits its caller ({@code Callers.apiKey}, {@code keyOrUser}, {@code user}, or none). */
    enum Access {
        API_KEY,
        KEY_OR_TOKEN,
        TOKEN,
        ADMIN,
        PUBLIC,
        PROVIDER
    }

    record Parameter(String in, String name, String description, Type type) {}

    record Operation(
            String id,
            String tag,
            Access access,
            String scope,
            int status,
            Type request,
            String requestExample,
            Type answer,
            String answerExample,
            String contentType,
            boolean alsoCsv,
            List<Parameter> parameters,
            List<Integer> problems) {

        boolean hasBody() {
            return request != null;
        }
    }

    static final String PAYMENTS = "Payments";
    static final String REFUNDS = "Refunds";
    static final String ACCOUNT = "Account and login";
    static final String KEYS_USERS = "API keys and team";
    static final String WEBHOOKS = "Webhooks";
    static final String MONEY = "Balance, settlements and reports";
    static final String COMPLIANCE = "KYC and limits";
    static final String ADMIN_TAG = "Administration";
    static final String PROVIDER_CALLBACKS = "Provider callbacks";

    /** The merchant's API first; the providers' callbacks last. */
    static final List<String> TAGS =
            List.of(PAYMENTS, REFUNDS, WEBHOOKS, MONEY, ACCOUNT, KEYS_USERS, COMPLIANCE, ADMIN_TAG, PROVIDER_CALLBACKS);

    /** A body or answer that is a JSON object the document does not detail. */
    static final Type OBJECT = Map.class;

    /** Short names where the REST DSL gives an operation no description of its own (its group's is in the text). */
    private static final Map<String, String> SUMMARIES = Map.ofEntries(
            Map.entry("rest-admin-kyc-queue", "KYC documents awaiting review"),
            Map.entry("rest-admin-refund-reviews", "Refunds held for review, oldest first"),
            Map.entry("rest-admin-refund-resolve", "Record the verdict on a refund held for review"),
            Map.entry("rest-admin-callbacks", "Provider callbacks awaiting review, newest first"),
            Map.entry("rest-admin-callback", "A provider callback with its payload and payment"),
            Map.entry("rest-admin-callback-resolve", "Resolve a provider callback with a note"),
            Map.entry("rest-admin-kyc-review", "Approve or reject a KYC document"),
            Map.entry("rest-admin-limits-get", "A merchant's transaction limits"),
            Map.entry("rest-admin-limits-set", "Set a merchant's transaction limits"),
            Map.entry("rest-admin-payouts-pause", "Pause a merchant's payouts"),
            Map.entry("rest-admin-payouts-resume", "Resume a merchant's payouts"),
            Map.entry("rest-admin-pricing-get", "A merchant's pricing plan"),
            Map.entry("rest-admin-pricing-set", "Set a merchant's pricing plan"),
            Map.entry("rest-admin-reconciliation-items", "Reconciliation items"),
            Map.entry("rest-admin-reconciliation-resolve", "Resolve a reconciliation item"),
            Map.entry("rest-admin-mpesa-statement", "Upload an M-Pesa statement (CSV)"),
            Map.entry("rest-admin-reconciliation-reports", "Reconciliation reports"),
            Map.entry("rest-admin-reconciliation-report", "A reconciliation report"),
            Map.entry("rest-admin-reconciliation-run", "Run a reconciliation"),
            Map.entry("rest-admin-settlements-run", "Run the day's settlement now"),
            Map.entry("rest-auth-accept-invite", "Accept an invitation (set a password, log in)"),
            Map.entry("rest-auth-login", "Log in"),
            Map.entry("rest-auth-logout", "Log out (end the refresh token's session)"),
            Map.entry("rest-auth-refresh", "Renew the access token"),
            Map.entry("rest-auth-register", "Register a merchant and its owner"),
            Map.entry("rest-merchant-get", "The merchant's account"),
            Map.entry("rest-merchant-update", "Update the merchant's account"),
            Map.entry("rest-api-keys-list", "API keys"),
            Map.entry("rest-api-keys-create", "Create an API key (its secret is shown once)"),
            Map.entry("rest-api-keys-revoke", "Revoke an API key"),
            Map.entry("rest-ip-allowlist-get", "The API keys' IP allow-list"),
            Map.entry("rest-ip-allowlist-set", "Set the API keys' IP allow-list"),
            Map.entry("rest-kyc-documents-list", "KYC documents"),
            Map.entry("rest-kyc-documents-upload", "Upload a KYC document"),
            Map.entry("rest-merchant-limits", "The merchant's transaction limits"),
            Map.entry("rest-mpesa-shortcodes-list", "The merchant's own M-Pesa shortcodes"),
            Map.entry("rest-mpesa-shortcodes-set", "Set the merchant's own M-Pesa shortcode"),
            Map.entry("rest-mpesa-shortcodes-remove", "Remove the merchant's own M-Pesa shortcode"),
            Map.entry("rest-payout-destination-get", "Where settlements are paid out"),
            Map.entry("rest-payout-destination-set", "Set where settlements are paid out"),
            Map.entry("rest-users-list", "Team members"),
            Map.entry("rest-users-invite", "Invite a team member"),
            Map.entry("rest-users-update", "Change a team member's role"),
            Map.entry("rest-users-remove", "Remove a team member"),
            Map.entry("rest-webhook-settings", "Webhook settings"),
            Map.entry("rest-webhook-url", "Set the webhook URL"),
            Map.entry("rest-webhook-rotate-secret", "Rotate the webhook signing secret"),
            Map.entry("rest-webhook-test", "Send a test event"),
            Map.entry("rest-c2b-confirmation", "Safaricom C2B confirmation"),
            Map.entry("rest-c2b-validation", "Safaricom C2B validation"),
            Map.entry("rest-mpesa-stk-callback", "Daraja STK callback (legacy path)"),
            Map.entry("rest-mpesa-stk-callback-payment", "Daraja STK callback for a payment"),
            Map.entry("rest-mpesa-stk-callback-token", "Daraja STK callback"),
            Map.entry("rest-mpesa-c2b-confirmation", "Safaricom C2B confirmation (seed path)"),
            Map.entry("rest-mpesa-c2b-validation", "Safaricom C2B validation (seed path)"),
            Map.entry("rest-mpesa-result", "Daraja asynchronous Result"),
            Map.entry("rest-mpesa-timeout", "Daraja QueueTimeOut"),
            Map.entry("rest-payments-status", "A payment by reference (body)"),
            Map.entry("rest-payments-get", "A payment by reference"),
            Map.entry("rest-webhook-deliveries", "Webhook deliveries"),
            Map.entry("rest-webhook-deliveries-replay", "Replay the deliveries of a time range"),
            Map.entry("rest-webhook-delivery", "A webhook delivery with its attempts"),
            Map.entry("rest-webhook-delivery-replay", "Replay a webhook delivery"));

    /** The operation's short name, or null to take the REST DSL's description. */
    static String summary(String restId) {
        return SUMMARIES.get(restId);
    }

    private final Map<String, Operation> operations = new LinkedHashMap<>();

    ApiOperations() {
        payments();
        account();
        webhooks();
        money();
        administration();
        providerCallbacks();
    }

    Operation get(String restId) {
        return operations.get(restId);
    }

    Map<String, Operation> all() {
        return Collections.unmodifiableMap(operations);
    }

    private void payments() {
        op("rest-payments-initiate", PAYMENTS, Access.API_KEY, "payments:write")
                .body(
                        RequestBodies.InitiatePayment.class,
                        "{\"amount\": 100.00, \"currency\": \"KES\", \"payment_method\": \"mpesa\", \"phone\": "
                                + "\"0712345678\", \"reference\": \"ORDER-123\", \"callback_url\": "
                                + "\"https://yourdomain.com/webhook\", \"metadata\": {\"order_id\": \"123\", "
                                + "\"customer_name\": \"John Doe\"}}")
                .answers(201, PaymentView.class)
                .example("{\"reference\": \"TXN20261127093012AB12CD\", \"merchant_reference\": \"ORDER-123\", "
                        + "\"status\": \"pending\", \"payment_method\": \"mpesa\", \"amount\": 100.00, "
                        + "\"currency\": \"KES\", \"checkout_request_id\": \"ws_CO_27112026093012345678\", "
                        + "\"customer_message\": \"Success. Request accepted for processing\"}")
                .header("Idempotency-Key", "Replays the first answer to the same key and body; another body is a 422")
                .problems(409, 429, 502, 503);
        op("rest-payments-status", PAYMENTS, Access.KEY_OR_TOKEN, "payments:read")
                .body(
                        RequestBodies.PaymentLookup.class,
                        "{\"reference\": \"ORDER-124\", \"payment_method\": \"mpesa\"}")
                .answers(200, PaymentQueries.StatusAnswer.class)
                .example("{\"reference\": \"TXN20261127093112EF34GH\", \"merchant_reference\": \"ORDER-124\", "
                        + "\"status\": \"cancelled\", \"failure_code\": \"1032\", "
                        + "\"failure_reason\": \"Request cancelled by user\"}")
                .problems(404);
        op("rest-payments-list", PAYMENTS, Access.KEY_OR_TOKEN, "payments:read")
                .answers(200, PaymentQueries.Page.class)
                .query("status", "Only payments in this state", PaymentStatus.class)
                .query("payment_method", "mpesa or card", String.class)
                .query("phone", "The payer's phone, any Kenyan form", String.class)
                .query("phone_last4", "The last 4 digits of the payer's phone", String.class)
                .query("receipt", "An M-Pesa receipt (any case) or a card processor's transaction id", String.class)
                .query("search", "A reference, a receipt, a phone or its last 4 digits", String.class)
                .dates()
                .paged();
        op("rest-payments-get", PAYMENTS, Access.KEY_OR_TOKEN, "payments:read")
                .path("reference", "The gateway's TXN… reference or your own")
                .answers(200, PaymentView.class)
                .example("{\"reference\": \"TXN20261127093012AB12CD\", \"merchant_reference\": \"ORDER-123\", "
                        + "\"status\": \"completed\", \"mpesa_receipt\": \"QKT1A2B3C4\", "
                        + "\"paid_phone\": \"254712345678\", \"completed_at\": \"2026-11-27T06:30:15Z\"}");
        op("rest-payments-refund", REFUNDS, Access.KEY_OR_TOKEN, "refunds:write")
                .body(
                        RequestBodies.Refund.class,
                        "{\"reference\": \"ORDER-200\", \"amount\": 1000.00, \"reason\": \"customer returned one item\"}")
                .answers(201, RefundView.class)
                .example("{\"refund_reference\": \"RFD20261127101500XY98ZW\", \"reference\": "
                        + "\"TXN20261127100000AB12CD\", \"status\": \"pending\", \"amount\": 1000.00, "
                        + "\"amount_refunded\": 1000.00, \"currency\": \"KES\"}")
                .header("Idempotency-Key", "Replays the first answer to the same key and body; another body is a 422")
                .problems(404, 409, 429, 502, 503);
    }

    private void account() {
        String session = "{\"tokens\": {\"access\": \"eyJ…\", \"refresh\": \"eyJ…\"}, \"merchant\": {\"id\": "
                + "\"mch_…\", \"kyc_status\": \"not_submitted\"}, \"user\": {\"id\": \"usr_…\", \"email\": "
                + "\"owner@acme.test\", \"role\": \"owner\"}}";
        op("rest-auth-register", ACCOUNT, Access.PUBLIC, null)
                .body(
                        RequestBodies.Register.class,
                        "{\"business_name\": \"Acme Ltd\", \"email\": \"owner@acme.test\", \"password\": "
                                + "\"a long pass phrase\", \"phone\": \"0712345678\"}")
                .answers(201, AnswerBodies.Session.class)
                .example(session)
                .problems(409);
        op("rest-auth-login", ACCOUNT, Access.PUBLIC, null)
                .body(
                        RequestBodies.Login.class,
                        "{\"email\": \"owner@acme.test\", \"password\": \"a long pass phrase\"}")
                .answers(200, AnswerBodies.Session.class)
                .example(session)
                .problems(401, 429);
        op("rest-auth-refresh", ACCOUNT, Access.PUBLIC, null)
                .body(RequestBodies.RefreshToken.class, "{\"refresh\": \"eyJ…\"}")
                .answers(200, AnswerBodies.Tokens.class)
                .problems(401);
        op("rest-auth-logout", ACCOUNT, Access.PUBLIC, null)
                .body(RequestBodies.RefreshToken.class, "{\"refresh\": \"eyJ…\"}")
                .answers(200, OBJECT);
        op("rest-auth-accept-invite", ACCOUNT, Access.PUBLIC, null)
                .body(RequestBodies.AcceptInvite.class, "{\"token\": \"inv_…\", \"password\": \"a long pass phrase\"}")
                .answers(200, AnswerBodies.Session.class)
                .problems(404, 409);
        op("rest-merchant-get", ACCOUNT, Access.TOKEN, null).answers(200, AnswerBodies.Merchant.class);
        op("rest-merchant-update", ACCOUNT, Access.TOKEN, null)
                .body(OBJECT, null)
                .answers(200, AnswerBodies.Merchant.class);
        op("rest-ip-allowlist-get", ACCOUNT, Access.TOKEN, null).answers(200, OBJECT);
        op("rest-ip-allowlist-set", ACCOUNT, Access.TOKEN, null)
                .body(OBJECT, "{\"cidrs\": [\"203.0.113.0/24\"]}")
                .answers(200, OBJECT);
        op("rest-mpesa-shortcodes-list", ACCOUNT, Access.TOKEN, null).answers(200, OBJECT);
        op("rest-mpesa-shortcodes-set", ACCOUNT, Access.TOKEN, null)
                .body(OBJECT, "{\"mode\": \"live\", \"shortcode\": \"174379\", \"passkey\": \"…\"}")
                .answers(200, OBJECT);
        op("rest-mpesa-shortcodes-remove", ACCOUNT, Access.TOKEN, null)
                .path("mode", "test or live")
                .answers(200, OBJECT);
        op("rest-payout-destination-get", ACCOUNT, Access.TOKEN, null).answers(200, OBJECT);
        op("rest-payout-destination-set", ACCOUNT, Access.TOKEN, null)
                .body(OBJECT, "{\"type\": \"mpesa_phone\", \"phone\": \"254712345149\"}")
                .answers(200, OBJECT);
        op("rest-merchant-pricing", ACCOUNT, Access.TOKEN, null).answers(200, OBJECT);

        op("rest-api-keys-list", KEYS_USERS, Access.TOKEN, null).answers(200, AnswerBodies.ApiKeys.class);
        op("rest-api-keys-create", KEYS_USERS, Access.TOKEN, null)
                .body(
                        RequestBodies.CreateApiKey.class,
                        "{\"name\": \"shop backend\", \"mode\": \"test\", \"scopes\": [\"payments:write\", "
                                + "\"payments:read\", \"refunds:write\", \"webhooks:manage\"]}")
                .answers(201, AnswerBodies.CreatedApiKey.class)
                .example(
                        "{\"id\": \"key_…\", \"name\": \"shop backend\", \"mode\": \"test\", \"key\": \"sk_test_…\", "
                                + "\"scopes\": [\"payments:write\", \"payments:read\", \"refunds:write\", \"webhooks:manage\"]}");
        op("rest-api-keys-revoke", KEYS_USERS, Access.TOKEN, null)
                .path("id", "The key's id")
                .answers(200, OBJECT);
        op("rest-users-list", KEYS_USERS, Access.TOKEN, null).answers(200, OBJECT);
        op("rest-users-invite", KEYS_USERS, Access.TOKEN, null)
                .body(OBJECT, "{\"email\": \"dev@acme.test\", \"role\": \"developer\"}")
                .answers(201, OBJECT)
                .problems(409);
        op("rest-users-update", KEYS_USERS, Access.TOKEN, null)
                .path("id", "The user's id")
                .body(RequestBodies.UserRole.class, "{\"role\": \"owner\"}")
                .answers(200, OBJECT)
                .problems(409);
        op("rest-users-remove", KEYS_USERS, Access.TOKEN, null)
                .path("id", "The user's id")
                .answers(200, OBJECT);

        op("rest-kyc-documents-list", COMPLIANCE, Access.TOKEN, null).answers(200, OBJECT);
        op("rest-kyc-documents-upload", COMPLIANCE, Access.TOKEN, null)
                .multipart()
                .answers(201, OBJECT)
                .problems(409, 413);
        op("rest-merchant-limits", COMPLIANCE, Access.TOKEN, null).answers(200, OBJECT);
    }

    private void webhooks() {
        op("rest-webhook-settings", WEBHOOKS, Access.KEY_OR_TOKEN, "webhooks:manage")
                .answers(200, AnswerBodies.WebhookSettings.class);
        op("rest-webhook-url", WEBHOOKS, Access.KEY_OR_TOKEN, "webhooks:manage")
                .body(RequestBodies.WebhookUrl.class, "{\"url\": \"http://127.0.0.1:9000/hook\"}")
                .answers(200, AnswerBodies.WebhookSettings.class)
                .example("{\"url\": \"http://127.0.0.1:9000/hook\", \"previous_secret_valid_until\": null}");
        op("rest-webhook-rotate-secret", WEBHOOKS, Access.KEY_OR_TOKEN, "webhooks:manage")
                .answers(200, OBJECT);
        op("rest-webhook-test", WEBHOOKS, Access.KEY_OR_TOKEN, "webhooks:manage")
                .answers(202, OBJECT);
        op("rest-webhook-deliveries", WEBHOOKS, Access.KEY_OR_TOKEN, "webhooks:manage")
                .query("status", "pending, delivered, failed, …", String.class)
                .paged()
                .answers(200, OBJECT);
        op("rest-webhook-delivery", WEBHOOKS, Access.KEY_OR_TOKEN, "webhooks:manage")
                .path("id", "The delivery's whd_… id")
                .answers(200, OBJECT);
        op("rest-webhook-delivery-replay", WEBHOOKS, Access.KEY_OR_TOKEN, "webhooks:manage")
                .path("id", "The delivery's whd_… id")
                .answers(200, OBJECT);
        op("rest-webhook-deliveries-replay", WEBHOOKS, Access.KEY_OR_TOKEN, "webhooks:manage")
                .body(OBJECT, null)
                .answers(200, OBJECT);
    }

    private void money() {
        op("rest-balance", MONEY, Access.KEY_OR_TOKEN, "payments:read").answers(200, Balances.Answer.class);
        op("rest-balance-transactions", MONEY, Access.KEY_OR_TOKEN, "payments:read")
                .query("kind", "payment.captured, settlement.released, payout.paid, …", String.class)
                .query("account", "pending, available or in_payout", String.class)
                .query("currency", "ISO 4217 code", String.class)
                .dates()
                .paged()
                .answers(200, Balances.Page.class);
        op("rest-settlements-list", MONEY, Access.KEY_OR_TOKEN, "payments:read")
                .query("status", "paying, paid, held or payout_failed", String.class)
                .dates()
                .paged()
                .answers(200, SettlementStatements.Page.class);
        op("rest-settlements-get", MONEY, Access.KEY_OR_TOKEN, "payments:read")
                .path("reference", "The settlement's STL… reference")
                .query("format", "json (default) or csv", String.class)
                .paged()
                .answers(200, SettlementStatements.Statement.class)
                .alsoCsv();
        op("rest-reports-summary", MONEY, Access.KEY_OR_TOKEN, "payments:read")
                .dates()
                .answers(200, PaymentSummaries.Summary.class);
        op("rest-reports-transactions", MONEY, Access.KEY_OR_TOKEN, "payments:read")
                .query("format", "csv (the default and only format)", String.class)
                .query("status", "Only payments in this state", PaymentStatus.class)
                .query("payment_method", "mpesa or card", String.class)
                .dates()
                .csv();
        op("rest-audit-logs", MONEY, Access.TOKEN, null)
                .query("action", "e.g. payment.initiated", String.class)
                .query("actor", "An email or an API key prefix", String.class)
                .query("merchant", "Admins: one merchant's records", String.class)
                .query("format", "json (default) or csv", String.class)
                .dates()
                .paged()
                .answers(200, OBJECT)
                .alsoCsv();
    }

    private void administration() {
        op("rest-admin-kyc-queue", ADMIN_TAG, Access.ADMIN, null)
                .query("status", "Documents in this review state", String.class)
                .answers(200, OBJECT);
        op("rest-admin-kyc-review", ADMIN_TAG, Access.ADMIN, null)
                .path("id", "The document's id")
                .body(OBJECT, "{\"decision\": \"approved\"}")
                .answers(200, OBJECT);
        op("rest-admin-limits-get", ADMIN_TAG, Access.ADMIN, null)
                .path("merchant", "The merchant's id")
                .answers(200, OBJECT);
        op("rest-admin-limits-set", ADMIN_TAG, Access.ADMIN, null)
                .path("merchant", "The merchant's id")
                .body(OBJECT, null)
                .answers(200, OBJECT);
        op("rest-admin-pricing-get", ADMIN_TAG, Access.ADMIN, null)
                .path("merchant", "The merchant's id")
                .answers(200, OBJECT);
        op("rest-admin-pricing-set", ADMIN_TAG, Access.ADMIN, null)
                .path("merchant", "The merchant's id")
                .body(OBJECT, null)
                .answers(200, OBJECT);
        op("rest-admin-payouts-pause", ADMIN_TAG, Access.ADMIN, null)
                .path("merchant", "The merchant's id")
                .body(OBJECT, "{\"reason\": \"chargeback investigation\"}")
                .answers(200, OBJECT);
        op("rest-admin-payouts-resume", ADMIN_TAG, Access.ADMIN, null)
                .path("merchant", "The merchant's id")
                .answers(200, OBJECT);
        op("rest-admin-settlements-run", ADMIN_TAG, Access.ADMIN, null)
                .body(OBJECT, null)
                .answers(200, OBJECT);
        op("rest-admin-reconciliation-run", ADMIN_TAG, Access.ADMIN, null)
                .body(OBJECT, null)
                .answers(200, OBJECT);
        op("rest-admin-reconciliation-reports", ADMIN_TAG, Access.ADMIN, null)
                .paged()
                .answers(200, OBJECT);
        op("rest-admin-reconciliation-report", ADMIN_TAG, Access.ADMIN, null)
                .path("id", "The report's id")
                .answers(200, OBJECT);
        op("rest-admin-reconciliation-items", ADMIN_TAG, Access.ADMIN, null)
                .paged()
                .answers(200, OBJECT);
        op("rest-admin-reconciliation-resolve", ADMIN_TAG, Access.ADMIN, null)
                .path("id", "The item's id")
                .body(OBJECT, null)
                .answers(200, OBJECT);
        op("rest-admin-refund-reviews", ADMIN_TAG, Access.ADMIN, null).paged().answers(200, OBJECT);
        op("rest-admin-refund-resolve", ADMIN_TAG, Access.ADMIN, null)
                .path("reference", "The refund's reference (RFD…)")
                .body(OBJECT, "{\"outcome\": \"failed\", \"note\": \"No reversal in the M-Pesa org portal\"}")
                .answers(200, OBJECT)
                .problems(409);
        op("rest-admin-callbacks", ADMIN_TAG, Access.ADMIN, null)
                .query("status", "awaiting (default), resolved or rejected", String.class)
                .query("provider", "mpesa, paystack or flutterwave", String.class)
                .paged()
                .answers(200, OBJECT);
        op("rest-admin-callback", ADMIN_TAG, Access.ADMIN, null)
                .path("id", "The callback's id (cb_…)")
                .answers(200, OBJECT);
        op("rest-admin-callback-resolve", ADMIN_TAG, Access.ADMIN, null)
                .path("id", "The callback's id (cb_…)")
                .body(OBJECT, "{\"note\": \"Customer paid twice; refunded the second\"}")
                .answers(200, OBJECT)
                .problems(409);
        op("rest-admin-mpesa-statement", ADMIN_TAG, Access.ADMIN, null)
                .text("text/csv")
                .answers(200, OBJECT)
                .problems(413);
    }

    /** Called by Safaricom, Paystack and Flutterwave, authenticated by a token in the path or a signature. */
    private void providerCallbacks() {
        for (String id : List.of(
                "rest-mpesa-stk-callback",
                "rest-mpesa-stk-callback-token",
                "rest-mpesa-stk-callback-payment",
                "rest-mpesa-result",
                "rest-mpesa-timeout",
                "rest-mpesa-c2b-validation",
                "rest-mpesa-c2b-confirmation",
                "rest-c2b-validation",
                "rest-c2b-confirmation",
                "rest-paystack-webhook",
                "rest-flutterwave-webhook")) {
            op(id, PROVIDER_CALLBACKS, Access.PROVIDER, null).body(OBJECT, null).answers(200, OBJECT);
        }
    }

    private Builder op(String id, String tag, Access access, String scope) {
        return new Builder(id, tag, access, scope);
    }

    /** Collects one operation; each call replaces the entry, so the last one holds everything said. */
    private final class Builder {
        private final String id;
        private final String tag;
        private final Access access;
        private final String scope;
        private int status = 200;
        private Type request;
        private String requestExample;
        private Type answer;
        private String answerExample;
        private String contentType = "application/json";
        private boolean alsoCsv;
        private final List<Parameter> parameters = new ArrayList<>();
        private final List<Integer> problems = new ArrayList<>();

        Builder(String id, String tag, Access access, String scope) {
            this.id = id;
            this.tag = tag;
            this.access = access;
            this.scope = scope;
            save();
        }

        Builder body(Type type, String example) {
            request = type;
            requestExample = example;
            return save();
        }

        Builder multipart() {
            request = OBJECT;
            contentType = "multipart/form-data";
            return save();
        }

        Builder text(String mediaType) {
            request = String.class;
            contentType = mediaType;
            return save();
        }

        Builder answers(int code, Type type) {
            status = code;
            answer = type;
            return save();
        }

        Builder example(String json) {
            answerExample = json;
            return save();
        }

        /** A CSV download only. */
        Builder csv() {
            answer = String.class;
            return save();
        }

        /** JSON, or CSV with {@code format=csv}. */
        Builder alsoCsv() {
            alsoCsv = true;
            return save();
        }

        Builder path(String name, String description) {
            parameters.add(new Parameter("path", name, description, String.class));
            problems.add(404);
            return save();
        }

        Builder query(String name, String description, Type type) {
            parameters.add(new Parameter("query", name, description, type));
            return save();
        }

        Builder header(String name, String description) {
            parameters.add(new Parameter("header", name, description, String.class));
            return save();
        }

        Builder dates() {
            query("date_from", "East Africa day, inclusive", java.time.LocalDate.class);
            return query("date_to", "East Africa day, inclusive", java.time.LocalDate.class);
        }

        Builder paged() {
            query("limit", "1 to 100 (20 when absent)", Integer.class);
            return query("cursor", "The next_cursor of the previous page", String.class);
        }

        Builder problems(Integer... codes) {
            problems.addAll(List.of(codes));
            return save();
        }

        private Builder save() {
            operations.put(
                    id,
                    new Operation(
                            id,
                            tag,
                            access,
                            scope,
                            status,
                            request,
                            requestExample,
                            answer,
                            answerExample,
                            contentType,
                            alsoCsv,
                            List.copyOf(parameters),
                            List.copyOf(problems)));
            return this;
        }
    }
}
