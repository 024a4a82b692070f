package ke.onpoint.simulator.daraja;

import java.time.Clock;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.stereotype.Component;

/**
 * Account Balance (§1.16): after the ack, a Result whose {@code AccountBalance} parameter is built from the
 * simulated float ({@link OrgAccounts}) as {@code Name|KES|f1|f2|f3|f4} per account, joined by {@code &}, with
 * f1 = f2 + f3 (current = available + reserved; nothing is reserved here) and f4 = 0, and {@code BOCompletedTime}
 * as a yyyyMMddHHmmss string. A credential that does not decrypt to the initiator's password is 2001.
 */
@Component
@ConditionalOnDarajaSimulator
public class AccountBalanceSimulator {

    private final DarajaAccountProperties properties;
    private final SecurityCredentials credentials;
    private final OrgAccounts accounts;
    private final DarajaCallbackSender callbackSender;
    private final AccountScheduler scheduler;
    private final Clock clock = Clock.systemUTC();

    public AccountBalanceSimulator(
            DarajaAccountProperties properties,
            SecurityCredentials credentials,
            OrgAccounts accounts,
            DarajaCallbackSender callbackSender,
            AccountScheduler scheduler) {
        this.properties = properties;
        this.credentials = credentials;
        this.accounts = accounts;
        this.callbackSender = callbackSender;
        this.scheduler = scheduler;
    }

    /** Acks now; the Result follows after the result delay. */
    AccountResultsSimulator.Ack query(AccountRequests.BalanceQuery query) {
        Instant now = clock.instant();
        String ocid = AccountIds.originatorConversationId();
        String conversationId = AccountIds.conversationId(now);
        scheduler.schedule(
                () -> callbackSender.send(
                        conversationId, 1, query.resultUrl(), SimulatorJson.write(result(query, ocid, conversationId))),
                properties.resultDelay());
        return new AccountResultsSimulator.Ack(ocid, conversationId);
    }

    private ObjectNode result(AccountRequests.BalanceQuery query, String ocid, String conversationId) {
        // A placeholder TransactionID such as OA90000000, success or not.
        String placeholder = AccountIds.failedTransactionId();
        ObjectNode result;
        if (!credentials.accepts(query.initiator(), query.securityCredential())) {
            result = ResultEnvelope.head(ocid, conversationId, 2001, StkResultCodes.describe(2001), placeholder);
        } else {
            result = ResultEnvelope.head(ocid, conversationId, 0, StkResultCodes.describe(0), placeholder);
            ArrayNode parameters = result.putObject("ResultParameters").putArray("ResultParameter");
            parameters.addObject().put("Key", "AccountBalance").put("Value", accountBalance(query.partyA()));
            parameters
                    .addObject()
                    .put("Key", "BOCompletedTime")
                    .put("Value", Long.toString(ResultEnvelope.time(clock.instant())));
        }
        result.putObject("ReferenceData")
                .putObject("ReferenceItem")
                .put("Key", "QueueTimeoutURL")
                .put("Value", query.queueTimeOutUrl());
        return ResultEnvelope.wrap(result);
    }

    /** {@code Working Account|KES|…&Float Account|KES|…&Utility Account|KES|…&Charges Paid Account|KES|…&…}. */
    String accountBalance(String shortCode) {
        OrgAccounts.Balances balances = accounts.balances(shortCode);
        return account("Working Account", balances.working())
                + "&" + account("Float Account", OrgAccounts.kes(0))
                + "&" + account("Utility Account", balances.utility())
                + "&" + account("Charges Paid Account", balances.chargesPaid())
                + "&" + account("Organization Settlement Account", OrgAccounts.kes(0));
    }

    private static String account(String name, java.math.BigDecimal available) {
        String amount = OrgAccounts.format(available);
        return name + "|KES|" + amount + "|" + amount + "|0.00|0.00";
    }
}
