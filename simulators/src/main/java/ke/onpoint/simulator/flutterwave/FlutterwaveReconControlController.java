package ke.onpoint.simulator.flutterwave;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.ReconControlController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciliation discrepancies in Flutterwave's list ({@code /sim/flutterwave/__sim/recon/...}), keyed by tx_ref;
 * amounts in major units, statuses Flutterwave's ({@code successful|failed|pending}). Provider-only body:
 * {@code {"amount":1500.50,"currency":"KES","created_at":"ISO instant, optional"}}.
 */
@RestController
@RequestMapping(FlutterwaveApiController.BASE_PATH + FlutterwaveApiController.CONTROL_PATH)
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveReconControlController extends ReconControlController {

    private final FlutterwaveTransactions transactions;

    public FlutterwaveReconControlController(FlutterwaveTransactions transactions, FlutterwaveRecon recon) {
        super(recon.overrides());
        this.transactions = transactions;
    }

    @Override
    protected ResponseEntity<String> plantProviderOnly(ObjectNode body) {
        BigDecimal amount = FlutterwaveJson.amount(body.get("amount"));
        String currency = body.path("currency").asText("KES");
        Instant at = instantOrNow(body, "created_at");
        if (amount == null
                || amount.signum() <= 0
                || at == null
                || !FlutterwavePaymentRequest.CURRENCIES.contains(currency)) {
            return error(
                    HttpStatus.BAD_REQUEST,
                    "body must be {\"amount\":<major units>,\"currency\":\"KES\",\"created_at\":\"<ISO, optional>\"}");
        }
        FlutterwaveTransaction planted = transactions.plant(amount, currency, at);
        return FlutterwaveJson.ok(planted.listItem(amount, planted.status().wireName()));
    }

    @Override
    protected boolean knows(String key) {
        return transactions.findByTxRef(key).isPresent();
    }

    @Override
    protected void forgetPlanted() {
        transactions.forgetPlanted();
    }
}
