package ke.onpoint.pay.kernel;

import java.time.ZoneId;

/**
 * The gateway's clock for business days: Kenya's local time (EAT, UTC+3, no daylight saving). Daily limits, filters by
 * date and payment references count days here; providers that read local timestamps (Daraja) use the same zone.
 */
public final class EastAfricaTime {

    public static final ZoneId ZONE = ZoneId.of("Africa/Nairobi");

    private EastAfricaTime() {}
}
