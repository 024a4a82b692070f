package ke.onpoint.pay.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import ke.onpoint.pay.kernel.EastAfricaTime;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code onpoint.settlement.delay-days}: how many days after capture (East Africa days) a payment may be settled, by
 * payment method. M-Pesa T+1 and cards T+2 by default, as the providers pay us.
 */
@ConfigurationProperties("onpoint.settlement")
public record SettlementDelays(Map<String, Integer> delayDays) {

    public SettlementDelays {
        delayDays = delayDays == null ? Map.of("mpesa", 1, "card", 2) : Map.copyOf(delayDays);
        if (delayDays.values().stream().anyMatch(d -> d == null || d < 0)) {
            throw new IllegalStateException("onpoint.settlement.delay-days must be 0 or more");
        }
    }

    /** The first settlement day of money captured at {@code at} by that method. */
    public LocalDate settleOn(String method, Instant at) {
        Integer days = delayDays.get(method);
        if (days == null) {
            throw new IllegalStateException("onpoint.settlement.delay-days." + method + " is not configured");
        }
        return LocalDate.ofInstant(at, EastAfricaTime.ZONE).plusDays(days);
    }
}
