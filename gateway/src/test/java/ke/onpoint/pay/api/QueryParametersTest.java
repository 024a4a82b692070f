package ke.onpoint.pay.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

    private static final LocalDate TODAY = LocalDate.of(2024, 3, 15);

    private static QueryParameters query(String... pairs) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return new QueryParameters(values);
    }

    private static DateRange range(String... pairs) {
        QueryParameters query = query(pairs);
        DateRange range = query.range(TODAY, 30, 366);
        query.check();
        return range;
    }

    @Test
    void aRangeDefaultsTo30DaysEndingTodayOrStartingOnDateFrom() {
        assertThat(range()).isEqualTo(new DateRange(LocalDate.of(2024, 2, 15), TODAY));
        assertThat(range("date_to", "2024-01-31"))
                .isEqualTo(new DateRange(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 31)));
        assertThat(range("date_from", "2024-01-01"))
                .isEqualTo(new DateRange(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 30)));
        // never past today unless asked: a start a week ago ends today
        assertThat(range("date_from", "2024-03-08")).isEqualTo(new DateRange(LocalDate.of(2024, 3, 8), TODAY));
        assertThat(range("date_from", "2024-01-01", "date_to", "2024-12-31").days())
                .hasSize(366);
    }

    @Test
    void aBadRangeNamesItsFields() {
        assertThatThrownBy(() -> range("date_from", "2024-03-02", "date_to", "2024-03-01"))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        p -> assertThat(p.errors())
                                .extracting(FieldError::field)
                                .containsExactly("date_to"));
        assertThatThrownBy(() -> range("date_from", "2023-01-01", "date_to", "2024-01-02"))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        p -> assertThat(p.errors())
                                .extracting(FieldError::field)
                                .containsExactly("date_from", "date_to"));
        assertThatThrownBy(() -> range("date_from", "2024-02-30"))
                .isInstanceOfSatisfying(
                        ApiProblem.class, p -> assertThat(p.status()).isEqualTo(422));
    }

    @Test
    void cursorsAreOpaqueAndBelongToTheirList() {
        String cursor = QueryParameters.cursor('e', 42);
        assertThat(query("cursor", cursor).cursor('e')).isEqualTo(42L);
        QueryParameters other = query("cursor", cursor);
        other.cursor('s');
        assertThatThrownBy(other::check).isInstanceOf(ApiProblem.class).hasMessageContaining("cursor");
    }

    @Test
    void limitsAreWholeNumbersInRange() {
        assertThat(query().limit(20, 100)).isEqualTo(20);
        assertThat(query("limit", "100").limit(20, 100)).isEqualTo(100);
        for (String bad : new String[] {"0", "-1", "101", "ten", "1.5"}) {
            QueryParameters query = query("limit", bad);
            query.limit(20, 100);
            assertThatThrownBy(query::check).as(bad).hasMessageContaining("limit");
        }
    }
}
