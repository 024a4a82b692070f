package ke.onpoint.pay.simulator.daraja;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Every simulator bean carries this, so the simulator is all there or not there at all:
 * component scanning finds each class on its own, and production must get none of them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(prefix = "onpoint.simulator.daraja", name = "enabled", havingValue = "true")
public @interface ConditionalOnDarajaSimulator {
}
