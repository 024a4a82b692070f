package ke.onpoint.simulator.daraja;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Daraja's payout endpoints under {@code /sim/daraja}: B2C ({@code /mpesa/b2c/v3/paymentrequest}, and the older
 * v1 path without OriginatorConversationID) and B2B ({@code /mpesa/b2b/v1/paymentrequest}). Bearer protected and
 * faulted like every Daraja endpoint; the synchronous answer is the usual ack, the outcome a Result to ResultURL.
 */
@RestController
@RequestMapping(DarajaApiController.BASE_PATH)
@ConditionalOnDarajaSimulator
public class DarajaPayoutController extends DarajaEndpoints {

    static final String B2C = "/mpesa/b2c/{version:v[13]}/paymentrequest";
    static final String B2B = "/mpesa/b2b/v1/paymentrequest";

    private final DarajaFaults faults;
    private final DarajaAccountStats stats;
    private final PayoutSimulator payouts;

    public DarajaPayoutController(
            DarajaTokens tokens, DarajaFaults faults, DarajaAccountStats stats, PayoutSimulator payouts) {
        super(tokens);
        this.faults = faults;
        this.stats = stats;
        this.payouts = payouts;
    }

    @PostMapping(B2C)
    public ResponseEntity<String> b2c(
            @PathVariable String version,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.b2cRequest();
        faults.apply();
        requireToken(authorization);
        Payout payout = payouts.accept(PayoutRequests.b2c(version, AccountRequests.jsonBody(contentType, body)));
        return DarajaAccountController.ack(payout.originatorConversationId(), payout.conversationId());
    }

    @PostMapping(B2B)
    public ResponseEntity<String> b2b(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.b2bRequest();
        faults.apply();
        requireToken(authorization);
        Payout payout = payouts.accept(PayoutRequests.b2b(AccountRequests.jsonBody(contentType, body)));
        return DarajaAccountController.ack(payout.originatorConversationId(), payout.conversationId());
    }

    /** Any other method on these paths (the POST mappings above are more specific, so they win for POST). */
    @RequestMapping({B2C, B2B})
    public ResponseEntity<String> wrongMethod() {
        faults.apply();
        throw DarajaErrors.methodNotAllowed();
    }
}
