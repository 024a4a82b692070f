package ke.onpoint.pay.payment;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ke.onpoint.pay.api.ApiProblem;
import org.springframework.stereotype.Component;

/** The payment rails this gateway has, one per payment method (each rail's package contributes its bean). */
@Component
public class PaymentRails {

    private final Map<PaymentMethod, PaymentRail> byMethod = new EnumMap<>(PaymentMethod.class);

    public PaymentRails(List<PaymentRail> rails) {
        for (PaymentRail rail : rails) {
            PaymentRail other = byMethod.putIfAbsent(rail.method(), rail);
            if (other != null) {
                throw new IllegalStateException("Two rails carry "
                        + rail.method().code() + ": " + other.getClass().getSimpleName() + " and "
                        + rail.getClass().getSimpleName());
            }
        }
    }

    /** Every rail, in the order of {@link PaymentMethod}. */
    public Collection<PaymentRail> all() {
        return Collections.unmodifiableCollection(byMethod.values());
    }

    /** The rail of a payment method; a method without one cannot be paid here. */
    public PaymentRail of(PaymentMethod method) {
        PaymentRail rail = byMethod.get(method);
        if (rail == null) {
            throw ApiProblem.invalidField("payment_method", "has no provider route");
        }
        return rail;
    }

    /** What the payment's provider last said about it, when its rail asks providers about payments. */
    public Optional<ProviderCheck> statusCheck(Payment payment) {
        return Optional.ofNullable(byMethod.get(payment.method())).flatMap(rail -> rail.statusCheck(payment));
    }
}
