package ke.onpoint.simulator.paystack;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import ke.onpoint.simulator.PendingTasks;
import ke.onpoint.simulator.ProviderIdSequence;
import ke.onpoint.simulator.ScenarioRules;
import ke.onpoint.simulator.SimulatorHttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Paystack Transfers (§2.7): recipients, the integration's balance per currency, and transfers from it. A transfer is
 * checked and debited (amount plus fee) when initiated, answered {@code pending}, and decided after webhookDelay as
 * its scenario says, each decision followed by its signed {@code transfer.*} webhook through the charge webhooks'
 * sender. Failed and reversed transfers give the money back. A reference is used once: a second transfer with it
 * is refused, as Paystack refuses it.
 */
@Component("paystackSimTransfers")
@ConditionalOnPaystackSimulator
public class PaystackTransfers implements DisposableBean {

    static final String DUPLICATE_REFERENCE =
            "Please provide a unique reference. Reference already exists on a transfer";
    static final String INSUFFICIENT_BALANCE = "Your balance is not enough to fulfill this request";
    static final String INVALID_RECIPIENT = "Recipient specified is invalid";

    private static final Logger log = LoggerFactory.getLogger(PaystackTransfers.class);

    private final PaystackSimulatorProperties properties;
    private final PaystackWebhookSender webhooks;
    private final Clock clock = Clock.systemUTC();
    private final ProviderIdSequence recipientIds = new ProviderIdSequence(50_000_000L);
    private final ProviderIdSequence transferIds = new ProviderIdSequence(860_000_000L);
    private final ConcurrentMap<String, PaystackRecipient> recipientsByCode = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, PaystackRecipient> recipientsByAccount = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, PaystackTransfer> byReference = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, PaystackTransfer> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, PaystackTransfer> byCode = new ConcurrentHashMap<>();
    /** Every POST /transfer per reference, refused ones included: "sent exactly once" is countable. */
    private final ConcurrentMap<String, AtomicInteger> requestsByReference = new ConcurrentHashMap<>();
    /** Subunits per currency; guarded by this. */
    private final Map<String, Long> balances = new TreeMap<>();

    private final ScenarioRules<TransferScenario> rules = new ScenarioRules<>(TransferScenario.class, "recipient");
    private final ScheduledThreadPoolExecutor scheduler =
            new ScheduledThreadPoolExecutor(1, SimulatorHttpClients.numberedDaemonThreads("paystack-sim-transfers"));
    private final PendingTasks pending = new PendingTasks();

    public PaystackTransfers(PaystackSimulatorProperties properties, PaystackWebhookSender webhooks) {
        this.properties = properties;
        this.webhooks = webhooks;
        balances.put("KES", properties.transferBalance());
    }

    /** Creates a recipient, or returns the existing one for the same type, bank and account number. */
    PaystackRecipient recipient(TransferRequests.Recipient request) {
        String account = request.type() + "/" + request.bankCode() + "/" + request.accountNumber();
        return recipientsByAccount.computeIfAbsent(account, key -> {
            PaystackRecipient created = new PaystackRecipient(
                    recipientIds.next(), "RCP_" + PaystackIds.lowerAlnum(15), request, clock.instant());
            recipientsByCode.put(created.code(), created);
            return created;
        });
    }

    /** Initiates a transfer, or throws Paystack's 400 (nothing recorded, nothing debited). */
    PaystackTransfer initiate(TransferRequests.Transfer request) {
        String reference = request.reference() != null ? request.reference() : PaystackIds.lowerAlnum(20);
        requestsByReference
                .computeIfAbsent(reference, key -> new AtomicInteger())
                .incrementAndGet();
        PaystackRecipient recipient = recipientsByCode.get(request.recipient());
        if (recipient == null) {
            throw PaystackApiException.badRequest(INVALID_RECIPIENT);
        }
        TransferScenario scenario = rules.forKey(recipient.code()).orElse(TransferScenario.SUCCESS);
        if (scenario == TransferScenario.INVALID_RECIPIENT) {
            throw PaystackApiException.badRequest(INVALID_RECIPIENT);
        }
        if (!recipient.request().currency().equals(request.currency())) {
            throw PaystackApiException.badRequest("Recipient currency does not match the transfer currency");
        }
        long fee = fee(request.currency(), request.amount());
        PaystackTransfer transfer = new PaystackTransfer(
                transferIds.next(),
                "TRF_" + PaystackIds.lowerAlnum(15),
                request,
                reference,
                recipient,
                fee,
                scenario,
                clock.instant());
        synchronized (this) {
            if (byReference.containsKey(reference)) {
                throw PaystackApiException.badRequest(DUPLICATE_REFERENCE);
            }
            long balance = balances.getOrDefault(request.currency(), 0L);
            if (scenario == TransferScenario.INSUFFICIENT_BALANCE || balance < request.amount() + fee) {
                throw PaystackApiException.badRequest(INSUFFICIENT_BALANCE);
            }
            balances.put(request.currency(), balance - request.amount() - fee);
            byReference.put(reference, transfer);
        }
        byId.put(transfer.id(), transfer);
        byCode.put(transfer.code(), transfer);
        later(() -> decide(transfer));
        return transfer;
    }

