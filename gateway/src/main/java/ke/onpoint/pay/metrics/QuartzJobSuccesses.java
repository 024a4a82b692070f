package ke.onpoint.pay.metrics;

import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.listeners.JobListenerSupport;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code onpoint.quartz.job.last.success{quartz_job}}: when each Quartz job last ended without an error on this instance, in
 * seconds since the epoch (a Camel quartz job whose route failed ends with an exception, and is not counted). The job
 * store is clustered, so a job runs on one instance at a time: the board takes the latest over all instances. A job
 * shows once it first succeeded here.
 */
@Component
class QuartzJobSuccesses extends JobListenerSupport {

    static final String METRIC = "onpoint.quartz.job.last.success";

    private final MeterRegistry meters;
    private final ConcurrentHashMap<String, Double> lastSuccess = new ConcurrentHashMap<>();

    QuartzJobSuccesses(MeterRegistry meters, ObjectProvider<Scheduler> scheduler) throws SchedulerException {
        this.meters = meters;
        Scheduler quartz = scheduler.getIfAvailable();
        if (quartz != null) {
            quartz.getListenerManager().addJobListener(this);
        }
    }

    @Override
    public String getName() {
        return "onpoint-metrics";
    }

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
        if (failure != null) {
            return;
        }
        String job = context.getJobDetail().getKey().getGroup() + "/"
                + context.getJobDetail().getKey().getName();
        double now = System.currentTimeMillis() / 1000.0;
        if (lastSuccess.put(job, now) == null) {
            Gauge.builder(METRIC, lastSuccess, jobs -> jobs.getOrDefault(job, Double.NaN))
                    .description("When the Quartz job last ended without an error on this instance")
                    .baseUnit("seconds")
                    .tag("quartz_job", job)
                    .register(meters);
        }
    }
}
