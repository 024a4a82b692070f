package ke.onpoint.pay.dashboard.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.dashboard.DashboardPage;
import ke.onpoint.pay.dashboard.NavLink;
import ke.onpoint.pay.ops.SystemStatus;
import ke.onpoint.pay.payment.Outbox;
import ke.onpoint.pay.webhook.FailingWebhooks;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The system page: this instance's circuit breakers (one per provider), the backlogs between a state change and the
 * merchant hearing of it (the outbox, Kafka where configured, the webhook deliveries: how many wait, how old the
 * oldest is), the Quartz jobs with their last and next runs, and the way to Hawtio and the Prometheus metrics.
 */
@Controller
class SystemConsoleController implements DashboardPage {

    static final String PATH = "/dashboard/console/system";

    private final ConsoleAccess access;
    private final SystemStatus status;
    private final Outbox outbox;
    private final FailingWebhooks webhooks;
    private final boolean kafka;

    SystemConsoleController(
            ConsoleAccess access,
            SystemStatus status,
            Outbox outbox,
            FailingWebhooks webhooks,
            @Value("${onpoint.kafka.bootstrap-servers:}") String kafkaServers) {
        this.access = access;
        this.status = status;
        this.outbox = outbox;
        this.webhooks = webhooks;
        this.kafka = !kafkaServers.isBlank();
    }

    @Override
    public NavLink nav() {
        return new NavLink(150, PATH, "System", NavLink.ADMIN_ONLY);
    }

    /** A backlog as the page shows it. */
    record Backlog(String id, String name, String what, long count, Instant oldest, String age) {}

    @GetMapping(PATH)
    String system(HttpServletRequest request, Model model) {
        access.admin(request);
        Instant now = Instant.now();
        List<Backlog> backlogs = new ArrayList<>();
        Outbox.Backlog events = outbox.backlog();
        backlogs.add(new Backlog(
                "outbox",
                "Outbox",
                "events written, not yet handed to webhooks and the event routes",
                events.count(),
                events.oldest(),
                age(events.oldest(), now)));
        if (kafka) {
            Outbox.Backlog kafkaEvents = outbox.kafkaBacklog();
            backlogs.add(new Backlog(
                    "kafka",
                    "Kafka",
                    "events not yet acknowledged by Kafka",
                    kafkaEvents.count(),
                    kafkaEvents.oldest(),
                    age(kafkaEvents.oldest(), now)));
        }
        FailingWebhooks.Backlog deliveries = webhooks.backlog();
        backlogs.add(new Backlog(
                "webhooks",
                "Webhook deliveries",
                "deliveries waiting to be sent, first tries and retries",
                deliveries.count(),
                deliveries.oldest(),
                age(deliveries.oldest(), now)));
        model.addAttribute("breakers", status.breakers());
        model.addAttribute("backlogs", backlogs);
        model.addAttribute("jobs", status.jobs());
        return "dashboard/console/system";
    }

    /** {@code 3 s}, {@code 4 min 10 s}, {@code 2 h 5 min}, {@code 3 d 4 h}; an em dash for none. */
    static String age(Instant oldest, Instant now) {
        if (oldest == null) {
            return "—";
        }
        Duration age = Duration.between(oldest, now);
        if (age.isNegative()) {
            age = Duration.ZERO;
        }
        if (age.toMinutes() < 1) {
            return age.toSeconds() + " s";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min " + age.toSecondsPart() + " s";
        }
        if (age.toDays() < 1) {
            return age.toHours() + " h " + age.toMinutesPart() + " min";
        }
        return age.toDays() + " d " + age.toHoursPart() + " h";
    }
}
