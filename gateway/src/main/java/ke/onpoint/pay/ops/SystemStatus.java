package ke.onpoint.pay.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * What the operator console's system page shows of this instance: every circuit breaker of the Camel routes (one
 * per provider, with {@link BreakerSettings}), as resilience4j counts it on this instance (breakers are per instance,
 * not shared), and the Quartz jobs with their last and next runs (those are cluster-wide: the job store is in
 * PostgreSQL).
 */
@Service
public class SystemStatus {

    private final ObjectProvider<CamelContext> camel;
    private final ObjectProvider<Scheduler> scheduler;

    public SystemStatus(ObjectProvider<CamelContext> camel, ObjectProvider<Scheduler> scheduler) {
        this.camel = camel;
        this.scheduler = scheduler;
    }

    /**
     * A circuit breaker: {@code state} CLOSED (calls pass), OPEN (calls refused at once), HALF_OPEN (trial calls), or
     * NOT_STARTED before its route first ran; the failure rate is -1 until {@code minimumCalls} calls were counted.
     */
    public record Breaker(
            String id,
            String routeId,
            String state,
            float failureRate,
            float failureRateThreshold,
            int bufferedCalls,
            int failedCalls,
            long notPermittedCalls,
            int minimumCalls,
            int windowSize,
            long openForSeconds) {

        public boolean closed() {
            return "CLOSED".equals(state);
        }
    }

    /** Every circuit breaker in the routes, by id. */
    public List<Breaker> breakers() {
        CamelContext context = camel.getIfAvailable();
        if (context == null) {
            return List.of();
        }
        List<Breaker> breakers = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            for (Processor processor : route.filter("*")) {
                if (processor instanceof ResilienceProcessor breaker) {
                    breakers.add(breaker(route, breaker));
                }
            }
        }
        breakers.sort(Comparator.comparing(Breaker::id));
        return breakers;
    }

    private static Breaker breaker(Route route, ResilienceProcessor breaker) {
        boolean started = breaker.getCircuitBreaker() != null;
        return new Breaker(
                breaker.getId(),
                route.getRouteId(),
                started ? breaker.getCircuitBreakerState() : "NOT_STARTED",
                started ? breaker.getFailureRate() : -1,
                started ? breaker.getCircuitBreakerFailureRateThreshold() : -1,
                started ? breaker.getNumberOfBufferedCalls() : 0,
                started ? breaker.getNumberOfFailedCalls() : 0,
                started ? breaker.getNumberOfNotPermittedCalls() : 0,
                started ? breaker.getCircuitBreakerMinimumNumberOfCalls() : 0,
                started ? breaker.getCircuitBreakerSlidingWindowSize() : 0,
                started ? breaker.getCircuitBreakerWaitDurationInOpenState() : 0);
    }

    /** A scheduled job: its trigger's schedule and state, when it last fired and fires next. */
    public record Job(
            String group,
            String name,
            String schedule,
            String timeZone,
            String state,
            Instant lastRun,
            Instant nextRun) {}

    /** The scheduler's state and its jobs. */
    public record Jobs(String scheduler, List<Job> jobs) {}

    public Jobs jobs() {
        Scheduler quartz = scheduler.getIfAvailable();
        if (quartz == null) {
            return new Jobs("absent", List.of());
        }
        try {
            String state = quartz.isShutdown()
                    ? "shut down"
                    : !quartz.isStarted() || quartz.isInStandbyMode() ? "standby (not running jobs here)" : "running";
            List<Job> jobs = new ArrayList<>();
            for (TriggerKey key : quartz.getTriggerKeys(GroupMatcher.anyTriggerGroup())) {
                Trigger trigger = quartz.getTrigger(key);
                if (trigger == null) {
                    continue; // removed meanwhile
                }
                String schedule = trigger instanceof CronTrigger cron ? cron.getCronExpression() : "";
                String zone =
                        trigger instanceof CronTrigger cron ? cron.getTimeZone().getID() : "";
                jobs.add(new Job(
                        trigger.getJobKey().getGroup(),
                        trigger.getJobKey().getName(),
                        schedule,
                        zone,
                        quartz.getTriggerState(key).name(),
                        instant(trigger.getPreviousFireTime()),
                        instant(trigger.getNextFireTime())));
            }
            jobs.sort(Comparator.comparing(Job::group).thenComparing(Job::name));
            return new Jobs(state, jobs);
        } catch (SchedulerException e) {
            throw new IllegalStateException("The Quartz job store could not be read", e);
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
