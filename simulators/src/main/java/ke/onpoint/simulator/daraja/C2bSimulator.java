package ke.onpoint.simulator.daraja;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.SimulatorJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The M-Pesa side of C2B (§1.6): URL registrations per shortcode and API version, and customer payments that are
 * validated (when a ValidationURL is registered) and confirmed asynchronously. Payments are kept so Transaction
 * Status and Reversal can find them by TransID.
 */
@Component
@ConditionalOnDarajaSimulator
public class C2bSimulator {

    private static final Logger log = LoggerFactory.getLogger(C2bSimulator.class);
    private static final int PRUNE_ABOVE = 10_000;

    /** A registration as stored: the API version it came through matters for the payload (v2 hashes MSISDN). */
    record Registered(String version, AccountRequests.Registration registration, Instant at) {

        ObjectNode toJson() {
            return SimulatorJson.object()
                    .put("short_code", registration.shortCode())
                    .put("version", version)
                    .put("response_type", registration.responseType())
                    .put("confirmation_url", registration.confirmationUrl())
                    .put("validation_url", registration.validationUrl())
                    .put("registered_at", at.toString());
        }
    }

    public enum RedeliverStatus {
        SENT,
        NOT_FOUND,
        NOT_CONFIRMED
    }

    private final DarajaAccountProperties properties;
    private final C2bValidationClient validationClient;
    private final DarajaCallbackSender callbackSender;
    private final AccountScheduler scheduler;
    private final OrgAccounts accounts;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean productionMode;
    private final AtomicLong lastPrune = new AtomicLong();
    /** Key: shortcode + "/" + version. */
    private final ConcurrentMap<String, Registered> registrations = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, C2bTransaction> transactions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> transIdsByConversation = new ConcurrentHashMap<>();

    public C2bSimulator(
            DarajaAccountProperties properties,
            C2bValidationClient validationClient,
            DarajaCallbackSender callbackSender,
            AccountScheduler scheduler,
            OrgAccounts accounts) {
        this.properties = properties;
        this.validationClient = validationClient;
        this.callbackSender = callbackSender;
        this.scheduler = scheduler;
        this.accounts = accounts;
        this.productionMode = new AtomicBoolean(properties.productionMode());
    }

    boolean productionMode() {
        return productionMode.get();
    }

    void productionMode(boolean enabled) {
        productionMode.set(enabled);
    }

    /** Back to the configured mode; registrations and payments stay. */
    void reset() {
        productionMode.set(properties.productionMode());
    }

    /**
     * Stores the URLs. In production mode a shortcode registers once (whatever the version): a repeat is Safaricom's
     * HTTP 500 {@code 500.003.1001 Urls are already registered}; in sandbox mode the latest registration wins.
     */
    synchronized Registered register(String version, AccountRequests.Registration registration) {
        String shortCode = registration.shortCode();
        if (productionMode.get() && registrations.keySet().stream().anyMatch(key -> key.startsWith(shortCode + "/"))) {
            throw new DarajaException(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "500.003.1001",
                    "Urls are already registered",
                    DarajaIds.requestId());
        }
        Registered registered = new Registered(version, registration, clock.instant());
        registrations.put(shortCode + "/" + version, registered);
        return registered;
    }

    List<Registered> registrations() {
        return registrations.values().stream()
                .sorted(Comparator.comparing((Registered r) -> r.registration().shortCode())
                        .thenComparing(Registered::version))
                .toList();
    }

    /**
     * Takes a customer payment and schedules its notifications. The registration used is the one for this API
     * version, else the shortcode's other one, else none (the payment completes without any notification).
     * {@code version} null ({@code /__sim/c2b/pay}) takes the shortcode's latest registration.
     */
    C2bTransaction pay(AccountRequests.C2bPayment payment, String version) {
        pruneIfLarge();
        Registered registration = registrationFor(payment.shortCode(), version);
        Instant now = clock.instant();
        C2bTransaction transaction;
        do {
            transaction = new C2bTransaction(
                    DarajaIds.receiptNumber(), AccountIds.originatorConversationId(), payment, registration, now);
        } while (transactions.putIfAbsent(transaction.transId(), transaction) != null);
        transIdsByConversation.put(transaction.originatorConversationId(), transaction.transId());
        C2bTransaction accepted = transaction;
        scheduler.schedule(() -> notify(accepted), properties.notificationDelay());
        return accepted;
    }

