package ke.onpoint.simulator.daraja;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Daraja's C2B (register URL, simulate), Transaction Status and Reversal endpoints under {@code /sim/daraja}, bearer
 * protected like STK, with the same faults. Each path also has a method-less mapping answering 405, because
 * {@link DarajaApiController}'s catch-all would call an unknown-to-it path 404 whatever the method.
 */
@RestController
@RequestMapping(DarajaApiController.BASE_PATH)
@ConditionalOnDarajaSimulator
public class DarajaAccountController extends DarajaEndpoints {

    static final String REGISTER_URL = "/mpesa/c2b/{version:v[12]}/registerurl";
    static final String SIMULATE = "/mpesa/c2b/{version:v[12]}/simulate";
    static final String TRANSACTION_STATUS = "/mpesa/transactionstatus/v1/query";
    static final String REVERSAL = "/mpesa/reversal/v1/request";
    static final String ACCOUNT_BALANCE = "/mpesa/accountbalance/v1/query";
    static final String ACCEPTED = "Accept the service request successfully.";

    private final DarajaFaults faults;
    private final DarajaAccountStats stats;
    private final C2bSimulator c2b;
    private final AccountResultsSimulator results;
    private final AccountBalanceSimulator balances;

    public DarajaAccountController(
            DarajaTokens tokens,
            DarajaFaults faults,
            DarajaAccountStats stats,
            C2bSimulator c2b,
            AccountResultsSimulator results,
            AccountBalanceSimulator balances) {
        super(tokens);
        this.faults = faults;
        this.stats = stats;
        this.c2b = c2b;
        this.results = results;
        this.balances = balances;
    }

    @PostMapping(REGISTER_URL)
    public ResponseEntity<String> registerUrl(
            @PathVariable String version,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.c2bRegistration();
        faults.apply();
        requireToken(authorization);
        c2b.register(version, AccountRequests.registration(AccountRequests.jsonBody(contentType, body)));
        return SimulatorJson.ok(SimulatorJson.object()
                .put("OriginatorCoversationID", AccountIds.originatorConversationId()) // sic: Safaricom's spelling
                .put("ResponseCode", "0")
                .put("ResponseDescription", "success"));
    }

    /** Sandbox only: in production mode the path does not exist (use {@code /__sim/c2b/pay} there). */
    @PostMapping(SIMULATE)
    public ResponseEntity<String> simulate(
            @PathVariable String version,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.c2bPayment();
        faults.apply();
        if (c2b.productionMode()) {
            throw DarajaErrors.resourceNotFound();
        }
        requireToken(authorization);
        C2bTransaction transaction =
                c2b.pay(AccountRequests.payment(AccountRequests.jsonBody(contentType, body)), version);
        return SimulatorJson.ok(SimulatorJson.object()
                .put("OriginatorCoversationID", transaction.originatorConversationId())
                .put("ResponseCode", "0")
                .put("ResponseDescription", ACCEPTED));
    }

    @PostMapping(TRANSACTION_STATUS)
    public ResponseEntity<String> transactionStatus(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.statusQuery();
        faults.apply();
        requireToken(authorization);
        return ack(results.status(AccountRequests.statusQuery(AccountRequests.jsonBody(contentType, body))));
    }

    @PostMapping(REVERSAL)
    public ResponseEntity<String> reversal(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.reversal();
        faults.apply();
        if (results.reversalBehindBrokenProxy()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.TEXT_HTML)
                    .body("<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center>"
                            + "<hr><center>nginx</center></body></html>");
        }
        requireToken(authorization);
        return ack(results.reverse(AccountRequests.reversal(AccountRequests.jsonBody(contentType, body))));
    }

    @PostMapping(ACCOUNT_BALANCE)
    public ResponseEntity<String> accountBalance(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            @RequestBody(required = false) byte[] body) {
        stats.balanceQuery();
        faults.apply();
        requireToken(authorization);
        return ack(balances.query(AccountRequests.balanceQuery(AccountRequests.jsonBody(contentType, body))));
    }

    /** Any other method on these paths (the POST mappings above are more specific, so they win for POST). */
    @RequestMapping({REGISTER_URL, SIMULATE, TRANSACTION_STATUS, REVERSAL, ACCOUNT_BALANCE})
    public ResponseEntity<String> wrongMethod() {
        faults.apply();
        throw DarajaErrors.methodNotAllowed();
    }

    private static ResponseEntity<String> ack(AccountResultsSimulator.Ack ack) {
        return ack(ack.originatorConversationId(), ack.conversationId());
    }

    /** The synchronous answer of every request whose outcome comes as a Result (also B2C, B2B, Account Balance). */
    static ResponseEntity<String> ack(String originatorConversationId, String conversationId) {
        ObjectNode json = SimulatorJson.object()
                .put("OriginatorConversationID", originatorConversationId)
                .put("ConversationID", conversationId)
                .put("ResponseCode", "0")
                .put("ResponseDescription", ACCEPTED);
        return SimulatorJson.ok(json);
    }
}
