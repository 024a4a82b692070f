package ke.onpoint.pay.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import ke.onpoint.pay.kernel.EastAfricaTime;

/** East Africa calendar days, both ends inclusive; an end may be open (null) where a list allows it. */
public record DateRange(LocalDate from, LocalDate to) {

    /** The instant the first day starts in Nairobi, or null when open. */
    public Instant start() {
        return from == null ? null : from.atStartOfDay(EastAfricaTime.ZONE).toInstant();
    }

    /** The instant after the last day ends in Nairobi (exclusive), or null when open. */
    public Instant end() {
        return to == null
                ? null
                : to.plusDays(1).atStartOfDay(EastAfricaTime.ZONE).toInstant();
    }

    /** Every day of a closed range, in order. */
    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }
}
