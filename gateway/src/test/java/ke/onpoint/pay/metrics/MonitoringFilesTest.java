package ke.onpoint.pay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The monitoring files parse and fit together: the Grafana board's panels query the provisioned data source, the
 * compose file's Prometheus and Grafana are optional (profile {@code monitoring}) and mount files that exist, and
 * Prometheus scrapes the app's endpoint. That the board names only exported series is checked against a real scrape
 * in {@link BusinessMetricsIT}.
 */
class MonitoringFilesTest {

    private static final Path ROOT = GrafanaBoard.repositoryRoot();

    @Test
    void everyPanelHasATitleAndQueriesTheProvisionedPrometheus() throws IOException {
        Map<String, Object> provisioned = yaml("ops/grafana/provisioning/datasources/prometheus.yml");
        @SuppressWarnings("unchecked")
        Map<String, Object> datasource = ((List<Map<String, Object>>) provisioned.get("datasources")).get(0);
        GrafanaBoard board = GrafanaBoard.load();

        assertThat(board.json().path("uid").asText()).isEqualTo("onpoint-pay");
        assertThat(board.panels()).hasSizeGreaterThanOrEqualTo(12);
        for (JsonNode panel : board.panels()) {
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText())
                    .as(panel.path("title").asText())
                    .isEqualTo(datasource.get("uid"));
            assertThat(panel.path("targets")).isNotEmpty();
            panel.path("targets")
                    .forEach(t -> assertThat(
                                    GrafanaBoard.metricNames(t.path("expr").asText()))
                            .as("series read by %s", t.path("expr").asText())
                            .isNotEmpty());
        }
        assertThat(board.metricNames())
                .contains(
                        "onpoint_payments_initiated_total",
                        "onpoint_payments_ended_total",
                        "onpoint_payment_callback_lag_seconds_bucket",
                        "onpoint_callbacks_total",
                        "onpoint_webhook_deliveries_total",
                        "onpoint_webhook_backlog",
                        "onpoint_webhook_backlog_oldest_age_seconds",
                        "onpoint_circuit_breaker_state",
                        "onpoint_quartz_job_last_success_seconds",
                        "onpoint_reconciliation_mismatches_open");
    }

    @Test
    void seriesNamesAreReadOutOfPromQl() {
        assertThat(GrafanaBoard.metricNames(
                        "histogram_quantile(0.95, sum by (le) (rate(onpoint_payment_callback_lag_seconds_bucket"
                                + "{status=\"completed\"}[$__rate_interval])))"))
                .containsExactly("onpoint_payment_callback_lag_seconds_bucket");
        assertThat(GrafanaBoard.metricNames(
                        "clamp_min(time() - max by (quartz_job) (onpoint_quartz_job_last_success_seconds), 0)"))
                .containsExactly("onpoint_quartz_job_last_success_seconds");
        assertThat(GrafanaBoard.metricNames("sum(rate(a_total{x=\"y z\"}[5m])) / sum(rate(b_total[5m])) * 100"))
                .containsExactly("a_total", "b_total");
    }

    @Test
    void prometheusAndGrafanaAreOptionalComposeServices() {
        Map<String, Object> compose = yaml("docker-compose.yml");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("app", "prometheus", "grafana");
        for (String monitoring : List.of("prometheus", "grafana")) {
            assertThat(services.get(monitoring).get("profiles")).isEqualTo(List.of("monitoring"));
            @SuppressWarnings("unchecked")
            List<String> volumes = (List<String>) services.get(monitoring).get("volumes");
            volumes.stream()
                    .filter(v -> v.startsWith("./"))
                    .forEach(v -> assertThat(ROOT.resolve(v.substring(2, v.indexOf(':'))))
                            .as(v)
                            .exists());
        }
        services.entrySet().stream()
                .filter(s -> !List.of("prometheus", "grafana").contains(s.getKey()))
                .forEach(s -> assertThat(s.getValue()).as(s.getKey()).doesNotContainKey("profiles"));
        @SuppressWarnings("unchecked")
        List<String> ports = (List<String>) services.get("app").get("ports");
        assertThat(ports).anyMatch(p -> p.endsWith(":8000"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesTheGatewaysEndpointAsTheOperator() {
        Map<String, Object> config = yaml("ops/prometheus/prometheus.yml");
        Map<String, Object> job = ((List<Map<String, Object>>) config.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        assertThat((Map<String, Object>) job.get("basic_auth")).containsKeys("username", "password_file");
        List<String> targets = (List<String>)
                ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");
        assertThat(targets).containsExactly("app:8000");
        Map<String, Object> dashboards = yaml("ops/grafana/provisioning/dashboards/onpoint-pay.yml");
        assertThat(((List<Map<String, Object>>) dashboards.get("providers"))
                        .get(0)
                        .get("options"))
                .isEqualTo(Map.of("path", "/etc/grafana/dashboards"));
    }

    private static Map<String, Object> yaml(String file) {
        try {
            return new Yaml().load(Files.readString(ROOT.resolve(file)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
