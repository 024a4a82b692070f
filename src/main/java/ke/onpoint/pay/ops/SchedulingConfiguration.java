package ke.onpoint.pay.ops;

import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.quartz.Scheduler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's quartz endpoints run on Spring Boot's Quartz scheduler, whose job store is clustered on PostgreSQL
 * ({@code spring.quartz.*}): a schedule fires once across every instance sharing the database.
 */
@Configuration
public class SchedulingConfiguration {

    @Bean
    ComponentCustomizer clusteredQuartz(Scheduler scheduler) {
        return ComponentCustomizer.forType(QuartzComponent.class, quartz -> quartz.setScheduler(scheduler));
    }
}
