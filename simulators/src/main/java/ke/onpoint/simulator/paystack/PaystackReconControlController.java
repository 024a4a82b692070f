package ke.onpoint.simulator.paystack;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.ReconControlController;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciliation discrepancies in Paystack's books ({@code /sim/paystack/__sim/recon/...}), keyed by reference;
 * amounts in subunits, statuses Paystack's ({@code success|failed|abandoned|reversed}). Provider-only body:
 * {@code {"amount":150000,"currency":"KES","channel":"card|mobile_money","paid_at":"ISO instant, optional"}}.
 */
@RestController("paystackSimReconControlController")
@RequestMapping(PaystackApiController.BASE_PATH + PaystackApiController.CONTROL_PATH)
@ConditionalOnPaystackSimulator
public class PaystackReconControlController extends ReconControlController {

    private final PaystackTransactions ledger;

    public PaystackReconControlController(PaystackTransactions ledger, PaystackReports reports) {
        super(reports.overrides());
        this.ledger = ledger;
    }

    @Override
    protected ResponseEntity<String> plantProviderOnly(ObjectNode body) {
        Long amount = wholeNumber(body.get("amount"));
        String currency = body.path("currency").asText("KES");
        String channel = body.path("channel").asText(PaystackTransaction.CARD);
        Instant paidAt = instantOrNow(body, "paid_at");
        if (amount == null
                || paidAt == null
                || !PaystackRequests.CURRENCIES.contains(currency)
                || !(PaystackTransaction.CARD.equals(channel) || PaystackTransaction.MOBILE_MONEY.equals(channel))) {
            return error(
                    HttpStatus.BAD_REQUEST,
                    "body must be {\"amount\":<subunits>,\"currency\":\"KES\",\"channel\":\"card|mobile_money\","
                            + "\"paid_at\":\"<ISO instant, optional>\"}");
        }
        PaystackTransaction planted = ledger.plant(amount, currency, channel, paidAt);
        return SimulatorJson.ok(planted.toJson());
    }

    @Override
    protected boolean knows(String key) {
        return ledger.find(key).isPresent();
    }

    @Override
    protected void forgetPlanted() {
        ledger.forgetPlanted();
    }
}
