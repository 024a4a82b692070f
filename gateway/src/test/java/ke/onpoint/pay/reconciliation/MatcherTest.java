package ke.onpoint.pay.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MatcherTest {

    private static final EastAfricaDay DAY = new EastAfricaDay(LocalDate.of(2024, 1, 16));
    private static final Instant NOON = Instant.parse("2024-01-16T09:00:00Z");

    private static OurRecord ours(String reference, String receipt, long amount, String status, Instant at) {
        return new OurRecord(
                RecordKind.COLLECTION,
                reference,
                receipt,
                List.of(reference, receipt),
                1L,
                amount,
                "KES",
                status,
                List.of("completed", "refunded", "partially_refunded").contains(status),
                at);
    }

    private static ProviderRecord theirs(String receipt, long amount, RecordStatus status, Instant at) {
        return new ProviderRecord(receipt, null, null, RecordKind.COLLECTION, amount, "KES", status, status.name(), at);
    }

    private static List<String> classes(List<Finding> findings) {
        return findings.stream()
                .map(f -> f.reconciliationClass().code() + ":" + f.providerReference())
                .toList();
    }

    @Test
    void eachClassOnceAndEveryPairJudgedOnce() {
        OurRecord matched = ours("TXN1", "R1", 100, "completed", NOON);
        OurRecord amount = ours("TXN2", "R2", 100, "completed", NOON);
        OurRecord status = ours("TXN3", "R3", 100, "completed", NOON);
        OurRecord missing = ours("TXN4", "R4", 100, "completed", NOON);
        OurRecord failedHere = ours("TXN5", "R5", 100, "failed", null);
        List<ProviderRecord> theirs = List.of(
                theirs("R1", 100, RecordStatus.SUCCESS, NOON),
                theirs("R2", 90, RecordStatus.SUCCESS, NOON),
                theirs("R3", 100, RecordStatus.FAILED, NOON),
                theirs("R5", 100, RecordStatus.SUCCESS, NOON),
                theirs("R9", 500, RecordStatus.SUCCESS, NOON),
                theirs("R8", 500, RecordStatus.FAILED, NOON));
        // the lookup by key returns copies, as the database does
        Map<String, List<OurRecord>> byKey = Map.of(
                "R1", List.of(ours("TXN1", "R1", 100, "completed", NOON)),
                "R2", List.of(ours("TXN2", "R2", 100, "completed", NOON)),
                "R3", List.of(ours("TXN3", "R3", 100, "completed", NOON)),
                "R5", List.of(failedHere));
        assertThat(classes(Matcher.match(DAY, theirs, List.of(matched, amount, status, missing), byKey)))
                .containsExactlyInAnyOrder(
                        "matched:R1",
                        "amount_mismatch:R2",
                        "status_mismatch:R3",
                        "status_mismatch:R5",
                        "missing_at_gateway:R9",
                        "missing_at_provider:R4");
    }

    @Test
    void aPaymentJustBeforeMidnightFoundInTheProvidersNextDayIsMatchedNotMissing() {
        Instant lastSecond = DAY.end().minusSeconds(1);
        OurRecord late = ours("TXN1", "R1", 100, "completed", lastSecond);
        ProviderRecord nextDay =
                theirs("R1", 100, RecordStatus.SUCCESS, DAY.end().plusSeconds(30));
        assertThat(classes(Matcher.match(DAY, List.of(nextDay), List.of(late), Map.of())))
                .containsExactly("matched:R1");
        // and the next day's report leaves it to our day's
        EastAfricaDay next = new EastAfricaDay(DAY.date().plusDays(1));
        assertThat(Matcher.match(next, List.of(nextDay), List.of(), Map.of("R1", List.of(late))))
                .isEmpty();
    }

    @Test
    void aRefundedPaymentTheProviderShowsReversedIsMatched() {
        OurRecord refunded = ours("TXN1", "R1", 100, "refunded", NOON);
        ProviderRecord reversed = theirs("R1", 100, RecordStatus.REVERSED, NOON);
        assertThat(classes(Matcher.match(DAY, List.of(reversed), List.of(refunded), Map.of("R1", List.of(refunded)))))
                .containsExactly("matched:R1");
    }
}
