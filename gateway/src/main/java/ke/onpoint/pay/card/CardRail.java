package ke.onpoint.pay.card;

import java.util.List;
import java.util.Optional;

import ke.onpoint.pay.payment.Payment;
import ke.onpoint.pay.payment.PaymentMethod;
import ke.onpoint.pay.payment.PaymentRail;
import ke.onpoint.pay.payment.ProviderCheck;
import org.springframework.stereotype.Component;

/**
 * Card checkouts as a payment rail: a new payment goes to {@link CardRoutes#INITIALIZE}, which tries the primary
 * processor and fails over to the others. Processors have one configuration each, so a test card payment is refused
 * while any processor is configured live (failover could send it there).
 */
@Component
public class CardRail implements PaymentRail {

    private final List<CardProcessor> processors;
    private final CardProperties cards;

    public CardRail(List<CardProcessor> processors, CardProperties cards) {
        this.processors = processors;
        this.cards = cards;
    }

    @Override
    public PaymentMethod method() {
        return PaymentMethod.CARD;
    }

    /** The primary processor; failover rewrites the payment to the one that took it. */
    @Override
    public String provider() {
        return cards.primary();
    }

    @Override
    public String initiation() {
        return CardRoutes.INITIALIZE;
    }

    @Override
    public Optional<String> testModeRefusal() {
        return processors.stream().anyMatch(CardProcessor::movesRealMoney)
                ? Optional.of("card payments go to a live processor here, which test keys never reach")
                : Optional.empty();
    }

    /** Card payments are verified by the processor's events and the card reconciliation, not on a status call. */
    @Override
    public Optional<ProviderCheck> statusCheck(Payment payment) {
        return Optional.empty();
    }
}
