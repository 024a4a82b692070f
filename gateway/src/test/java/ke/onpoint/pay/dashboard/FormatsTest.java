package ke.onpoint.pay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class FormatsTest {

    private final Formats fmt = Formats.INSTANCE;

    @Test
    void moneyHasThousandsSeparatorsAndTwoDecimalsFromMinorUnitsOrTheApisDecimals() {
        assertThat(fmt.money(123_456_789L, "KES")).isEqualTo("KES 1,234,567.89");
        assertThat(fmt.money(0L, "KES")).isEqualTo("KES 0.00");
        assertThat(fmt.money(5L, "USD")).isEqualTo("USD 0.05");
        assertThat(fmt.money(new BigDecimal("1500.5"), "KES")).isEqualTo("KES 1,500.50");
        assertThat(fmt.money(new BigDecimal("250000"), null)).isEqualTo("KES 250,000.00");
        assertThat(fmt.money((BigDecimal) null, "KES")).isEmpty();
    }

    @Test
    void timesAreEastAfricaTime() {
        Instant utcEvening = Instant.parse("2025-03-31T21:30:15Z");
        assertThat(fmt.time(utcEvening)).isEqualTo("1 Apr 2025, 00:30 EAT");
        assertThat(fmt.exactTime(utcEvening)).isEqualTo("1 Apr 2025, 00:30:15 EAT");
        assertThat(fmt.time(null)).isEmpty();
    }

    @Test
    void ratesAndCodesReadAsWords() {
        assertThat(fmt.percent(0.9755)).isEqualTo("97.6%");
        assertThat(fmt.percent(1.0)).isEqualTo("100%");
        assertThat(fmt.percent(null)).isEqualTo("—");
        assertThat(fmt.label("partially_refunded")).isEqualTo("Partially refunded");
    }

    @Test
    void theModeSwitchReturnsToThePagesSection() {
        assertThat(DashboardAdvice.section("/dashboard/payments/TXN123")).isEqualTo("/dashboard/payments");
        assertThat(DashboardAdvice.section("/dashboard")).isEqualTo("/dashboard");
        assertThat(DashboardAdvice.section("/dashboard/")).isEqualTo("/dashboard");
    }
}
