package ke.onpoint.pay.api;

import com.fasterxml.jackson.databind.Module;

/**
 * A feature's part of the API's JSON dialect (payment's: how amounts are written), contributed as a bean so the
 * dialect itself names no feature. Not a Jackson {@code Module} bean: Spring Boot would add those to its own
 * ObjectMapper as well.
 */
public interface ApiJsonModule {

    Module module();
}
