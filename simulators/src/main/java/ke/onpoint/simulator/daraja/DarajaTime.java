package ke.onpoint.simulator.daraja;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How Daraja writes time: Kenyan local time (EAT, UTC+3, no daylight saving), as {@code yyyyMMddHHmmss} in
 * Timestamps, TransTime and result parameters. The simulator's own definition, so it checks the gateway's clock
 * handling rather than sharing it.
 */
final class DarajaTime {

    static final ZoneId EAT = ZoneId.of("Africa/Nairobi");
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(EAT);

    private DarajaTime() {}
}