    Optional<C2bTransaction> find(String transId) {
        return transId == null ? Optional.empty() : Optional.ofNullable(transactions.get(transId));
    }

    /** Every payment the simulator holds (not yet pruned), in no particular order. */
    List<C2bTransaction> all() {
        return List.copyOf(transactions.values());
    }

    /** By the OriginatorCoversationID the simulate call answered with. */
    Optional<C2bTransaction> findByConversation(String originatorConversationId) {
        return originatorConversationId == null
                ? Optional.empty()
                : find(transIdsByConversation.get(originatorConversationId));
    }

    /** POSTs the stored confirmation body again, identical, as Daraja's retries are. */
    RedeliverStatus redeliver(String transId) {
        C2bTransaction transaction = transactions.get(transId);
        if (transaction == null) {
            return RedeliverStatus.NOT_FOUND;
        }
        String body = transaction.confirmationBody();
        if (body == null || transaction.registration() == null) {
            return RedeliverStatus.NOT_CONFIRMED;
        }
        callbackSender.send(
                transId,
                transaction.nextPost(),
                transaction.registration().registration().confirmationUrl(),
                body);
        return RedeliverStatus.SENT;
    }

    private Registered registrationFor(String shortCode, String version) {
        if (version != null) {
            Registered same = registrations.get(shortCode + "/" + version);
            if (same != null) {
                return same;
            }
        }
        return registrations.values().stream()
                .filter(r -> r.registration().shortCode().equals(shortCode))
                .max(Comparator.comparing(Registered::at))
                .orElse(null);
    }

    private void notify(C2bTransaction transaction) {
        Registered registered = transaction.registration();
        if (registered == null) {
            confirm(transaction, ""); // M-Pesa takes the money even when nobody listens
            return;
        }
        String validationUrl = registered.registration().validationUrl();
        if (validationUrl == null) {
            confirm(transaction, "");
            return;
        }
        String body = SimulatorJson.write(transaction.notification("", ""));
        validationClient
                .validate(transaction.transId(), transaction.nextPost(), validationUrl, body)
                .thenAccept(answer -> {
                    switch (answer.kind()) {
                        case ACCEPTED -> confirm(transaction, answer.thirdPartyTransId());
                        case REJECTED -> {
                            transaction.rejectionCode(answer.resultCode());
                            transaction.finish(C2bTransaction.Status.REJECTED, clock.instant());
                        }
                        case FAILED -> {
                            log.debug(
                                    "C2B validation of {} failed ({}); ResponseType {} applies",
                                    transaction.transId(),
                                    answer.failure(),
                                    registered.registration().responseType());
                            if ("Completed".equals(registered.registration().responseType())) {
                                confirm(transaction, "");
                            } else {
                                transaction.finish(C2bTransaction.Status.CANCELLED, clock.instant());
                            }
                        }
                    }
                })
                .exceptionally(e -> {
                    log.warn("C2B notification of {} failed", transaction.transId(), e);
                    return null;
                });
    }

    private void confirm(C2bTransaction transaction, String thirdPartyTransId) {
        AccountRequests.C2bPayment payment = transaction.payment();
        BigDecimal balance;
        synchronized (transaction) {
            if (transaction.status() != C2bTransaction.Status.PENDING) {
                return;
            }
            balance = accounts.credit(payment.shortCode(), payment.amount());
            transaction.confirmationBody(
                    SimulatorJson.write(transaction.notification(OrgAccounts.format(balance), thirdPartyTransId)));
            transaction.finish(C2bTransaction.Status.COMPLETED, clock.instant());
        }
        Registered registered = transaction.registration();
        if (registered != null) {
            callbackSender.send(
                    transaction.transId(),
                    transaction.nextPost(),
                    registered.registration().confirmationUrl(),
                    transaction.confirmationBody());
        }
    }

    private void pruneIfLarge() {
        long now = System.currentTimeMillis();
        long last = lastPrune.get();
        if (transactions.size() <= PRUNE_ABOVE || now - last < 60_000 || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        Instant cutoff = clock.instant().minusSeconds(3600);
        transactions
                .values()
                .removeIf(t -> t.finalisedAt() != null && t.finalisedAt().isBefore(cutoff));
        transIdsByConversation.values().removeIf(id -> !transactions.containsKey(id));
    }
}
