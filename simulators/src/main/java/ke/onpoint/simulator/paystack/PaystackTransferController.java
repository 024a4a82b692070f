package ke.onpoint.simulator.paystack;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Paystack Transfers and Balance (§2.7) at their real paths under {@code /sim/paystack}: create a recipient,
 * initiate, verify, fetch and list transfers, read the balance. Key-protected and faulted like every Paystack path.
 * OTP is off on the simulated integration (as an API integration turns it off), so no transfer waits for one.
 */
@RestController("paystackSimTransferController")
@RequestMapping(PaystackApiController.BASE_PATH)
@ConditionalOnPaystackSimulator
public class PaystackTransferController {

    private final PaystackKeyGuard keyGuard;
    private final PaystackStats stats;
    private final PaystackTransfers transfers;

    public PaystackTransferController(PaystackKeyGuard keyGuard, PaystackStats stats, PaystackTransfers transfers) {
        this.keyGuard = keyGuard;
        this.stats = stats;
        this.transfers = transfers;
    }

    @PostMapping("/transferrecipient")
    public ResponseEntity<String> createRecipient(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) {
        keyGuard.check(authorization);
        PaystackRecipient recipient = transfers.recipient(TransferRequests.recipient(PaystackRequests.body(body)));
        return SimulatorJson.response(
                HttpStatus.CREATED,
                PaystackJson.envelope("Transfer recipient created successfully", recipient.toJson()));
    }

    @PostMapping("/transfer")
    public ResponseEntity<String> initiate(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) {
        stats.transfer();
        keyGuard.check(authorization);
        PaystackTransfer transfer = transfers.initiate(TransferRequests.transfer(PaystackRequests.body(body)));
        return SimulatorJson.ok(PaystackJson.envelope("Transfer has been queued", transfer.toCreateJson()));
    }

    @GetMapping("/transfer/verify/{reference}")
    public ResponseEntity<String> verify(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String reference) {
        stats.transferVerify();
        keyGuard.check(authorization);
        PaystackTransfer transfer =
                transfers.find(reference).orElseThrow(() -> PaystackApiException.notFound("Transfer not found"));
        return SimulatorJson.ok(PaystackJson.envelope("Transfer retrieved", transfer.toJson()));
    }

    @GetMapping("/transfer/{idOrCode}")
    public ResponseEntity<String> fetch(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String idOrCode) {
        keyGuard.check(authorization);
        PaystackTransfer transfer = transfers
                .findByIdOrCode(idOrCode)
                .orElseThrow(() -> PaystackApiException.notFound("Transfer not found"));
        return SimulatorJson.ok(PaystackJson.envelope("Transfer retrieved", transfer.toJson()));
    }

    /** {@code ?status=&from=&to=&recipient=<code>&perPage=&page=}, newest first. */
    @GetMapping("/transfer")
    public ResponseEntity<String> list(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam Map<String, String> query) {
        keyGuard.check(authorization);
        PaystackListing.Paging paging = PaystackListing.paging(query);
        PaystackListing.Window window = PaystackListing.window(query);
        String status = query.get("status");
        String recipient = query.get("recipient");
        List<PaystackTransfer> found = transfers.list().stream()
                .filter(t -> window.contains(t.createdAt()))
                .filter(t -> status == null || status.equals(t.status()))
                .filter(t -> recipient == null || recipient.equals(t.recipient().code()))
                .toList();
        return SimulatorJson.ok(PaystackListing.page("Transfers retrieved", found, paging, PaystackTransfer::toJson));
    }

    @GetMapping("/balance")
    public ResponseEntity<String> balance(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        keyGuard.check(authorization);
        ObjectNode body = SimulatorJson.object().put("status", true).put("message", "Balances retrieved");
        ArrayNode data = body.putArray("data");
        transfers
                .balances()
                .forEach((currency, balance) ->
                        data.addObject().put("currency", currency).put("balance", balance));
        return SimulatorJson.ok(body);
    }
}
