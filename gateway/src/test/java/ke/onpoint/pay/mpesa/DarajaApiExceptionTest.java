package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DarajaApiExceptionTest {

    @ParameterizedTest
    @ValueSource(strings = {"404.001.03", "401.003.01", "400.003.01"})
    void tokenRejectionCodesAreRecognised(String code) {
        DarajaApiException e = new DarajaApiException(401, code, "Invalid Access Token");
        assertThat(e.isTokenRejected()).isTrue();
        assertThat(e.isThrottled()).isFalse();
        assertThat(e.isStillProcessing()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"500.003.02", "500.003.03"})
    void spikeArrestAndQuotaAreThrottling(String code) {
        DarajaApiException e = new DarajaApiException(500, code, "Spike arrest violation");
        assertThat(e.isThrottled()).isTrue();
        assertThat(e.isTokenRejected()).isFalse();
    }

    @Test
    void beingProcessedIsStillProcessing() {
        assertThat(new DarajaApiException(500, "500.001.1001", "The transaction is being processed")
                        .isStillProcessing())
                .isTrue();
    }

    @Test
    void wrongCredentialsSharesTheCodeButIsNotStillProcessing() {
        DarajaApiException e = new DarajaApiException(500, "500.001.1001", "Wrong credentials");
        assertThat(e.isStillProcessing()).isFalse();
        assertThat(e.isThrottled()).isFalse();
        assertThat(e.isTokenRejected()).isFalse();
    }

    @Test
    void beingProcessedUnderAnotherCodeIsNotStillProcessing() {
        assertThat(new DarajaApiException(500, "500.001.1002", "The transaction is being processed")
                        .isStillProcessing())
                .isFalse();
    }

    @Test
    void missingMessageReadsAsEmptyAndIsNotStillProcessing() {
        DarajaApiException e = new DarajaApiException(500, "500.001.1001", null);
        assertThat(e.errorMessage()).isEmpty();
        assertThat(e.isStillProcessing()).isFalse();
    }

    @Test
    void otherCodesAreNeitherTokenNorThrottle() {
        DarajaApiException e = new DarajaApiException(400, "400.002.02", "Bad Request - Invalid PhoneNumber");
        assertThat(e.isTokenRejected()).isFalse();
        assertThat(e.isThrottled()).isFalse();
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.errorCode()).isEqualTo("400.002.02");
        assertThat(e.getMessage()).isEqualTo("Daraja 400 400.002.02: Bad Request - Invalid PhoneNumber");
    }
}
