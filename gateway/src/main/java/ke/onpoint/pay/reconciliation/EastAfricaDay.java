package ke.onpoint.pay.reconciliation;

import java.time.Instant;
import java.time.LocalDate;

import ke.onpoint.pay.kernel.EastAfricaTime;

/** An East Africa business day as an instant window: day D is (D−1)T21:00:00Z up to, not including, DT21:00:00Z. */
public record EastAfricaDay(LocalDate date) {

    public Instant start() {
        return date.atStartOfDay(EastAfricaTime.ZONE).toInstant();
    }

    public Instant end() {
        return date.plusDays(1).atStartOfDay(EastAfricaTime.ZONE).toInstant();
    }

    public boolean contains(Instant instant) {
        return instant != null && !instant.isBefore(start()) && instant.isBefore(end());
    }

    public static EastAfricaDay yesterday() {
        return new EastAfricaDay(LocalDate.now(EastAfricaTime.ZONE).minusDays(1));
    }
}
