package ke.onpoint.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * Marks a simulator test's application class: Spring MVC and the simulators this module auto-configures (each one
 * only when its {@code onpoint.simulator.*.enabled} is set, as the test's properties do). Put it on a class nested in
 * the test class, so Spring Boot's TestTypeExcludeFilter keeps that class out of every other test's component scan;
 * an annotation is never scanned itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootConfiguration
@EnableAutoConfiguration
public @interface SimulatorOnlyApplication {}
