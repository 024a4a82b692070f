package ke.onpoint.simulator.paystack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ke.onpoint.simulator.ProviderIdSequence;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The Paystack side of the simulator: the in-memory transaction and refund tables (reference §2.6), the hosted
 * checkout's outcomes, the M-Pesa prompt's outcome and the refunds' processing, each followed by its webhook.
 * Nothing is forgotten on reset; when the table grows large, old final transactions are pruned.
 */
@Component("paystackSimLedger")
@ConditionalOnPaystackSimulator
public class PaystackLedger implements DisposableBean {

    /** What the refunds created from now on turn into. */
    public enum RefundMode {
        PROCESS, FAIL;

        static RefundMode parse(String value) {
            return RefundMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum CheckoutAction { PAY, DECLINE, ABANDON }

    public enum CheckoutStatus { DONE, NOT_FOUND, NOT_PENDING }

    record CheckoutResult(CheckoutStatus status, SimulatedPaystackTransaction transaction) {
    }

    /** An M-Pesa number ending in this declines the prompt (the Daraja simulator's 1032 "cancelled by user"). */
    static final String DECLINING_PHONE_SUFFIX = "32";

    private static final Logger log = LoggerFactory.getLogger(PaystackLedger.class);
    private static final int PRUNE_ABOVE = 20_000;
    private static final Duration RETENTION = Duration.ofHours(1);

    private final PaystackSimulatorProperties properties;
    private final PaystackWebhookSender webhooks;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentMap<String, SimulatedPaystackTransaction> byReference = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, SimulatedPaystackTransaction> byId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, SimulatedPaystackTransaction> byAccessCode = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<Long, SimulatedPaystackRefund> refunds = new ConcurrentSkipListMap<>();
    private final ConcurrentMap<String, SimulatedPaystackTransaction.Customer> customers = new ConcurrentHashMap<>();
    private final ProviderIdSequence transactionIds = new ProviderIdSequence(4_200_000_000L);
    private final ProviderIdSequence refundIds = new ProviderIdSequence(15_000_000L);
    private final ProviderIdSequence customerIds = new ProviderIdSequence(250_000_000L);
    private final AtomicReference<RefundMode> refundMode = new AtomicReference<>(RefundMode.PROCESS);
    private final AtomicLong lastPrune = new AtomicLong();
    private final ScheduledThreadPoolExecutor scheduler;

    public PaystackLedger(PaystackSimulatorProperties properties, PaystackWebhookSender webhooks) {
        this.properties = properties;
        this.webhooks = webhooks;
        AtomicLong threads = new AtomicLong();
        // One thread: it only flips state and hands webhooks to the sender's own pool.
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "paystack-sim-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    SimulatedPaystackTransaction initialize(PaystackRequests.Initialize request, String ip) {
        pruneIfLarge();
        Instant now = clock.instant();
        SimulatedPaystackTransaction.Customer customer = customer(request.email());
        String accessCode;
        do {
            accessCode = PaystackIds.accessCode();
        } while (byAccessCode.containsKey(accessCode));
        String code = accessCode;
        SimulatedPaystackTransaction transaction = store(request.reference(),
                reference -> SimulatedPaystackTransaction.initialized(transactionIds.next(), reference,
                        code, customer, request, now, ip));
        byAccessCode.put(code, transaction);
        return transaction;
    }

    /** An M-Pesa charge: {@code ongoing} now, decided after webhookDelay (phone ending 32 declines). */
    SimulatedPaystackTransaction charge(PaystackRequests.Charge request, String ip) {
        pruneIfLarge();
        Instant now = clock.instant();
        SimulatedPaystackTransaction.Customer customer = customer(request.email());
        SimulatedPaystackTransaction transaction = store(request.reference(),
                reference -> SimulatedPaystackTransaction.charged(transactionIds.next(), reference,
                        customer, request, now, ip));
        boolean success = !request.phone().endsWith(DECLINING_PHONE_SUFFIX);
        later(properties.webhookDelay(), () -> {
            if (transaction.completeMobileMoney(success, clock.instant()) && success) {
                webhooks.send("charge.success", transaction.reference(), transaction.toJson());
            }
        });
        return transaction;
    }

    CheckoutResult checkout(String accessCode, CheckoutAction action, String ip) {
        SimulatedPaystackTransaction transaction = accessCode == null ? null : byAccessCode.get(accessCode);
        if (transaction == null) {
            return new CheckoutResult(CheckoutStatus.NOT_FOUND, null);
        }
        Instant now = clock.instant();
        boolean done = switch (action) {
            case PAY -> transaction.pay(now, ip);
            case DECLINE -> transaction.decline(now, ip);
            case ABANDON -> transaction.abandon();
        };
        if (!done) {
            return new CheckoutResult(CheckoutStatus.NOT_PENDING, transaction);
        }
        if (action == CheckoutAction.PAY) {
            // rendered now: the event describes the payment, whatever happens to the transaction before delivery
            var data = transaction.toJson();
            later(properties.webhookDelay(), () -> webhooks.send("charge.success", transaction.reference(), data));
        }
        return new CheckoutResult(CheckoutStatus.DONE, transaction);
    }

    /** Queues a refund (pending), decided after webhookDelay as the refund mode says, then sends refund.*. */
    SimulatedPaystackRefund refund(PaystackRequests.Refund request) {
        SimulatedPaystackTransaction transaction = findByReferenceOrId(request.transaction())
                .orElseThrow(() -> PaystackApiException.notFound("Transaction not found"));
        if (request.currency() != null && !request.currency().equals(transaction.currency())) {
            throw PaystackApiException.badRequest("Currency does not match the transaction's currency");
        }
        SimulatedPaystackRefund refund;
        synchronized (transaction) {
            String status = transaction.status();
            if (SimulatedPaystackTransaction.REVERSED.equals(status)) {
                throw PaystackApiException.badRequest("Transaction has been fully reversed");
            }
            if (!SimulatedPaystackTransaction.SUCCESS.equals(status)) {
                throw PaystackApiException.badRequest("Transaction has not been completed");
            }
            long unrefunded = transaction.unrefunded();
            long amount = request.amount() == null ? unrefunded : request.amount();
            if (amount > unrefunded) {
                throw new PaystackApiException(HttpStatus.BAD_REQUEST,
                        "Refund amount cannot be more than the unrefunded amount (" + unrefunded + ")");
            }
            refund = new SimulatedPaystackRefund(refundIds.next(), transaction, amount,
                    transaction.currency(), request.customerNote(), request.merchantNote(), clock.instant(),
                    refundMode.get() == RefundMode.FAIL);
            transaction.addRefund(refund);
        }
        refunds.put(refund.id(), refund);
        SimulatedPaystackRefund queued = refund;
        later(properties.webhookDelay(), () -> {
            if (queued.complete(clock.instant())) {
                webhooks.send("refund." + queued.status(), transaction.reference(), queued.webhookData());
            }
        });
        return refund;
    }

    Optional<SimulatedPaystackTransaction> find(String reference) {
        return reference == null ? Optional.empty() : Optional.ofNullable(byReference.get(reference));
    }

    Optional<SimulatedPaystackTransaction> findByAccessCode(String accessCode) {
        return accessCode == null ? Optional.empty() : Optional.ofNullable(byAccessCode.get(accessCode));
    }

    /** Paystack's refund takes "the transaction reference or id". */
    Optional<SimulatedPaystackTransaction> findByReferenceOrId(String referenceOrId) {
        Optional<SimulatedPaystackTransaction> byRef = find(referenceOrId);
        if (byRef.isPresent() || !referenceOrId.matches("[0-9]{1,18}")) {
            return byRef;
        }
        return Optional.ofNullable(byId.get(Long.parseLong(referenceOrId)));
    }

    Optional<SimulatedPaystackRefund> findRefund(long id) {
        return Optional.ofNullable(refunds.get(id));
    }

    /** Newest first, optionally only those of one transaction (its reference or id). */
    List<SimulatedPaystackRefund> refunds(String transaction) {
        Optional<SimulatedPaystackTransaction> only = transaction == null || transaction.isBlank()
                ? Optional.empty() : findByReferenceOrId(transaction);
        if (transaction != null && !transaction.isBlank() && only.isEmpty()) {
            return List.of();
        }
        return refunds.descendingMap().values().stream()
                .filter(refund -> only.isEmpty() || refund.transaction() == only.get())
                .toList();
    }

    public RefundMode refundMode() {
        return refundMode.get();
    }

    public void refundMode(RefundMode mode) {
        refundMode.set(mode);
    }

    private SimulatedPaystackTransaction store(String requestedReference,
                                               java.util.function.Function<String, SimulatedPaystackTransaction> create) {
        if (requestedReference != null) {
            SimulatedPaystackTransaction transaction = create.apply(requestedReference);
            if (byReference.putIfAbsent(requestedReference, transaction) != null) {
                throw PaystackApiException.badRequest("Duplicate Transaction Reference");
            }
            byId.put(transaction.id(), transaction);
            return transaction;
        }
        while (true) {
            SimulatedPaystackTransaction transaction = create.apply(PaystackIds.reference());
            if (byReference.putIfAbsent(transaction.reference(), transaction) == null) {
                byId.put(transaction.id(), transaction);
                return transaction;
            }
        }
    }

    private SimulatedPaystackTransaction.Customer customer(String email) {
        return customers.computeIfAbsent(email.toLowerCase(Locale.ROOT), key -> new SimulatedPaystackTransaction.Customer(
                customerIds.next(), email, PaystackIds.customerCode()));
    }

    private void later(Duration delay, Runnable task) {
        try {
            scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Paystack simulator task failed", e);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Simulator shutting down; scheduled outcome dropped");
        }
    }

    private void pruneIfLarge() {
        long now = System.currentTimeMillis();
        long last = lastPrune.get();
        if (byReference.size() <= PRUNE_ABOVE || now - last < 60_000 || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        Instant cutoff = clock.instant().minus(RETENTION);
        byReference.values().removeIf(t -> {
            boolean old = t.isFinal() && t.createdAt().isBefore(cutoff);
            if (old) {
                byId.remove(t.id());
                if (t.accessCode() != null) {
                    byAccessCode.remove(t.accessCode());
                }
                refunds.values().removeIf(refund -> refund.transaction() == t);
            }
            return old;
        });
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
