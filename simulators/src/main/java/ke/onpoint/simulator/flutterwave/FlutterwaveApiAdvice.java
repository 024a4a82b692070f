package ke.onpoint.simulator.flutterwave;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders every failure of the simulated Flutterwave API as {@code {"status":"error","message":…,"data":null}}. */
@RestControllerAdvice(assignableTypes = {FlutterwaveApiController.class, FlutterwaveReportController.class})
@ConditionalOnFlutterwaveSimulator
public class FlutterwaveApiAdvice {

    private static final Logger log = LoggerFactory.getLogger(FlutterwaveApiAdvice.class);

    @ExceptionHandler(FlutterwaveApiException.class)
    public ResponseEntity<String> flutterwaveError(FlutterwaveApiException e) {
        return e.render();
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> unexpected(Exception e) {
        log.warn("Flutterwave simulator failed unexpectedly", e);
        return new FlutterwaveApiException(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error").render();
    }
}
