package ke.onpoint.pay.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.support.GatewayTest;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Card reconciliation over HTTP: real card payments through the gateway and the Paystack or Flutterwave simulator,
 * one of each mismatch planted in the processor's books with the simulator's controls, and the day run through the
 * admin API. Other tests' card payments of the same day share the report: the assertions look at this test's records.
 */
class CardReconciliationIT extends GatewayTest {

    @Autowired
    private ApplicationContext context;

    @Autowired
    private CamelContext camel;

    @AfterEach
    void simulatorsBackToNormal() {
        for (String processor : List.of("paystack", "flutterwave")) {
            post("/sim/" + processor + "/__sim/recon/reset", null, "{}", Map.of());
            post("/sim/" + processor + "/__sim/reset", null, "{}", Map.of());
            camel.getProcessor(processor + "-breaker", ResilienceProcessor.class)
                    .transitionToCloseState();
        }
    }

    private String payByCard(String key, String amount, String provider) {
        Reply created = initiateCard(key, amount);
        assertThat(created.json().path("provider").asText()).isEqualTo(provider);
        return payOnCheckout(key, created).path("reference").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"paystack", "flutterwave"})
    void aReconciliationDayWithEachMismatchKindPlantedFindsExactlyThose(String provider) {
        boolean paystack = provider.equals("paystack");
        if (!paystack) { // Flutterwave takes card payments when Paystack is down
            post("/sim/paystack/__sim/faults", null, "{\"mode\":\"down\"}", Map.of());
        }
        String key = newMerchantKey();
        String matched = payByCard(key, "101.00", provider);
        String amountOff = payByCard(key, "202.00", provider);
        String failedThere = payByCard(key, "303.00", provider);
        String dropped = payByCard(key, "404.00", provider);
        if (!paystack) {
            post("/sim/paystack/__sim/reset", null, "{}", Map.of());
            camel.getProcessor("paystack-breaker", ResilienceProcessor.class).transitionToCloseState();
        }

        String control = "/sim/" + provider + "/__sim/recon/";
        assertThat(post(
                                control + "amount/" + amountOff,
                                null,
                                paystack ? "{\"amount\":19000}" : "{\"amount\":190}",
                                Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(post(control + "status/" + failedThere, null, "{\"status\":\"failed\"}", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(post(control + "drop/" + dropped, null, "{}", Map.of()).status())
                .isEqualTo(200);
        Reply planted =
                post(control + "provider-only", null, paystack ? "{\"amount\":55500}" : "{\"amount\":555}", Map.of());
        assertThat(planted.status()).as(planted.body()).isEqualTo(200);
        JsonNode plantedRecord = planted.json().has("data") ? planted.json().path("data") : planted.json();
        String plantedId = plantedRecord.path("id").asText();

        String droppedId = jdbc.queryForObject(
                "SELECT provider_transaction_id FROM payments WHERE reference = ?", String.class, dropped);
        Session admin = admin(context);
        LocalDate today = LocalDate.now(ZoneId.of("Africa/Nairobi"));
        Reply run = call(
                "POST",
                "/api/v1/admin/reconciliation/runs",
                admin.access(),
                "{\"provider\":\"" + provider + "\",\"date\":\"" + today + "\"}");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().path("status").asText()).isEqualTo("done");

        List<String> mine = new ArrayList<>();
        List<String> ours = List.of(matched, amountOff, failedThere, dropped);
        for (JsonNode item : run.json().path("items")) {
            if (ours.contains(item.path("our_reference").asText())
                    || plantedId.equals(item.path("provider_reference").asText())) {
                mine.add(item.path("kind").asText() + "|"
                        + item.path("our_reference").asText("") + "|" + amount(item.path("our_amount")) + "|"
                        + amount(item.path("their_amount")));
            }
        }
        assertThat(mine)
                .containsExactlyInAnyOrder(
                        "amount_mismatch|" + amountOff + "|202.00|190.00",
                        "status_mismatch|" + failedThere + "|303.00|303.00",
                        "missing_at_provider|" + dropped + "|404.00|",
                        "missing_at_gateway|"
                                + plantedRecord
                                        .path(paystack ? "reference" : "tx_ref")
                                        .asText("") + "|" + "|555.00");
        assertThat(run.json().path("items").findValuesAsText("provider_reference"))
                .contains(droppedId, plantedId);

        // idempotent: the same report, nothing added
        int items = run.json().path("items").size();
        Reply again = call(
                "POST",
                "/api/v1/admin/reconciliation/runs",
                admin.access(),
                "{\"provider\":\"" + provider + "\",\"date\":\"" + today + "\"}");
        assertThat(again.json().path("id").asText())
                .isEqualTo(run.json().path("id").asText());
        assertThat(again.json().path("items").size()).isEqualTo(items);
    }

    private static String amount(JsonNode amount) {
        return amount.isNull() || amount.isMissingNode()
                ? ""
                : amount.decimalValue().setScale(2).toPlainString();
    }
}
