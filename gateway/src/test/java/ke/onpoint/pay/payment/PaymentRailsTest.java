package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.security.MerchantPrincipal;
import org.junit.jupiter.api.Test;

class PaymentRailsTest {

    static final MerchantPrincipal TEST = MerchantPrincipal.apiKey(1, "mch_1", "test", 1, "sk_test_x", Set.of());

    record Rail(PaymentMethod method, String initiation, Optional<String> testModeRefusal) implements PaymentRail {

        @Override
        public String provider() {
            return method.code();
        }

        @Override
        public Optional<ProviderCheck> statusCheck(Payment payment) {
            return Optional.empty();
        }
    }

    @Test
    void railsAreFoundByMethodInTheOrderOfPaymentMethods() {
        Rail card = new Rail(PaymentMethod.CARD, "direct:card", Optional.empty());
        Rail mpesa = new Rail(PaymentMethod.MPESA, "direct:mpesa", Optional.empty());
        PaymentRails rails = new PaymentRails(List.of(card, mpesa));
        assertThat(rails.all()).containsExactly(mpesa, card);
        assertThat(rails.of(PaymentMethod.CARD)).isSameAs(card);
    }

    @Test
    void aMethodWithoutARailCannotBePaid() {
        PaymentRails rails = new PaymentRails(List.of(new Rail(PaymentMethod.MPESA, "direct:mpesa", Optional.empty())));
        assertThatThrownBy(() -> rails.of(PaymentMethod.CARD))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("has no provider route");
    }

    @Test
    void twoRailsCannotCarryOneMethod() {
        Rail one = new Rail(PaymentMethod.MPESA, "direct:one", Optional.empty());
        Rail two = new Rail(PaymentMethod.MPESA, "direct:two", Optional.empty());
        assertThatThrownBy(() -> new PaymentRails(List.of(one, two))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void testKeysAreRefusedWhereTheRailWouldReachALiveProvider() {
        ProviderModes modes = new ProviderModes(new PaymentRails(List.of(
                new Rail(PaymentMethod.MPESA, "direct:mpesa", Optional.of("live Daraja")),
                new Rail(PaymentMethod.CARD, "direct:card", Optional.empty()))));
        assertThatThrownBy(() -> modes.check(TEST, PaymentMethod.MPESA))
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("live Daraja")
                .satisfies(e -> assertThat(((ApiProblem) e).type()).isEqualTo("test-mode-unavailable"));
        modes.check(TEST, PaymentMethod.CARD);
    }
}
