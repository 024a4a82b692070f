package ke.onpoint.simulator.daraja;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * What every Daraja API controller shares whatever product it serves (STK, C2B and account, payouts): the Bearer
 * check and Daraja's error envelope for every failure, the unexpected ones included.
 */
public abstract class DarajaEndpoints {

    private final Logger log = LoggerFactory.getLogger(getClass());

    protected final DarajaTokens tokens;

    protected DarajaEndpoints(DarajaTokens tokens) {
        this.tokens = tokens;
    }

    @ExceptionHandler(DarajaException.class)
    public ResponseEntity<String> darajaError(DarajaException e) {
        return DarajaErrors.render(e);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<String> unexpected(Exception e) {
        log.warn("Daraja simulator failed unexpectedly", e);
        return DarajaErrors.render(DarajaErrors.internalError());
    }

    protected void requireToken(String authorization) {
        if (!tokens.acceptsBearer(authorization)) {
            throw DarajaErrors.invalidAccessToken();
        }
    }
}
