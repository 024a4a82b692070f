package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.security.AtRestReencryption;
import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The payments list as the dashboard searches it: by the last four digits of the customer's phone (kept in clear
 * beside the encrypted number), by the provider's receipt; and its filters and keyset paging, which now follow
 * (created_at, id), answering what they answered when the list was ordered by id.
 */
class PaymentSearchIT extends GatewayTest {

    private static final String LIST = "/api/v1/payments/transactions";

    @Autowired
    private AtRestReencryption reencryption;

    private String key;

    @BeforeEach
    void merchant() {
        key = newMerchantKey();
    }

    @Test
    void findsPaymentsByThePhonesLastFourDigitsWhileTheNumberStaysEncrypted() {
        String first = reference(initiate(key, mpesaBody("0712344500", uniqueReference())));
        String second = reference(initiate(key, mpesaBody("0798764500", uniqueReference())));
        String other = reference(initiate(key, mpesaBody("0712349900", uniqueReference())));

        assertThat(references(get(LIST + "?phone_last4=4500", key))).containsExactly(second, first);
        assertThat(references(get(LIST + "?phone_last4=9900", key))).containsExactly(other);
        assertThat(references(get(LIST + "?phone_last4=1234", key))).isEmpty();
        // with the other filters and the whole number's search, as one more condition
        assertThat(references(get(LIST + "?phone_last4=4500&phone=0798764500", key)))
                .containsExactly(second);
        assertThat(references(get(LIST + "?phone_last4=4500&payment_method=card", key)))
                .isEmpty();

        Map<String, Object> row =
                jdbc.queryForMap("SELECT phone, phone_last4 FROM payments WHERE reference = ?", first);
        assertThat(row.get("phone_last4")).isEqualTo("4500");
        assertThat((String) row.get("phone")).startsWith("v1:").doesNotContain("712344500");

        // another merchant's payment with the same digits is not found
        String stranger = newMerchantKey();
        reference(initiate(stranger, mpesaBody("0700114500", uniqueReference())));
        assertThat(references(get(LIST + "?phone_last4=4500", key))).containsExactly(second, first);

        for (String bad : new String[] {"450", "45000", "45a0", "%25"}) {
            assertProblem(get(LIST + "?phone_last4=" + bad, key), 422, "phone_last4");
        }
    }

    @Test
    void reEncryptGivesTheLastDigitsToPaymentsWrittenBeforeTheyWereKept() {
        String reference = reference(initiate(key, mpesaBody("0712347700", uniqueReference())));
        assertThat(csvLine(reference)).endsWith(",700");
        jdbc.update("UPDATE payments SET phone_last4 = NULL WHERE reference = ?", reference);
        assertThat(references(get(LIST + "?phone_last4=7700", key))).isEmpty();
        // the CSV export decrypts the number of a payment without its last digits
        assertThat(csvLine(reference)).endsWith(",700");

        reencryption.run();

        assertThat(references(get(LIST + "?phone_last4=7700", key))).containsExactly(reference);
    }

    @Test
    void findsAPaymentByItsProviderReceipt() {
        String paid = reference(initiate(key, mpesaBody("0712346600", uniqueReference())));
        String receipt =
                awaitStatus(key, paid, "completed").path("mpesa_receipt").asText();
        reference(initiate(key, mpesaBody("0712346601", uniqueReference())));
        assertThat(receipt).matches("[A-Z0-9]{10}");

        assertThat(references(get(LIST + "?receipt=" + receipt, key))).containsExactly(paid);
        assertThat(references(get(LIST + "?receipt=" + receipt.toLowerCase(), key)))
                .containsExactly(paid);
        assertThat(references(get(LIST + "?receipt=" + receipt + "&status=failed", key)))
                .isEmpty();
        assertThat(references(get(LIST + "?receipt=NOSUCHRCPT", key))).isEmpty();
        assertThat(references(get(LIST + "?receipt=" + receipt, newMerchantKey())))
                .isEmpty();
        assertProblem(get(LIST + "?receipt=ab%20cd", key), 422, "receipt");
        assertProblem(get(LIST + "?receipt=" + "A".repeat(65), key), 422, "receipt");
    }

