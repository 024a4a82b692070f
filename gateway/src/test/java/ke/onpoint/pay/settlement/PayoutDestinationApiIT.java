package ke.onpoint.pay.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * {@code PUT/GET /merchants/me/payout-destination} and the admins' pause and resume: strict validation naming the
 * field, nothing written on a refusal, the details encrypted at rest, only the masked form shown, every change audited.
 */
class PayoutDestinationApiIT extends GatewayTest {

    private static final String PATH = "/api/v1/merchants/me/payout-destination";

    @Autowired
    ApplicationContext context;

    private Session owner;

    @BeforeEach
    void merchant() {
        owner = register();
    }

    private Reply put(Session who, String body) {
        return call("PUT", PATH, who.access(), body);
    }

    @Test
    void eachKindIsStoredEncryptedAndShownMasked() {
        Reply phone = put(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"+254 712 345 678\"}");
        assertThat(phone.status()).as(phone.body()).isEqualTo(200);
        assertThat(phone.json().path("type").asText()).isEqualTo("mpesa_phone");
        assertThat(phone.json().path("display").asText()).isEqualTo("M-Pesa 2547•••••678");
        assertThat(phone.body()).doesNotContain("254712345678");
        String stored = jdbc.queryForObject(
                "SELECT details FROM payout_destinations WHERE merchant_id = ?", String.class, owner.merchantId());
        assertThat(stored).startsWith("v1:").doesNotContain("254712345678");

        Reply paybill = put(owner, "{\"type\":\"paybill\",\"paybill\":\"888880\",\"account_number\":\"ACC-0012345\"}");
        assertThat(paybill.json().path("display").asText()).isEqualTo("Paybill 888880 account ACC-••••345");
        Reply till = put(owner, "{\"type\":\"till\",\"till\":\"5123456\"}");
        assertThat(till.json().path("display").asText()).isEqualTo("Till 5123456");
        Reply bank = put(
                owner,
                "{\"type\":\"bank_account\",\"bank_code\":\"68\",\"account_number\":\"0123456789012\","
                        + "\"account_name\":\"Shop Ltd\"}");
        assertThat(bank.status()).as(bank.body()).isEqualTo(200);
        assertThat(bank.json().path("display").asText()).isEqualTo("Bank 68 0123••••••012");

        Reply read = call("GET", PATH, member(owner, "viewer").access(), null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("type").asText()).isEqualTo("bank_account");
        assertThat(read.json().path("display").asText()).isEqualTo("Bank 68 0123••••••012");
        assertThat(read.body()).doesNotContain("0123456789012").doesNotContain("Shop Ltd");

        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE merchant_id = ? AND action = 'merchant.payout_destination_set'",
                        owner.merchantId()))
                .isEqualTo(4);
        assertThat(jdbc.queryForObject(
                        "SELECT after::text FROM audit_logs WHERE merchant_id = ? AND action = "
                                + "'merchant.payout_destination_set' ORDER BY id DESC LIMIT 1",
                        String.class,
                        owner.merchantId()))
                .contains("Bank 68 0123••••••012")
                .doesNotContain("0123456789012");
    }

    @Test
    void noDestinationYetIsA404() {
        Reply read = call("GET", PATH, owner.access(), null);
        assertProblem(read, 404, null);
    }

    @Test
    void uglyBodiesAreRefusedNamingTheFieldAndWriteNothing() {
        assertProblem(put(owner, "{\"phone\":\"254712345678\"}"), 422, "type");
        assertProblem(put(owner, "{\"type\":\"crypto_wallet\",\"address\":\"x\"}"), 422, "type");
        assertProblem(put(owner, "{\"type\":42}"), 422, "type");
        assertProblem(put(owner, "{\"type\":\"mpesa_phone\"}"), 422, "phone");
        assertProblem(put(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"0812345678\"}"), 422, "phone");
        assertProblem(put(owner, "{\"type\":\"mpesa_phone\",\"phone\":254712345678}"), 422, "phone");
        assertProblem(put(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"" + "7".repeat(5000) + "\"}"), 422, "phone");
        assertProblem(
                put(owner, "{\"type\":\"mpesa_phone\",\"phone\":\"254712345678\",\"till\":\"123456\"}"), 422, "till");
        assertProblem(
                put(owner, "{\"type\":\"paybill\",\"paybill\":\"88888A\",\"account_number\":\"1\"}"), 422, "paybill");
        assertProblem(
                put(owner, "{\"type\":\"paybill\",\"paybill\":\"1234\",\"account_number\":\"1\"}"), 422, "paybill");
        assertProblem(
                put(owner, "{\"type\":\"paybill\",\"paybill\":\"12345678\",\"account_number\":\"1\"}"), 422, "paybill");
        assertProblem(
                put(owner, "{\"type\":\"paybill\",\"paybill\":\"888880\",\"account_number\":\"12345678901234\"}"),
                422,
                "account_number");
        assertProblem(put(owner, "{\"type\":\"paybill\",\"paybill\":\"888880\"}"), 422, "account_number");
        assertProblem(put(owner, "{\"type\":\"till\",\"till\":\"12 456\"}"), 422, "till");
        assertProblem(put(owner, "{\"type\":\"till\",\"till\":\"-12345\"}"), 422, "till");
        assertProblem(
                put(
                        owner,
                        "{\"type\":\"bank_account\",\"bank_code\":\"68\",\"account_number\":\"12AB5678\","
                                + "\"account_name\":\"Shop\"}"),
                422,
                "account_number");
        assertProblem(
                put(
                        owner,
                        "{\"type\":\"bank_account\",\"bank_code\":\"68\",\"account_number\":\"12345678\","
                                + "\"account_name\":\"" + "x".repeat(101) + "\"}"),
                422,
                "account_name");
        assertProblem(put(owner, "{\"type\":\"bank_account\"}"), 422, "bank_code");
        assertProblem(put(owner, "not json"), 400, null);
        assertProblem(put(owner, "[]"), 400, null);

        assertThat(count("SELECT count(*) FROM payout_destinations WHERE merchant_id = ?", owner.merchantId()))
                .isZero();
    }

    @Test
    void onlyOwnersChangeItAndApiKeysCannot() {
        Session developer = member(owner, "developer");
        Session viewer = member(owner, "viewer");
        String body = "{\"type\":\"till\",\"till\":\"123456\"}";
        assertProblem(put(developer, body), 403, null);
        assertProblem(put(viewer, body), 403, null);
        String key = createKey(owner, "test", "payments:read");
        assertProblem(call("PUT", PATH, key, body), 401, null);
        assertProblem(call("PUT", PATH, null, body), 401, null);
        assertThat(count("SELECT count(*) FROM payout_destinations WHERE merchant_id = ?", owner.merchantId()))
                .isZero();
        assertThat(put(owner, body).status()).isEqualTo(200);
    }

    @Test
    void adminsPauseAndResumeAMerchantsPayoutsWithAReason() {
        Session admin = admin(context);
        String pause = "/api/v1/admin/merchants/" + owner.merchant() + "/payouts/pause";
        assertProblem(call("POST", pause, admin.access(), "{}"), 422, "reason");
        assertProblem(call("POST", pause, admin.access(), "{\"reason\":\"" + "r".repeat(256) + "\"}"), 422, "reason");
        assertProblem(call("POST", pause, owner.access(), "{\"reason\":\"mine\"}"), 403, null);
        assertProblem(
                call("POST", "/api/v1/admin/merchants/mer_nobody/payouts/pause", admin.access(), "{\"reason\":\"x\"}"),
                404,
                null);

        Reply paused = call("POST", pause, admin.access(), "{\"reason\":\"Chargeback investigation\"}");
        assertThat(paused.status()).as(paused.body()).isEqualTo(200);
        assertThat(paused.json().path("payouts_paused").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT payouts_paused_reason FROM merchants WHERE id = ?", String.class, owner.merchantId()))
                .isEqualTo("Chargeback investigation");

        Reply resumed =
                call("POST", "/api/v1/admin/merchants/" + owner.merchant() + "/payouts/resume", admin.access(), null);
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().path("payouts_paused").asBoolean()).isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT payouts_paused FROM merchants WHERE id = ?", Boolean.class, owner.merchantId()))
                .isFalse();
        assertThat(jdbc.queryForList(
                        "SELECT action FROM audit_logs WHERE merchant_id = ? AND action LIKE 'merchant.payouts_%' "
                                + "ORDER BY id",
                        String.class, owner.merchantId()))
                .containsExactly("merchant.payouts_paused", "merchant.payouts_resumed");
    }
}
