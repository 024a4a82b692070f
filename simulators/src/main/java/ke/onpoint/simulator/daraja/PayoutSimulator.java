package ke.onpoint.simulator.daraja;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ke.onpoint.simulator.ScenarioRules;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The M-Pesa side of B2C and B2B payouts (§1.14, §1.15): each accepted request is executed at once against the
 * simulated float ({@link OrgAccounts}) and its Result POSTed to ResultURL after the result delay, as its scenario
 * says (once, twice, never, or a timeout instead). An OriginatorConversationID is accepted once: a second request
 * with it is refused synchronously ({@code 500.002.1001}), whatever the first one's outcome.
 */
@Component
@ConditionalOnDarajaSimulator
public class PayoutSimulator {

    static final String B2C_CHARGE_NAME = "Fee For B2C Payment";
    private static final int PRUNE_ABOVE = 10_000;

    private final DarajaAccountProperties properties;
    private final SecurityCredentials credentials;
    private final OrgAccounts accounts;
    private final DarajaCallbackSender callbackSender;
    private final AccountScheduler scheduler;
    private final Clock clock = Clock.systemUTC();

    private final ConcurrentMap<String, Payout> byConversation = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Payout> byReceipt = new ConcurrentHashMap<>();
    private final ScenarioRules<PayoutScenario> rules = new ScenarioRules<>(PayoutScenario.class, "party_b");

    public PayoutSimulator(
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

    /**
     * Accepts (or synchronously refuses) a well-formed payout: the sync errors of its scenario, then the duplicate
     * check; an accepted payout is executed now and its Result scheduled.
     */
    Payout accept(PayoutRequests.PayoutRequest request) {
        PayoutScenario scenario = scenarioFor(request);
        if (scenario.rejectsSynchronously()) {
            throw scenario.syncError();
        }
        pruneIfLarge();
        Instant now = clock.instant();
        String ocid = request.originatorConversationId() != null
                ? request.originatorConversationId()
                : AccountIds.originatorConversationId();
        AtomicBoolean created = new AtomicBoolean();
        Payout payout = byConversation.compute(ocid, (key, existing) -> {
            if (existing != null) {
                existing.requests().incrementAndGet();
                return existing;
            }
            created.set(true);
            return execute(request, key, scenario, now);
        });
        if (!created.get()) {
            throw new DarajaException(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "500.002.1001",
                    "Duplicate OriginatorConversationID.",
                    DarajaIds.requestId());
        }
        byReceipt.put(payout.transactionId(), payout);
        deliver(payout);
        return payout;
    }

    Optional<Payout> find(String originatorConversationId) {
        return originatorConversationId == null
                ? Optional.empty()
                : Optional.ofNullable(byConversation.get(originatorConversationId));
    }

    Optional<Payout> findByReceipt(String receipt) {
        return receipt == null ? Optional.empty() : Optional.ofNullable(byReceipt.get(receipt));
    }

    /** Oldest first. */
    List<Payout> list() {
        return byConversation.values().stream()
                .sorted(Comparator.comparing(Payout::receivedAt))
                .toList();
    }

    /** The control API's scenario rules ({@code {"mode":…,"party_b":"optional"}}). */
    ScenarioRules<PayoutScenario> rules() {
        return rules;
    }

    /** Safaricom's B2C tariff for registered recipients (§4, the simulator default). */
    static long b2cCharge(long amount) {
        if (amount <= 100) {
            return 0;
        }
        if (amount <= 1_500) {
            return 5;
        }
        if (amount <= 5_000) {
            return 9;
        }
        if (amount <= 20_000) {
            return 11;
        }
        return 12;
    }

    private PayoutScenario scenarioFor(PayoutRequests.PayoutRequest request) {
        return rules.forKey(request.partyB())
                .or(() -> PayoutScenario.forRecipient(request.kind(), request.partyB()))
                .orElse(PayoutScenario.SUCCESS);
    }

    /** Decides the outcome and moves the money: credential, forced failure, B2C limits, then the float. */
    private Payout execute(PayoutRequests.PayoutRequest request, String ocid, PayoutScenario scenario, Instant now) {
        boolean b2c = request.kind() == PayoutRequests.Kind.B2C;
        String code = "0";
        String desc = "The service request is processed successfully.";
        long charge = 0;
        OrgAccounts.Balances after = accounts.balances(request.partyA());
        if (!credentials.accepts(request.initiator(), request.securityCredential())) {
            code = "2001";
            desc = StkResultCodes.describe(2001);
        } else if (scenario.resultCode() != null) {
            code = scenario.resultCode();
            desc = scenario.resultDesc();
        } else if (b2c && request.amount() < 10) {
            code = "2";
            desc = "Declined due to limit rule: less than the minimum transaction amount.";
        } else if (b2c && request.amount() > 250_000) {
            code = "3";
            desc = "Declined due to limit rule: greater than the maximum transaction amount.";
        } else {
            long wantedCharge = b2c ? b2cCharge(request.amount()) : 0;
            Optional<OrgAccounts.Balances> paid = accounts.payOut(
                    request.partyA(),
                    b2c ? OrgAccounts.Source.UTILITY : OrgAccounts.Source.WORKING,
                    request.amount(),
                    wantedCharge);
            if (paid.isEmpty()) {
                code = PayoutScenario.INSUFFICIENT_FLOAT.resultCode();
                desc = PayoutScenario.INSUFFICIENT_FLOAT.resultDesc();
            } else {
                after = paid.get();
                charge = wantedCharge;
                if (!b2c) {
                    accounts.credit(request.partyB(), request.amount());
                }
            }
        }
        boolean failed = !"0".equals(code);
        String transactionId = failed && !b2c ? AccountIds.failedTransactionId() : DarajaIds.receiptNumber();
        return new Payout(
                request,
                ocid,
                AccountIds.conversationId(now),
                now,
                scenario,
                code,
                desc,
                transactionId,
                after,
                charge,
                new AtomicInteger(1),
                new AtomicInteger());
    }

    private void deliver(Payout payout) {
        Duration delay = properties.resultDelay();
        if (payout.scenario() == PayoutScenario.TIMEOUT) {
            String body = SimulatorJson.write(
                    ResultEnvelope.timeout(payout.originatorConversationId(), payout.conversationId()));
            scheduler.schedule(() -> send(payout, payout.request().queueTimeOutUrl(), body), delay);
            return;
        }
        String body = SimulatorJson.write(PayoutResults.result(payout));
        for (int i = 0; i < payout.scenario().results(); i++) {
            Duration at = delay.plus(properties.duplicateResultGap().multipliedBy(i));
            scheduler.schedule(
                    () -> {
                        payout.resultsSent().incrementAndGet();
                        send(payout, payout.request().resultUrl(), body);
                    },
                    at);
        }
    }

    private void send(Payout payout, String url, String body) {
        callbackSender.send(
                payout.originatorConversationId(), payout.resultsSent().get(), url, body);
    }

    private void pruneIfLarge() {
        if (byConversation.size() <= PRUNE_ABOVE) {
            return;
        }
        List<Payout> oldest = list().subList(0, byConversation.size() - PRUNE_ABOVE / 2);
        oldest.forEach(payout -> {
            byConversation.remove(payout.originatorConversationId());
            byReceipt.remove(payout.transactionId());
        });
    }
}