    @Test
    void filtersAndCursorPagesAnswerAsBeforeNewestFirst() {
        List<String> made = new ArrayList<>(); // oldest first
        for (int i = 0; i < 7; i++) {
            // 01: insufficient funds, a failed payment; 00: completed
            made.add(reference(initiate(key, mpesaBody("07123450" + (i % 3 == 0 ? "01" : "00"), uniqueReference()))));
        }
        List<String> newestFirst = new ArrayList<>(made);
        Collections.reverse(newestFirst);
        made.forEach(this::awaitOutcome);

        // every page by cursor: each payment once, newest first, and a payment added meanwhile does not move them
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = get(LIST + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            paged.addAll(references(page));
            cursor = page.json().path("has_more").asBoolean()
                    ? page.json().path("next_cursor").asText()
                    : null;
            if (pages++ == 0) {
                awaitOutcome(reference(initiate(key, mpesaBody("0712345000", uniqueReference()))));
            }
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyElementsOf(newestFirst);

        // status: the failed ones, newest first, paged with the filter kept
        List<String> failed = List.of(newestFirst.get(0), newestFirst.get(3), newestFirst.get(6)); // made 6, 3 and 0
        Reply firstFailed = get(LIST + "?status=failed&limit=2", key);
        assertThat(references(firstFailed)).containsExactlyElementsOf(failed.subList(0, 2));
        Reply restFailed = get(
                LIST + "?status=failed&limit=2&cursor="
                        + firstFailed.json().path("next_cursor").asText(),
                key);
        assertThat(references(restFailed)).containsExactly(failed.get(2));
        assertThat(restFailed.json().path("has_more").asBoolean()).isFalse();

        // method and dates (East Africa days, date_to inclusive)
        String today = LocalDate.now(ZoneId.of("Africa/Nairobi")).toString();
        String tomorrow = LocalDate.now(ZoneId.of("Africa/Nairobi")).plusDays(1).toString();
        assertThat(references(get(LIST + "?payment_method=mpesa&date_from=" + today + "&date_to=" + today, key)))
                .hasSize(8);
        assertThat(references(get(LIST + "?payment_method=card", key))).isEmpty();
        assertThat(references(get(LIST + "?date_from=" + tomorrow, key))).isEmpty();
        assertThat(references(get(LIST + "?date_to=2020-01-01", key))).isEmpty();
        assertThat(references(get(LIST + "?status=completed&date_from=" + today + "&limit=100", key)))
                .hasSize(5)
                .doesNotContainAnyElementsOf(failed);

        // a cursor from another merchant's list leads nowhere here
        String strangerKey = newMerchantKey();
        reference(initiate(strangerKey, mpesaBody("0712345000", uniqueReference())));
        reference(initiate(strangerKey, mpesaBody("0712345000", uniqueReference())));
        String strangerCursor =
                get(LIST + "?limit=1", strangerKey).json().path("next_cursor").asText();
        assertThat(references(get(LIST + "?cursor=" + strangerCursor, key))).isEmpty();
    }

    /** The payment's line in today's transactions CSV. */
    private String csvLine(String reference) {
        Reply csv = get("/api/v1/reports/transactions?format=csv", key);
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        return csv.body()
                .lines()
                .filter(line -> line.startsWith(reference + ","))
                .findFirst()
                .orElseThrow();
    }

    private void awaitOutcome(String reference) {
        awaitPayment(key, reference, p -> !p.path("status").asText().equals("pending"), Duration.ofSeconds(20));
    }

    private static String reference(Reply created) {
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("reference").asText();
    }

    private static List<String> references(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> references = new ArrayList<>();
        for (JsonNode payment : reply.json().path("data")) {
            references.add(payment.path("reference").asText());
        }
        return references;
    }
}
