package ke.onpoint.pay.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The Grafana board of {@code ops/grafana/dashboards/}, as its queries name the gateway's series. */
record GrafanaBoard(JsonNode json) {

    static final Path FILE = repositoryRoot().resolve("ops/grafana/dashboards/onpoint-pay.json");

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    static GrafanaBoard load() {
        try {
            return new GrafanaBoard(new ObjectMapper().readTree(Files.readString(FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel with a query, nested rows included. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        json.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        return panels.stream().filter(p -> p.has("targets")).toList();
    }

    List<String> expressions() {
        List<String> exprs = new ArrayList<>();
        panels().forEach(p ->
                p.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        return exprs;
    }

    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        expressions().forEach(e -> names.addAll(metricNames(e)));
        return names;
    }

    /**
     * The series names a PromQL expression reads: what is left once strings, label matchers, ranges, grouping clauses,
     * Grafana's variables and numbers are taken out, less the functions (a name followed by a parenthesis).
     */
    static Set<String> metricNames(String promql) {
        String bare = promql.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\$\\{?\\w+}?", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?(e[+-]?\\d+)?\\b", " ");
        Set<String> names = new TreeSet<>();
        Matcher id = IDENTIFIER.matcher(bare);
        while (id.find()) {
            String rest = bare.substring(id.end()).stripLeading();
            if (!rest.startsWith("(") && !KEYWORDS.contains(id.group().toLowerCase(java.util.Locale.ROOT))) {
                names.add(id.group());
            }
        }
        return names;
    }

    /** The repository's root, from the module's directory (Maven runs tests in {@code gateway/}). */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("ops/grafana"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "ops/grafana not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
