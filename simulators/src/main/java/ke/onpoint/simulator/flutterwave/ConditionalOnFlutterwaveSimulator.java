package ke.onpoint.simulator.flutterwave;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;

/**
 * Every Flutterwave simulator bean carries this, so the simulator is all there or not there at all: component
 * scanning finds each class on its own, and production must get none of them. It runs only while the gateway talks
 * to it ({@code onpoint.flutterwave.env=simulator}, the default); configuring a real Flutterwave switches it off, and
 * {@code onpoint.simulator.flutterwave.enabled=false} (the default when unset) always does.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnExpression(
        "${onpoint.simulator.flutterwave.enabled:false} and '${onpoint.flutterwave.env:simulator}' == 'simulator'")
public @interface ConditionalOnFlutterwaveSimulator {}
