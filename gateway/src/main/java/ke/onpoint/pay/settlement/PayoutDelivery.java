package ke.onpoint.pay.settlement;

import java.util.List;
import java.util.Optional;

import ke.onpoint.pay.payment.ProviderCallbacks.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Sends queued payouts and asks the providers about those whose outcome is not recorded, for
 * {@link PayoutDispatchRoutes} and {@link PayoutRecoveryRoutes}. A payout is marked {@code sending} (committed) before
 * its rail is called, so a crash at any point leaves it to the recovery, which asks and never sends blind.
 */
@Service
public class PayoutDelivery {

    static final String SEND_KIND = "payout_send";
    static final String CHECK_KIND = "payout_check";
    private static final Logger log = LoggerFactory.getLogger(PayoutDelivery.class);

    private final Payouts payouts;
    private final PayoutRails rails;
    private final PayoutResults results;
    private final PayoutProperties properties;

    public PayoutDelivery(Payouts payouts, PayoutRails rails, PayoutResults results, PayoutProperties properties) {
        this.payouts = payouts;
        this.rails = rails;
        this.results = results;
        this.properties = properties;
    }

    /** Due queued payouts, already {@code sending}. */
    public List<Payout> claimQueued() {
        return payouts.claimQueued(properties.batchSize(), properties.checkInterval(), properties.sendAfter());
    }

    /** {@code sending} payouts whose send was never recorded and {@code sent} ones whose result is overdue. */
    public List<Payout> claimChecks() {
        return payouts.claimChecks(properties.batchSize(), properties.checkInterval());
    }

    /** Sends a claimed payout and records the answer (Unknown: it stays {@code sending} and is asked about). */
    public void send(Payout payout) {
        if (payout.destination() == null) {
            results.holdForReview(
                    payout.reference(),
                    "DESTINATION_UNREADABLE: never sent; its destination cannot be"
                            + " decrypted (a master key missing from ONPOINT_PREVIOUS_MASTER_KEYS?)");
            return;
        }
        Optional<PayoutRail> rail = rails.forPayout(payout);
        if (rail.isEmpty()) {
            results.apply(
                    payout.provider(),
                    payout.reference(),
                    new PayoutAnswer.Failed(
                            "NO_RAIL", "no payout rail of " + payout.provider() + " pays " + payout.destinationType()),
                    SEND_KIND,
                    null);
            return;
        }
        PayoutAnswer answer = rail.get().send(payout.order());
        if (answer instanceof PayoutAnswer.Accepted accepted) {
            payouts.markSent(payout.id(), accepted.providerReference(), properties.resultTimeout());
        } else if (answer instanceof PayoutAnswer.Unknown unknown) {
            log.warn(
                    "Payout {} sent to {} without a conclusive answer ({}): asked about in {}",
                    payout.reference(),
                    payout.provider(),
                    unknown.reason(),
                    properties.checkInterval());
        } else {
            results.apply(payout.provider(), payout.reference(), answer, SEND_KIND, null);
        }
    }

    /** Asks the payout's provider what became of it; a result that comes later (Daraja) is applied when it comes. */
    public Outcome check(Payout payout) {
        if (payout.destination() == null) {
            results.holdForReview(payout.reference(), "DESTINATION_UNREADABLE: its destination cannot be decrypted");
            return Outcome.NEEDS_REVIEW;
        }
        Optional<PayoutRail> rail = rails.forPayout(payout);
        if (rail.isEmpty()) {
            return Outcome.IGNORED;
        }
        PayoutAnswer answer = rail.get().check(payout.order());
        if (answer instanceof PayoutAnswer.Unknown unknown) {
            log.info(
                    "Payout {} ({}) still without an outcome: {}",
                    payout.reference(),
                    payout.status(),
                    unknown.reason());
            return Outcome.IGNORED;
        }
        if (answer instanceof PayoutAnswer.NotFound && "sent".equals(payout.status())) {
            // the provider took it (it answered our send), so "no record" is not yet a reason to send again
            log.warn(
                    "Payout {} was accepted by {} but is not found there yet; asked again later",
                    payout.reference(),
                    payout.provider());
            return Outcome.IGNORED;
        }
        return results.apply(payout.provider(), payout.reference(), answer, CHECK_KIND, null);
    }
}