    Optional<PaystackTransfer> find(String reference) {
        return reference == null ? Optional.empty() : Optional.ofNullable(byReference.get(reference));
    }

    /** {@code GET /transfer/{id_or_code}}. */
    Optional<PaystackTransfer> findByIdOrCode(String idOrCode) {
        if (idOrCode.matches("[0-9]{1,18}")) {
            return Optional.ofNullable(byId.get(Long.parseLong(idOrCode)));
        }
        return Optional.ofNullable(byCode.get(idOrCode));
    }

    /** Newest first. */
    List<PaystackTransfer> list() {
        return byReference.values().stream()
                .sorted(Comparator.comparing(PaystackTransfer::createdAt)
                        .thenComparing(PaystackTransfer::id)
                        .reversed())
                .toList();
    }

    int requests(String reference) {
        AtomicInteger count = requestsByReference.get(reference);
        return count == null ? 0 : count.get();
    }

    synchronized Map<String, Long> balances() {
        return new TreeMap<>(balances);
    }

    synchronized void balance(String currency, long subunits) {
        balances.put(currency, subunits);
    }

    ScenarioRules<TransferScenario> rules() {
        return rules;
    }

    /** Every decision and webhook so far has happened (for tests). */
    boolean idle() {
        return pending.none() && webhooks.idle();
    }

    /**
     * Paystack Kenya's M-PESA transfer fees (§4: KES 20 up to 1,500, 40 up to 20,000, 60 above), applied to every KES
     * transfer [ours for tills, paybills and banks, whose bands were not captured]; none in other currencies.
     */
    static long fee(String currency, long amount) {
        if (!"KES".equals(currency)) {
            return 0;
        }
        if (amount <= 150_000) {
            return 2_000;
        }
        return amount <= 2_000_000 ? 4_000 : 6_000;
    }

    private void decide(PaystackTransfer transfer) {
        Instant now = clock.instant();
        switch (transfer.scenario()) {
            case FAILED -> {
                if (transfer.fail(now, "Transfer failed: the processor is unavailable, retry")) {
                    refund(transfer);
                    send("transfer.failed", transfer, PaystackWebhookSender.Mode.NORMAL);
                }
            }
            case REVERSED -> {
                if (transfer.succeed(now)) {
                    send("transfer.success", transfer, PaystackWebhookSender.Mode.NORMAL);
                    later(() -> {
                        if (transfer.reverse(clock.instant())) {
                            refund(transfer);
                            send("transfer.reversed", transfer, PaystackWebhookSender.Mode.NORMAL);
                        }
                    });
                }
            }
            case NO_WEBHOOK -> {
                if (transfer.succeed(now)) {
                    send("transfer.success", transfer, PaystackWebhookSender.Mode.NONE);
                }
            }
            case DUPLICATE_WEBHOOK -> {
                if (transfer.succeed(now)) {
                    send("transfer.success", transfer, PaystackWebhookSender.Mode.DUPLICATE);
                }
            }
            default -> {
                if (transfer.succeed(now)) {
                    send("transfer.success", transfer, PaystackWebhookSender.Mode.NORMAL);
                }
            }
        }
    }

    /** The switch's mode (bad signatures, lost webhooks) applies unless the scenario has its own. */
    private void send(String event, PaystackTransfer transfer, PaystackWebhookSender.Mode scenarioMode) {
        PaystackWebhookSender.Mode mode =
                scenarioMode == PaystackWebhookSender.Mode.NORMAL ? webhooks.mode() : scenarioMode;
        webhooks.send(event, transfer.reference(), transfer.toWebhookJson(), mode);
    }

    private synchronized void refund(PaystackTransfer transfer) {
        balances.merge(transfer.currency(), transfer.amount() + transfer.fee(), Long::sum);
    }

    private void later(Runnable task) {
        pending.schedule(
                scheduler,
                properties.webhookDelay(),
                task,
                log,
                "Paystack transfer simulator task failed",
                "Simulator shutting down; transfer outcome dropped");
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
