package ke.onpoint.pay.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeeRuleTest {

    private static final FeeRule MPESA = new FeeRule(150, 0, null, null);

    @Test
    void percentageIsRoundedHalfUpToTheCent() {
        assertThat(MPESA.feeFor(100_000)).isEqualTo(1_500); // 1.5 % of KES 1,000 = 15.00
        assertThat(MPESA.feeFor(10_000)).isEqualTo(150);
        assertThat(MPESA.feeFor(33)).isEqualTo(0); // 0.495 cents rounds down
        assertThat(MPESA.feeFor(34)).isEqualTo(1); // 0.51 cents rounds up
        assertThat(new FeeRule(150, 0, null, null).feeFor(100)).isEqualTo(2); // 1.5 cents, exactly half: up
        assertThat(new FeeRule(290, 0, null, null).feeFor(150_050)).isEqualTo(4_351); // 43.5145 → 43.51
        assertThat(new FeeRule(290, 0, null, null).feeFor(150_150)).isEqualTo(4_354); // 43.5435 → 43.54
    }

    @Test
    void fixedPartMinimumAndCapApplyInThatOrder() {
        FeeRule rule = new FeeRule(100, 1_000, 2_500L, 20_000L); // 1 % + KES 10, at least 25, at most 200
        assertThat(rule.feeFor(50_000)).isEqualTo(2_500); // 5 + 10 = 15, raised to the minimum
        assertThat(rule.feeFor(500_000)).isEqualTo(6_000); // 50 + 10
        assertThat(rule.feeFor(5_000_000)).isEqualTo(20_000); // 500 + 10, capped
    }

    @Test
    void aFeeNeverExceedsTheAmount() {
        assertThat(new FeeRule(0, 5_000, null, null).feeFor(100)).isEqualTo(100);
        assertThat(new FeeRule(10_000, 0, null, null).feeFor(12_345)).isEqualTo(12_345);
    }

    @Test
    void largeAmountsDoNotOverflow() {
        assertThat(new FeeRule(380, 0, null, null).feeFor(100_000_000_000L)).isEqualTo(3_800_000_000L);
    }

    @Test
    void refundsReturnTheirShareAndTogetherTheWholeFee() {
        // a KES 100.00 payment with a 1.50 fee refunded in three parts: 33.33, 33.33, 33.34
        long afterFirst = FeeRule.refundedShare(150, 10_000, 3_333);
        long afterSecond = FeeRule.refundedShare(150, 10_000, 6_666);
        long afterAll = FeeRule.refundedShare(150, 10_000, 10_000);
        assertThat(afterFirst).isEqualTo(50); // 49.995 → 50
        assertThat(afterSecond - afterFirst).isEqualTo(50); // 99.99 → 100
        assertThat(afterAll - afterSecond).isEqualTo(50);
        assertThat(afterAll).isEqualTo(150);
    }

    @Test
    void outOfRangeRulesAreRefused() {
        assertThatThrownBy(() -> new FeeRule(-1, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeeRule(10_001, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeeRule(100, -1, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeeRule(100, 0, 500L, 100L)).isInstanceOf(IllegalArgumentException.class);
    }
}
