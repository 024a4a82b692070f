package ke.onpoint.simulator;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider's numeric ids (transactions, refunds, customers): increasing from a random point above the base, so a
 * simulator started again against the same database (a restarted dev gateway, a second instance, another test
 * context) never hands out an id that an earlier one did, as the real providers never do.
 */
public final class ProviderIdSequence {

    /** Room for each start: ids of one run stay unique unless it hands out more than this many after another's start. */
    private static final long SPREAD = 1_000_000_000L;

    private final AtomicLong last;

    public ProviderIdSequence(long base) {
        this.last = new AtomicLong(base + ThreadLocalRandom.current().nextLong(SPREAD / 1000) * 1000);
    }

    public long next() {
        return last.incrementAndGet();
    }
}
