package ke.onpoint.simulator.paystack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Every Paystack simulator bean carries this, so the simulator is all there or not there at all: component scanning
 * finds each class on its own, and production must get none of them. It runs only while the gateway talks to it
 * ({@code onpoint.paystack.env=simulator}, the dev default); configuring the real Paystack switches it off, and
 * {@code onpoint.simulator.paystack.enabled=false} always does.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnExpression(
        "${onpoint.simulator.paystack.enabled:false} and '${onpoint.paystack.env:simulator}' == 'simulator'")
public @interface ConditionalOnPaystackSimulator {}
