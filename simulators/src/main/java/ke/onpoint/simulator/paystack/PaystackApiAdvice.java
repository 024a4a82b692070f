package ke.onpoint.simulator.paystack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders every failure of the simulated Paystack API as Paystack's {@code {"status":false,"message":…}}. */
@RestControllerAdvice(
        assignableTypes = {PaystackApiController.class, PaystackTransferController.class, PaystackReportController.class
        })
@ConditionalOnPaystackSimulator
public class PaystackApiAdvice {

    private static final Logger log = LoggerFactory.getLogger(PaystackApiAdvice.class);

    @ExceptionHandler(PaystackApiException.class)
    public ResponseEntity<String> paystackError(PaystackApiException e) {
        return e.render();
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> unexpected(Exception e) {
        log.warn("Paystack simulator failed unexpectedly", e);
        return new PaystackApiException(HttpStatus.INTERNAL_SERVER_ERROR, "An error occurred").render();
    }
}
