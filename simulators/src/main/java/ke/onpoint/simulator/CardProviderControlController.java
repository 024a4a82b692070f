package ke.onpoint.simulator;

import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The remote control of a card provider's simulator (Paystack, Flutterwave): besides faults, stats and reset, how
 * its webhooks leave ({@code /webhooks}), what they met ({@code /webhooks/log}) and whether its refunds go through
 * ({@code /refunds}). Each switch applies to what happens from then on.
 */
public abstract class CardProviderControlController extends ProviderControlController {

    private final ModeSwitch<?> webhookMode;
    private final ModeSwitch<?> refundMode;
    private final String webhookLogFilter;
    private final Function<String, ObjectNode> webhookLog;

    /**
     * {@code webhookLog}: the log's JSON for a value of the query parameter {@code webhookLogFilter} (the
     * provider's name for a payment's reference), null when the request has none.
     */
    protected CardProviderControlController(
            ProviderFaults faults,
            ProviderStats stats,
            ModeSwitch<?> webhookMode,
            ModeSwitch<?> refundMode,
            String webhookLogFilter,
            Function<String, ObjectNode> webhookLog) {
        super(faults, stats);
        this.webhookMode = webhookMode;
        this.refundMode = refundMode;
        this.webhookLogFilter = webhookLogFilter;
        this.webhookLog = webhookLog;
    }

    /** Body {@code {"mode":"normal"|"duplicate"|<bad signature>|"none"}}, the provider's own names. */
    @PostMapping("/webhooks")
    public ResponseEntity<String> setWebhookMode(@RequestBody(required = false) byte[] body) {
        return setMode(webhookMode, body);
    }

    @GetMapping("/webhooks")
    public ResponseEntity<String> getWebhookMode() {
        return ok(webhookMode.toJson());
    }

    /** Every webhook attempt, oldest first; the filter parameter keeps those about one payment. */
    @GetMapping("/webhooks/log")
    public ResponseEntity<String> webhookLog(@RequestParam Map<String, String> query) {
        return ok(webhookLog.apply(query.get(webhookLogFilter)));
    }

    /** Body {@code {"mode":"process"|"fail"}}. */
    @PostMapping("/refunds")
    public ResponseEntity<String> setRefundMode(@RequestBody(required = false) byte[] body) {
        return setMode(refundMode, body);
    }

    @GetMapping("/refunds")
    public ResponseEntity<String> getRefundMode() {
        return ok(refundMode.toJson());
    }

    protected String webhookMode() {
        return webhookMode.wireName();
    }

    protected String refundMode() {
        return refundMode.wireName();
    }

    private ResponseEntity<String> setMode(ModeSwitch<?> modeSwitch, byte[] body) {
        if (!modeSwitch.setFrom(SimulatorJson.parseObject(body))) {
            return error(HttpStatus.BAD_REQUEST, modeSwitch.usage());
        }
        return ok(modeSwitch.toJson());
    }
}
