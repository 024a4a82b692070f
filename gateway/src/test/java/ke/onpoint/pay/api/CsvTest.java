package ke.onpoint.pay.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void cellsAreQuotedWhenTheyMustBeAndFormulasDefused() {
        assertThat(Csv.cell("plain")).isEqualTo("plain");
        assertThat(Csv.cell(null)).isEmpty();
        assertThat(Csv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.cell("=1+2")).isEqualTo("'=1+2");
        assertThat(Csv.cell("+254")).isEqualTo("'+254");
        assertThat(Csv.cell("-5")).isEqualTo("'-5");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.cell("\t=cmd")).isEqualTo("'\t=cmd");
        assertThat(Csv.cell("=HYPERLINK(\"x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    }

    @Test
    void amountsAreNumbersWithTwoPlacesAndTimesAreNairobis() {
        StringBuilder line = new StringBuilder();
        Csv.line(line, Arrays.asList("refund", new BigDecimal("-250.00"), BigDecimal.valueOf(5, 0), null, "x,y"));
        assertThat(line).hasToString("refund,-250.00,5.00,,\"x,y\"\r\n");
        assertThat(Csv.time(Instant.parse("2024-01-31T21:30:00Z"))).isEqualTo("2024-02-01T00:30:00+03:00");
    }
}
