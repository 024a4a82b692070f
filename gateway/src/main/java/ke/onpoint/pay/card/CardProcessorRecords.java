package ke.onpoint.pay.card;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.reconciliation.ProviderRecords;
import ke.onpoint.pay.reconciliation.RecordKind;

/**
 * What every card processor's reconciliation listing shares: its name, the modes its account carries and its kinds of
 * record, and reading one page of its API. Each processor keeps only its own query, paging and record mapping.
 */
public abstract class CardProcessorRecords implements ProviderRecords {

    private final ProcessorApi api;
    private final CardProcessor processor;
    private final String label;

    /** {@code label} names the processor in a failed read's message ({@code Paystack GET /transaction…: …}). */
    protected CardProcessorRecords(ProcessorApi api, CardProcessor processor, String label) {
        this.api = api;
        this.processor = processor;
        this.label = label;
    }

    @Override
    public String provider() {
        return processor.name();
    }

    /** A live secret key carries live money only; the simulator's takes both modes' card payments. */
    @Override
    public List<String> modes() {
        return processor.movesRealMoney() ? List.of("live") : List.of("test", "live");
    }

    /** Transfers (payouts) and refunds are not in the transaction list: a refund shows as the transaction reversed. */
    @Override
    public Set<RecordKind> lists() {
        return Set.of(RecordKind.COLLECTION);
    }

    /** The processor's answer to {@code GET path}; throws unless it answered and said it succeeded. */
    protected JsonNode read(String path) {
        ProcessorAnswer answer = api.get(processor.name(), path);
        if (!answer.ok() || !succeeded(answer.body())) {
            throw new IllegalStateException(label + " GET " + path + ": " + answer.message());
        }
        return answer.body();
    }

    /** The processor's own success flag in a body ({@code "status": true} or {@code "status": "success"}). */
    protected abstract boolean succeeded(JsonNode body);
}
