package ke.onpoint.pay.flutterwave;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.card.CardProcessorRecords;
import ke.onpoint.pay.card.ProcessorApi;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.reconciliation.ProviderPages;
import ke.onpoint.pay.reconciliation.ProviderRecord;
import ke.onpoint.pay.reconciliation.RecordKind;
import ke.onpoint.pay.reconciliation.RecordStatus;
import org.springframework.stereotype.Component;

/**
 * Flutterwave's own records for reconciliation: {@code GET /v3/transactions?from&to} (dates, {@code YYYY-MM-DD}), every
 * page ({@code meta.page_info}). Its dates are whole days on its own clock, so the listing covers every date the
 * window touches and the records are cut to the window by their {@code created_at}. Amounts are major units;
 * {@code tx_ref} is our reference, {@code id} what the card rail stores as the provider's transaction id.
 */
@Component
public class FlutterwaveRecords extends CardProcessorRecords {

    public FlutterwaveRecords(ProcessorApi api, FlutterwaveProcessor processor) {
        super(api, processor, "Flutterwave");
    }

    @Override
    protected boolean succeeded(JsonNode body) {
        return "success".equals(body.path("status").asText());
    }

    @Override
    public List<ProviderRecord> records(Instant from, Instant to) {
        String query = "/v3/transactions?from=" + from.atOffset(ZoneOffset.UTC).toLocalDate() + "&to="
                + to.atOffset(ZoneOffset.UTC).toLocalDate();
        List<ProviderRecord> all = ProviderPages.all(page -> {
            JsonNode body = read(query + "&page=" + page);
            List<ProviderRecord> records = new ArrayList<>();
            body.path("data").forEach(t -> records.add(record(t)));
            JsonNode pages = body.path("meta").path("page_info");
            return new ProviderPages.Page(
                    records,
                    pages.path("current_page").asInt(page)
                            < pages.path("total_pages").asInt(0));
        });
        return all.stream()
                .filter(r -> r.occurredAt() != null
                        && !r.occurredAt().isBefore(from)
                        && r.occurredAt().isBefore(to))
                .toList();
    }

    static ProviderRecord record(JsonNode transaction) {
        String status = transaction.path("status").asText("");
        long amountMinor = Money.toMinor(
                        new BigDecimal(transaction.path("amount").asText("0")))
                .orElse(-1L);
        return new ProviderRecord(
                transaction.path("id").asText(null),
                transaction.path("tx_ref").asText(null),
                null,
                RecordKind.COLLECTION,
                amountMinor,
                transaction.path("currency").asText(null),
                switch (status) {
                    case "successful" -> RecordStatus.SUCCESS;
                    case "failed", "cancelled" -> RecordStatus.FAILED;
                    default -> RecordStatus.PENDING;
                },
                status,
                ProviderPages.instant(transaction.path("created_at").asText(null)));
    }
}
