package ke.onpoint.pay.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzConstants;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's quartz endpoints run on Spring Boot's Quartz scheduler, whose job store is clustered on PostgreSQL
 * ({@code spring.quartz.*}): a schedule fires once across every instance sharing the database.
 *
 * <p>Camel starts that scheduler itself once its routes are up ({@code spring.quartz.auto-startup=false}), and the
 * CamelContext is registered in the scheduler's context first, because camel-quartz only does so for schedulers it
 * creates: otherwise a job firing early finds no CamelContext.
 */
@Configuration
public class SchedulingConfiguration {

    @Bean
    ComponentCustomizer clusteredQuartz(Scheduler scheduler) {
        return ComponentCustomizer.forType(QuartzComponent.class, quartz -> quartz.setScheduler(scheduler));
    }

    @Bean
    CamelContextConfiguration camelInQuartzContext(Scheduler scheduler) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                register(scheduler, camel);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                register(scheduler, camel); // the JMX management name is known by now
            }
        };
    }

    private static void register(Scheduler scheduler, CamelContext camel) {
        try {
            scheduler.getContext().put(QuartzConstants.QUARTZ_CAMEL_CONTEXT + "-" + camel.getName(), camel);
            if (camel.getManagementName() != null) {
                scheduler
                        .getContext()
                        .put(QuartzConstants.QUARTZ_CAMEL_CONTEXT + "-" + camel.getManagementName(), camel);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not register the CamelContext with the Quartz scheduler", e);
        }
    }
}
