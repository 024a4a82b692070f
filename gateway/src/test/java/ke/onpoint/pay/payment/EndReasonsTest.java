package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** Provider codes reduce to a handful of reasons: the {@code reason} tag never carries a code or free text. */
class EndReasonsTest {

    private static String reason(PaymentStatus status, String code) {
        return EndReasons.of(PaymentOutcome.failed(status, code, "whatever the provider wrote"));
    }

    @Test
    void mpesaResultCodesAndOurOwnCodesMapToTheirReason() {
        assertThat(EndReasons.of(PaymentOutcome.completed("NLJ7RT61SV", "254708374149", Instant.now())))
                .isEqualTo("paid");
        assertThat(reason(PaymentStatus.CANCELLED, "1032")).isEqualTo("cancelled_by_customer");
        assertThat(reason(PaymentStatus.EXPIRED, "1037")).isEqualTo("no_customer_response");
        assertThat(reason(PaymentStatus.EXPIRED, "1019")).isEqualTo("no_customer_response");
        assertThat(reason(PaymentStatus.FAILED, "1")).isEqualTo("insufficient_funds");
        assertThat(reason(PaymentStatus.FAILED, "2001")).isEqualTo("wrong_pin");
        assertThat(reason(PaymentStatus.FAILED, "17")).isEqualTo("limit");
        assertThat(reason(PaymentStatus.FAILED, "1025")).isEqualTo("provider_error");
        assertThat(reason(PaymentStatus.FAILED, "DECLINED")).isEqualTo("declined");
        assertThat(reason(PaymentStatus.EXPIRED, "NO_RESULT")).isEqualTo("no_answer");
        assertThat(reason(PaymentStatus.EXPIRED, "ABANDONED")).isEqualTo("abandoned");
        assertThat(EndReasons.of(InitiationOutcome.Reason.UNAVAILABLE)).isEqualTo("provider_unavailable");
        assertThat(EndReasons.of(InitiationOutcome.Reason.INVALID_PHONE)).isEqualTo("invalid_phone");
    }

    @Test
    void anyOtherCodeIsOtherSoTheTagStaysBounded() {
        assertThat(reason(PaymentStatus.FAILED, "SFC_IC0003")).isEqualTo("other");
        assertThat(reason(PaymentStatus.FAILED, "400.002.02")).isEqualTo("other");
        assertThat(reason(PaymentStatus.FAILED, null)).isEqualTo("other");
        Set<String> vocabulary = Arrays.stream(EndReasons.class.getFields())
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toSet());
        assertThat(vocabulary).hasSizeLessThanOrEqualTo(16).allMatch(r -> r.matches("[a-z_]+"));
    }

    @Test
    void onlyTheGatewaysOwnExpiriesAreUnanswered() {
        assertThat(EndReasons.unanswered("no_answer")).isTrue();
        assertThat(EndReasons.unanswered("abandoned")).isTrue();
        assertThat(EndReasons.unanswered("cancelled_by_customer")).isFalse();
    }
}
