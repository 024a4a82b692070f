package ke.onpoint.pay.paystack;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.card.CardProcessorRecords;
import ke.onpoint.pay.card.ProcessorAnswer;
import ke.onpoint.pay.card.ProcessorApi;
import ke.onpoint.pay.reconciliation.ProviderPages;
import ke.onpoint.pay.reconciliation.ProviderRecord;
import ke.onpoint.pay.reconciliation.RecordKind;
import ke.onpoint.pay.reconciliation.RecordStatus;
import ke.onpoint.pay.reconciliation.SettlementFigures;
import org.springframework.stereotype.Component;

/**
 * Paystack's own records for reconciliation: {@code GET /transaction} over a closed UTC window (an East Africa day D is
 * {@code (D−1)T21:00:00Z} to {@code DT20:59:59Z}), every page ({@code perPage}, {@code meta.pageCount}); and
 * {@code GET /settlement} for what it settled that day. Paystack's {@code reference} is ours, its {@code id} is what
 * the card rail stores as the provider's transaction id.
 */
@Component
public class PaystackRecords extends CardProcessorRecords {

    static final int PER_PAGE = 100;

    private final ProcessorApi api;

    public PaystackRecords(ProcessorApi api, PaystackProcessor processor) {
        super(api, processor, "Paystack");
        this.api = api;
    }

    @Override
    protected boolean succeeded(JsonNode body) {
        return body.path("status").asBoolean(false);
    }

    @Override
    public List<ProviderRecord> records(Instant from, Instant to) {
        // Paystack's "to" is inclusive: the window's last second
        String query = "/transaction?from=" + from + "&to=" + to.minus(1, ChronoUnit.SECONDS) + "&perPage=" + PER_PAGE;
        return ProviderPages.all(page -> {
            JsonNode body = read(query + "&page=" + page);
            List<ProviderRecord> records = new ArrayList<>();
            body.path("data").forEach(t -> records.add(record(t)));
            JsonNode meta = body.path("meta");
            int pageCount = meta.path("pageCount").asInt(page); // perPage and pageCount may come back as strings
            return new ProviderPages.Page(records, page < pageCount);
        });
    }

    /** Settlements whose settlement_date is the day; empty when Paystack will not list them. */
    @Override
    public Optional<SettlementFigures> settlements(LocalDate day) {
        ProcessorAnswer answer =
                api.get(PaystackProcessor.NAME, "/settlement?from=" + day + "&to=" + day + "&perPage=" + PER_PAGE);
        if (!answer.ok() || !succeeded(answer.body())) {
            return Optional.empty();
        }
        int count = 0;
        long settled = 0;
        long fees = 0;
        for (JsonNode settlement : answer.body().path("data")) {
            if (settlement.path("settlement_date").asText("").startsWith(day.toString())) {
                count++;
                settled += settlement.path("total_amount").asLong();
                fees += settlement.path("total_fees").asLong();
            }
        }
        return Optional.of(new SettlementFigures(count, settled, fees));
    }

    static ProviderRecord record(JsonNode transaction) {
        String status = transaction.path("status").asText("");
        return new ProviderRecord(
                transaction.path("id").asText(null),
                transaction.path("reference").asText(null),
                null,
                RecordKind.COLLECTION,
                transaction.path("amount").asLong(),
                transaction.path("currency").asText(null),
                switch (status) {
                    case "success" -> RecordStatus.SUCCESS;
                    case "reversed" -> RecordStatus.REVERSED;
                    case "failed", "abandoned" -> RecordStatus.FAILED;
                    default -> RecordStatus.PENDING;
                },
                status,
                ProviderPages.instant(
                        transaction.path("paid_at").asText(null),
                        transaction.path("paidAt").asText(null),
                        transaction.path("created_at").asText(null),
                        transaction.path("createdAt").asText(null)));
    }
}
