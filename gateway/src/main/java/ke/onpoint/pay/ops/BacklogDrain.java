package ke.onpoint.pay.ops;

import static org.apache.camel.builder.Builder.constant;
import static org.apache.camel.builder.Builder.exchangeProperty;

import org.apache.camel.Exchange;
import org.apache.camel.model.LoopDefinition;
import org.apache.camel.model.ProcessorDefinition;

/**
 * "Keep draining while the batch came back full", for a route that works through a backlog in batches: a full batch
 * means more is waiting, so the next one is taken at once (each batch its own transaction) instead of one batch per
 * period. Built as a Camel {@code loopDoWhile}, so Hawtio shows the loop and counts its rounds.
 */
public final class BacklogDrain {

    /** Set by each batch: whether it came back full. */
    static final String FULL_BATCH = "backlogFullBatch";

    private BacklogDrain() {}

    /**
     * Opens the loop on {@code route}; its steps take one batch and report it with {@link #batchTaken}, and the
     * caller closes it with {@code end()}.
     */
    public static LoopDefinition whileBatchFull(ProcessorDefinition<?> route) {
        return route.setProperty(FULL_BATCH, constant(true)).loopDoWhile(exchangeProperty(FULL_BATCH));
    }

    /** A batch of {@code taken} items out of at most {@code size}: the loop goes round again only when it was full. */
    public static void batchTaken(Exchange exchange, int taken, int size) {
        exchange.setProperty(FULL_BATCH, taken == size);
    }
}
