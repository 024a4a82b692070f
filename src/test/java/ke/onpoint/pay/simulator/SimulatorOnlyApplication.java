package ke.onpoint.pay.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;

/**
 * Marks a simulator test's application class: only Spring MVC and what the class {@code @Import}s (one simulator's
 * configuration), with no database, Quartz, security or Camel. Put it on a class nested in the test class, so Spring
 * Boot's TestTypeExcludeFilter keeps that class out of every other test's component scan; an annotation is never
 * scanned itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = {
        DataSourceAutoConfiguration.class,
        FlywayAutoConfiguration.class,
        QuartzAutoConfiguration.class,
        SecurityAutoConfiguration.class,
        ManagementWebSecurityAutoConfiguration.class,
        CamelAutoConfiguration.class
}, excludeName = {
        // needs the CamelContext excluded above
        "org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpAutoConfiguration"
})
public @interface SimulatorOnlyApplication {
}
