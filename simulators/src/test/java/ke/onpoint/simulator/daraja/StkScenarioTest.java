package ke.onpoint.simulator.daraja;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The phone-suffix map of reference §1.13. */
class StkScenarioTest {

    private static final DarajaSimulatorProperties PROPERTIES = new DarajaSimulatorProperties(
            true,
            "k",
            "s",
            "174379",
            "p",
            Duration.ofSeconds(3599),
            false,
            Duration.ofSeconds(3),
            Duration.ofSeconds(8),
            Duration.ofSeconds(45),
            Duration.ofMinutes(5),
            Duration.ofSeconds(1));

    @Test
    void suffixesMapToResultCodesAndDelays() {
        assertOutcome("254708374100", 0, Duration.ofSeconds(3), 1);
        assertOutcome("254708374101", 1, Duration.ofSeconds(3), 1);
        assertOutcome("254708374117", 17, Duration.ofSeconds(3), 1);
        assertOutcome("254708374126", 26, Duration.ofSeconds(3), 1);
        assertOutcome("254708374110", 1001, Duration.ofSeconds(3), 1);
        assertOutcome("254708374125", 1025, Duration.ofSeconds(3), 1);
        assertOutcome("254708374120", 2001, Duration.ofSeconds(3), 1);
        assertOutcome("254708374199", 9999, Duration.ofSeconds(3), 1);
        assertOutcome("254708374132", 1032, Duration.ofSeconds(8), 1);
        assertOutcome("254708374119", 1019, Duration.ofSeconds(45), 1);
        assertOutcome("254708374137", 1037, Duration.ofSeconds(45), 1);
        assertOutcome("254708374190", 0, Duration.ofSeconds(3), 0);
        assertOutcome("254708374191", 0, Duration.ofSeconds(3), 2);
        assertOutcome("254708374192", 0, Duration.ofMinutes(5), 1);
        assertOutcome("254708374149", 0, Duration.ofSeconds(3), 1); // unlisted: success
    }

    @Test
    void syncScenariosRejectWithDarajaErrors() {
        StkScenario spike = StkScenario.forPhone("254708374193");
        assertThat(spike.rejectsSynchronously()).isTrue();
        assertThat(spike.syncError().errorCode()).isEqualTo("500.003.02");

        StkScenario invalidPhone = StkScenario.forPhone("254708374194");
        assertThat(invalidPhone.rejectsSynchronously()).isTrue();
        assertThat(invalidPhone.syncError().errorMessage()).isEqualTo("Bad Request - Invalid PhoneNumber");
    }

    private static void assertOutcome(String phone, int resultCode, Duration delay, int callbacks) {
        StkScenario scenario = StkScenario.forPhone(phone);
        assertThat(scenario.rejectsSynchronously()).as(phone).isFalse();
        assertThat(scenario.resultCode()).as(phone).isEqualTo(resultCode);
        assertThat(scenario.delay(PROPERTIES)).as(phone).isEqualTo(delay);
        assertThat(scenario.callbacks()).as(phone).isEqualTo(callbacks);
        assertThat(StkResultCodes.describe(resultCode)).as(phone).doesNotStartWith("Simulated");
    }
}
