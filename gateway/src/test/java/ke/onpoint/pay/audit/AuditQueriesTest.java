package ke.onpoint.pay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AuditQueriesTest {

    @Test
    void csvQuotesWhatNeedsQuotingAndDefusesFormulas() {
        assertThat(AuditQueries.cell("plain")).isEqualTo("plain");
        assertThat(AuditQueries.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditQueries.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditQueries.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditQueries.cell("+254")).isEqualTo("'+254");
    }

    @Test
    void csvHasAHeaderAndOneLinePerRecord() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", 7L);
        row.put("action", "api_key.created");
        row.put("after", new com.fasterxml.jackson.databind.util.RawValue("{\"name\":\"a,b\"}"));
        String csv = AuditQueries.csv(List.of(row));
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo(String.join(",", AuditQueries.COLUMNS));
        assertThat(lines[1]).startsWith("7,,,,,api_key.created,,,,\"{\"\"name\"\":\"\"a,b\"\"}\"");
    }
}
