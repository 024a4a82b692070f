package ke.onpoint.pay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ke.onpoint.pay.api.ApiAvailability;
import ke.onpoint.pay.api.ServiceUnavailableFilter;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.actuate.health.Status;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The API before its Camel routes exist: 503 with Retry-After, never a 404, and readiness not up. */
class ServiceAvailabilityTest {

    @Test
    void apiAnswers503AndReadinessIsDownUntilTheRoutesExist() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
            beans.registerSingleton("camelContext", camel);
            ServiceAvailability availability = new ServiceAvailability(
                    beans.getBeanProvider(CamelContext.class),
                    null,
                    beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));
            ServiceUnavailableFilter filter = new ServiceUnavailableFilter(availability);

            MockHttpServletResponse starting = call(filter);
            assertThat(starting.getStatus()).isEqualTo(503);
            assertThat(starting.getContentType()).startsWith("application/problem+json");
            assertThat(starting.getHeader("Retry-After")).isEqualTo("1");
            assertThat(starting.getContentAsString()).contains("\"status\":503");
            assertThat(availability.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

            camel.start();
            MockHttpServletResponse started = call(filter);
            assertThat(started.getStatus()).isEqualTo(200); // passed on to the route
            assertThat(availability.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void connectionFailuresAreToldFromFailedStatements() {
        assertThat(ApiAvailability.isConnectionFailure(new org.springframework.jdbc.CannotGetJdbcConnectionException(
                        "no", new java.sql.SQLTransientConnectionException("timeout"))))
                .isTrue();
        assertThat(ApiAvailability.isConnectionFailure(
                        new RuntimeException(new java.sql.SQLException("refused", "08001"))))
                .isTrue();
        assertThat(ApiAvailability.isConnectionFailure(
                        new org.springframework.dao.DataIntegrityViolationException("dup")))
                .isFalse();
        assertThat(ApiAvailability.isConnectionFailure(new RuntimeException(new java.sql.SQLException("x", "P0001"))))
                .isFalse();
    }

    @Test
    void aPoolTimeoutWithoutAConnectionFailureIsCapacityNotAnOutage() {
        // HikariCP's timeout while every connection is busy: no cause, no SQL state
        var busy = new org.springframework.jdbc.CannotGetJdbcConnectionException(
                "no", new java.sql.SQLTransientConnectionException("onpoint-db - Connection is not available"));
        assertThat(ApiAvailability.isPoolSaturated(busy)).isTrue();
        // its timeout while connections cannot be made carries the last connection failure
        var down = new org.springframework.jdbc.CannotGetJdbcConnectionException(
                "no",
                new java.sql.SQLTransientConnectionException(
                        "onpoint-db - Connection is not available",
                        "08001",
                        new java.sql.SQLException("Connection refused", "08001")));
        assertThat(ApiAvailability.isPoolSaturated(down)).isFalse();
        assertThat(ApiAvailability.isConnectionFailure(down)).isTrue();
        assertThat(ApiAvailability.isPoolSaturated(new RuntimeException(new java.sql.SQLException("x", "08006"))))
                .isFalse();
    }

    private static MockHttpServletResponse call(ServiceUnavailableFilter filter) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/payments/initiate");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
