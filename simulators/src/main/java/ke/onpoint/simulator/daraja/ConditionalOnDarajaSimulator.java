package ke.onpoint.simulator.daraja;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Every simulator bean carries this, so the simulator is all there or not there at all:
 * component scanning finds each class on its own, and production must get none of them.
 * It runs only while the gateway talks to it ({@code MPESA_ENV=simulator}, the dev default); configuring a real
 * Daraja (sandbox or production) switches it off, and {@code SIMULATOR_ENABLED=false} always does.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnExpression(
        "${onpoint.simulator.daraja.enabled:false} and '${onpoint.mpesa.env:simulator}' == 'simulator'")
public @interface ConditionalOnDarajaSimulator {}
