package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1} minor")
    @CsvSource({
        "100, 10000",
        "100.00, 10000",
        "0.01, 1",
        "10.5, 1050",
        "10.50, 1050",
        "1E+2, 10000",
        "250000, 25000000",
        "1000000000, 100000000000"
    })
    void toMinorIsExact(String major, long minor) {
        assertThat(Money.toMinor(dec(major))).contains(minor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.001", "0.001", "0.005", "1E-3"})
    void toMinorRejectsMoreThanTwoDecimals(String major) {
        assertThat(Money.toMinor(dec(major))).isEmpty();
    }

    @Test
    void toMinorAcceptsExtraTrailingZeroDecimals() {
        assertThat(Money.toMinor(dec("10.5000"))).contains(1050L);
    }

    @Test
    void toMajorHasTwoDecimals() {
        assertThat(Money.toMajor(10000)).isEqualTo(dec("100.00"));
        assertThat(Money.toMajor(1)).isEqualTo(dec("0.01"));
        assertThat(Money.toMajor(1050)).isEqualTo(dec("10.50"));
        assertThat(Money.toMajor(0)).isEqualTo(dec("0.00"));
    }

    @Test
    void toMajorAndToMinorRoundTrip() {
        for (long minor : new long[] {0, 1, 99, 100, 12345, 25_000_000}) {
            assertThat(Money.toMinor(Money.toMajor(minor))).contains(minor);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "250000", "100", "100.00", "1.0", "2.5E+5"})
    void wholeShillingsWithinLimitsAreValidForMpesa(String major) {
        assertThat(Money.mpesaViolation(dec(major))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "100.50", "1.01", "249999.99"})
    void centsAreNotValidForMpesa(String major) {
        assertThat(Money.mpesaViolation(dec(major))).contains("M-Pesa takes whole shillings only (no cents)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "250001", "1000000", "-5"})
    void amountsOutsideOneTo250000AreNotValidForMpesa(String major) {
        // the thousands separator follows the JVM's default locale ("250,000" in English)
        assertThat(Money.mpesaViolation(dec(major)))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("M-Pesa takes KES 1 to 250")
                        .endsWith("000 per payment"));
    }

    /** The one serializer of amounts, as the API's JSON dialect writes them: a plain decimal with two places. */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
        "100, 100.00",
        "0, 0.00",
        "1E+2, 100.00",
        "0.00, 0.00",
        "2500.5, 2500.50",
        "123456789012.34, 123456789012.34",
        "1E+11, 100000000000.00"
    })
    void moneyOnTheWireIsAPlainDecimalWithTwoPlaces(String amount, String written) {
        ke.onpoint.pay.api.ApiJson json = new ke.onpoint.pay.api.ApiJson(java.util.List.of(new MoneyJson()));
        assertThat(json.write(java.util.Map.of("amount", dec(amount)))).isEqualTo("{\"amount\":" + written + "}");
        assertThat(Money.format(dec(amount))).isEqualTo(written);
    }

    @Test
    void moneyOnTheWireOfMinorUnitsIsExact() {
        ke.onpoint.pay.api.ApiJson json = new ke.onpoint.pay.api.ApiJson(java.util.List.of(new MoneyJson()));
        assertThat(json.write(java.util.Map.of("amount", Money.toMajor(12_345_678_901_234L))))
                .isEqualTo("{\"amount\":123456789012.34}");
        assertThat(json.write(java.util.Map.of("amount", Money.toMajor(0)))).isEqualTo("{\"amount\":0.00}");
        assertThat(json.write(java.util.Map.of("amount", Money.toMajor(Long.MAX_VALUE))))
                .isEqualTo("{\"amount\":92233720368547758.07}");
    }

    @Test
    void moneyOnTheWireKeepsTheDecimalsOfAPayloadReadBack() throws Exception {
        // an event's payload is stored as jsonb and read back before it is sent: its amounts must survive that
        ke.onpoint.pay.api.ApiJson json = new ke.onpoint.pay.api.ApiJson(java.util.List.of(new MoneyJson()));
        String payload =
                json.write(java.util.Map.of("amount", Money.toMajor(10_000), "amount_refunded", Money.toMajor(0)));
        assertThat(json.write(json.mapper().readTree(payload)))
                .contains("\"amount\":100.00")
                .contains("\"amount_refunded\":0.00");
    }
}
