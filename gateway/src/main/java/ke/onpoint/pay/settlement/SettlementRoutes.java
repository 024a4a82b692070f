package ke.onpoint.pay.settlement;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.audit.AuditTrail;
import ke.onpoint.pay.kernel.EastAfricaTime;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.apache.camel.LoggingLevel;
import org.springframework.stereotype.Component;

/**
 * The daily settlement: on a clustered Quartz schedule in East Africa Time (fires once across instances) for the day
 * that is starting, and on an admin's demand ({@code POST /admin/settlements/run}) for any day up to today. Both are
 * the same idempotent {@link SettlementRun}.
 */
@Component
public class SettlementRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final SettlementRun run;
    private final SettlementProperties properties;
    private final AuditTrail audit;

    public SettlementRoutes(
            ApiMessages messages,
            ApiJson json,
            Callers callers,
            SettlementRun run,
            SettlementProperties properties,
            AuditTrail audit) {
        super(messages, json);
        this.callers = callers;
        this.run = run;
        this.properties = properties;
        this.audit = audit;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        // deleteJob=false: one instance stopping must not delete the schedule the whole cluster shares
        from("quartz://settlement/daily?stateful=true&deleteJob=false&trigger.timeZone=" + EastAfricaTime.ZONE.getId()
                + "&cron=" + properties.cron().replace(' ', '+'))
                .routeId("settlement-daily")
                .process(e -> e.getMessage().setBody(run.run(LocalDate.now(EastAfricaTime.ZONE), "system:settlement-daily")))
                    .id("settlement-daily-run")
                .log(LoggingLevel.INFO, "Settlement of ${body.settlementDate}: ${body.settlements} settlements, "
                        + "${body.lines} lines, ${body.paying} paying, ${body.held} held");

        rest("/admin/settlements").description("The gateway's staff: settlement runs")
                .post("/run").id("rest-admin-settlements-run").consumes("application/json").to("direct:admin-settlements-run");

        operation("admin-settlements-run", e -> callers.user(e, Permissions.ADMIN), 200, e -> {
            LocalDate day = settlementDate(body(e));
            SettlementRun.Result result = run.run(day, "admin:" + principal(e).actor());
            audit.record(principal(e), AuditTrail.Entry.of("settlement.run", "settlement_run", day.toString())
                    .change(null, result));
            return result;
        });
    }
    // spotless:on

    /** {@code {"date":"YYYY-MM-DD"}}, today (East Africa) when absent; never a day still to come. */
    static LocalDate settlementDate(JsonNode body) {
        JsonNode date = body.get("date");
        LocalDate today = LocalDate.now(EastAfricaTime.ZONE);
        if (date == null || date.isNull()) {
            return today;
        }
        if (!date.isTextual()) {
            throw invalid("must be a date as YYYY-MM-DD");
        }
        try {
            LocalDate day = LocalDate.parse(date.asText());
            if (day.isAfter(today)) {
                throw invalid(
                        "must not be after today (" + today + ", East Africa Time): that money is not settleable yet");
            }
            return day;
        } catch (DateTimeParseException notADate) {
            throw invalid("must be a date as YYYY-MM-DD");
        }
    }

    private static RuntimeException invalid(String message) {
        return ApiProblem.invalidField("date", message);
    }
}
