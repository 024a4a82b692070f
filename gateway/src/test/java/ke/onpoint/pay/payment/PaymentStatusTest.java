package ke.onpoint.pay.payment;

import static ke.onpoint.pay.payment.PaymentStatus.CANCELLED;
import static ke.onpoint.pay.payment.PaymentStatus.COMPLETED;
import static ke.onpoint.pay.payment.PaymentStatus.EXPIRED;
import static ke.onpoint.pay.payment.PaymentStatus.FAILED;
import static ke.onpoint.pay.payment.PaymentStatus.PARTIALLY_REFUNDED;
import static ke.onpoint.pay.payment.PaymentStatus.PENDING;
import static ke.onpoint.pay.payment.PaymentStatus.PROCESSING;
import static ke.onpoint.pay.payment.PaymentStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentStatusTest {

    /** The whole state machine: every allowed move, everything else forbidden. */
    private static final Map<PaymentStatus, Set<PaymentStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(PROCESSING, COMPLETED, FAILED, CANCELLED, EXPIRED),
            PROCESSING, EnumSet.of(COMPLETED, FAILED, CANCELLED, EXPIRED),
            COMPLETED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            PARTIALLY_REFUNDED, EnumSet.of(PARTIALLY_REFUNDED, REFUNDED),
            FAILED, EnumSet.noneOf(PaymentStatus.class),
            CANCELLED, EnumSet.noneOf(PaymentStatus.class),
            EXPIRED, EnumSet.noneOf(PaymentStatus.class),
            REFUNDED, EnumSet.noneOf(PaymentStatus.class));

    @Test
    void everyTransitionMatchesTheStateMachine() {
        for (PaymentStatus from : PaymentStatus.values()) {
            for (PaymentStatus to : PaymentStatus.values()) {
                assertThat(from.canMoveTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = PaymentStatus.class,
            names = {"PROCESSING", "COMPLETED", "FAILED", "CANCELLED", "EXPIRED"})
    void pendingMayMoveToProcessingOrAnyOutcome(PaymentStatus next) {
        assertThat(PENDING.canMoveTo(next)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = PaymentStatus.class,
            names = {"FAILED", "CANCELLED", "EXPIRED", "REFUNDED"})
    void terminalStatesNeverMove(PaymentStatus terminal) {
        for (PaymentStatus next : PaymentStatus.values()) {
            assertThat(terminal.canMoveTo(next)).as("%s -> %s", terminal, next).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(PaymentStatus.class)
    void nothingEverMovesBackToPendingOrProcessing(PaymentStatus from) {
        assertThat(from.canMoveTo(PENDING)).isFalse();
        assertThat(from.canMoveTo(PROCESSING)).isEqualTo(from == PENDING);
    }

    @Test
    void completedMayOnlyBeRefunded() {
        assertThat(COMPLETED.canMoveTo(PARTIALLY_REFUNDED)).isTrue();
        assertThat(COMPLETED.canMoveTo(REFUNDED)).isTrue();
        assertThat(COMPLETED.canMoveTo(FAILED)).isFalse();
        assertThat(COMPLETED.canMoveTo(CANCELLED)).isFalse();
        assertThat(COMPLETED.canMoveTo(COMPLETED)).isFalse();
    }

    @Test
    void partialRefundsMayRepeatAndEndRefunded() {
        assertThat(PARTIALLY_REFUNDED.canMoveTo(PARTIALLY_REFUNDED)).isTrue();
        assertThat(PARTIALLY_REFUNDED.canMoveTo(REFUNDED)).isTrue();
        assertThat(PARTIALLY_REFUNDED.canMoveTo(COMPLETED)).isFalse();
    }

    @Test
    void predecessorsAreTheStatesThatMayMoveIn() {
        assertThat(PENDING.predecessors()).isEmpty();
        assertThat(PROCESSING.predecessors()).containsExactly(PENDING);
        assertThat(COMPLETED.predecessors()).containsExactlyInAnyOrder(PENDING, PROCESSING);
        assertThat(FAILED.predecessors()).containsExactlyInAnyOrder(PENDING, PROCESSING);
        assertThat(CANCELLED.predecessors()).containsExactlyInAnyOrder(PENDING, PROCESSING);
        assertThat(EXPIRED.predecessors()).containsExactlyInAnyOrder(PENDING, PROCESSING);
        assertThat(PARTIALLY_REFUNDED.predecessors()).containsExactlyInAnyOrder(COMPLETED, PARTIALLY_REFUNDED);
        assertThat(REFUNDED.predecessors()).containsExactlyInAnyOrder(COMPLETED, PARTIALLY_REFUNDED);
    }

    @Test
    void onlyPendingAndProcessingAwaitAnOutcome() {
        assertThat(PENDING.isFinal()).isFalse();
        assertThat(PROCESSING.isFinal()).isFalse();
        for (PaymentStatus s : EnumSet.complementOf(EnumSet.of(PENDING, PROCESSING))) {
            assertThat(s.isFinal()).as("%s", s).isTrue();
        }
    }

    @Test
    void codesAreLowerSnakeCase() {
        assertThat(PENDING.code()).isEqualTo("pending");
        assertThat(PROCESSING.code()).isEqualTo("processing");
        assertThat(PARTIALLY_REFUNDED.code()).isEqualTo("partially_refunded");
    }

    @ParameterizedTest
    @EnumSource(PaymentStatus.class)
    void fromCodeReversesCode(PaymentStatus status) {
        assertThat(PaymentStatus.fromCode(status.code())).contains(status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PENDING", "Pending", " pending", "paid", "", "partially-refunded"})
    void fromCodeRejectsAnythingButTheExactCode(String code) {
        assertThat(PaymentStatus.fromCode(code)).isEmpty();
    }

    @Test
    void fromCodeOfNullIsEmpty() {
        assertThat(PaymentStatus.fromCode(null)).isEmpty();
    }

    @Test
    void eventTypeIsPaymentDotCode() {
        assertThat(COMPLETED.eventType()).isEqualTo("payment.completed");
        assertThat(PARTIALLY_REFUNDED.eventType()).isEqualTo("payment.partially_refunded");
        assertThat(EXPIRED.eventType()).isEqualTo("payment.expired");
    }

    @Test
    void jsonFormIsTheCode() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(PARTIALLY_REFUNDED)).isEqualTo("\"partially_refunded\"");
    }

    @Test
    void codesDoNotDependOnTheDefaultLocale() {
        Locale original = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(PENDING.code()).isEqualTo("pending");
            assertThat(PaymentStatus.fromCode("failed")).contains(FAILED);
        } finally {
            Locale.setDefault(original);
        }
    }
}
