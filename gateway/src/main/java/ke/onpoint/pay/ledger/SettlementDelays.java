package ke.onpoint.pay.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import ke.onpoint.pay.kernel.EastAfricaTime;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onpoint.settlement.delay-days}: how many days after capture (East Africa days) a payment may be settled, by
 * payment method. M-Pesa T+1 and cards T+2 by default, as the providers pay us. {@code test-delay-days} is the same
 * for test-mode money: the same by default, the same day in the development sandbox, so a developer sees a
 * settlement and its payout in one sitting.
 */
@ConfigurationProperties("onpoint.settlement")
public record SettlementDelays(Map<String, Integer> delayDays, Map<String, Integer> testDelayDays) {

    public SettlementDelays {
        delayDays = delayDays == null ? Map.of("mpesa", 1, "card", 2) : Map.copyOf(delayDays);
        testDelayDays = testDelayDays == null ? delayDays : Map.copyOf(testDelayDays);
        if (java.util.stream.Stream.concat(delayDays.values().stream(), testDelayDays.values().stream())
                .anyMatch(d -> d == null || d < 0)) {
            throw new IllegalStateException("onpoint.settlement.delay-days and test-delay-days must be 0 or more");
        }
    }

    /** The first settlement day of money captured at {@code at} by that method in that mode. */
    public LocalDate settleOn(String method, String mode, Instant at) {
        Integer days = ("test".equals(mode) ? testDelayDays : delayDays).get(method);
        if (days == null) {
            throw new IllegalStateException("onpoint.settlement.delay-days." + method + " is not configured");
        }
        return LocalDate.ofInstant(at, EastAfricaTime.ZONE).plusDays(days);
    }
}
