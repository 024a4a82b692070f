package ke.onpoint.pay.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What the malformed-input campaign sent and got back: counts per endpoint family, and every answer that broke a
 * rule (a 5xx, a 4xx that is not problem+json, no answer, bad input taken) with the request that caused it, grouped so
 * the report shows each distinct failure once with how often it happened.
 */
final class CampaignLedger {

    /** One answer that broke a rule. */
    record Violation(
            String family, String rule, String defect, String request, int status, String contentType, String body) {

        String group() {
            return family + " | " + rule + " | " + status + " " + contentType + " | " + defect + " | "
                    + endpoint(request);
        }

        private static String endpoint(String request) {
            String line = request.lines().findFirst().orElse("");
            int query = line.indexOf('?');
            String path = query < 0 ? line : line.substring(0, query);
            // references and tokens vary per request: group by the path's shape
            return path.replaceAll("/(pay|mch|kyc|whd|key|usr)_[A-Za-z0-9]+", "/$1_…")
                    .replaceAll("/[A-Z]+-[0-9A-Fa-f-]{6,}", "/REF…");
        }
    }

    static final class Counts {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger serverErrors = new AtomicInteger();
        final AtomicInteger notProblem = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger noAnswer = new AtomicInteger();
        /** Requests java.net.http itself would not send (a header value it refuses): not counted as sent. */
        final AtomicInteger unsendable = new AtomicInteger();

        final AtomicInteger closed = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    }

    private final Map<String, Counts> families = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> serverErrorsByDefect = new ConcurrentHashMap<>();
    private final Map<String, Long> millis = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Violation> violations = new ConcurrentLinkedQueue<>();

    /** Checks one answer against the campaign's rules and counts it. */
    void record(Probe probe, Answer answer) {
        Counts counts = families.computeIfAbsent(probe.family(), f -> new Counts());
        if (answer.status() == -1) {
            counts.unsendable.incrementAndGet();
            return;
        }
        if (answer.status() == -2) {
            // Tomcat drops a connection whose request line it cannot read at all, or answers an HTTP/0.9 request
            // without a status line: there is no status to judge
            counts.closed.incrementAndGet();
        }
        counts.requests.incrementAndGet();
        if (answer.failure() != null && answer.status() != -2) {
            counts.noAnswer.incrementAndGet();
            violations.add(violation(probe, "no answer", answer));
            return;
        }
        counts.statuses
                .computeIfAbsent(answer.status(), s -> new AtomicInteger())
                .incrementAndGet();
        if (answer.status() == -2) {
            return;
        }
        if (answer.status() >= 500) {
            counts.serverErrors.incrementAndGet();
            serverErrorsByDefect
                    .computeIfAbsent(probe.family() + " / " + probe.defect(), d -> new AtomicInteger())
                    .incrementAndGet();
            violations.add(violation(probe, "5xx", answer));
        } else if (answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")) {
            counts.notProblem.incrementAndGet();
            violations.add(violation(probe, "4xx not problem+json", answer));
        } else if (answer.status() < 400 && probe.mustRefuse()) {
            counts.accepted.incrementAndGet();
            violations.add(violation(probe, "bad input accepted", answer));
        }
    }

    private static Violation violation(Probe probe, String rule, Answer answer) {
        return new Violation(
                probe.family(),
                rule,
                probe.defect(),
                probe.describe(),
                answer.status(),
                String.valueOf(answer.contentType()),
                answer.failure() != null ? answer.failure() : excerpt(answer.body(), 300));
    }

    void took(String family, long familyMillis) {
        millis.put(family, familyMillis);
    }

    List<Violation> violations(String family) {
        return violations.stream().filter(v -> v.family().equals(family)).toList();
    }

    /** Each distinct failure once, with its count and one request that caused it. */
    static String report(List<Violation> violations) {
        Map<String, List<Violation>> groups =
                violations.stream().collect(Collectors.groupingBy(Violation::group, TreeMap::new, Collectors.toList()));
        StringBuilder text = new StringBuilder();
        groups.forEach((group, members) -> {
            Violation example = members.get(0);
            text.append("\n  ")
                    .append(members.size())
                    .append(" × ")
                    .append(group)
                    .append("\n      request: ")
                    .append(excerpt(example.request(), 400).replace("\n", "\n               "))
                    .append("\n      answer:  ")
                    .append(example.status())
                    .append(' ')
                    .append(example.contentType())
                    .append(' ')
                    .append(example.body());
        });
        return text.toString();
    }

    String summary() {
        StringBuilder text = new StringBuilder("Malformed-input campaign: requests per endpoint family\n");
        text.append(String.format(
                "  %-12s %8s %6s %12s %9s %9s %10s %8s  %s%n",
                "family",
                "requests",
                "5xx",
                "not-problem",
                "accepted",
                "no-answer",
                "unsendable",
                "seconds",
                "statuses (-2: closed unanswered or HTTP/0.9)"));
        int total = 0;
        int serverErrors = 0;
        for (Map.Entry<String, Counts> family : new TreeMap<>(families).entrySet()) {
            Counts c = family.getValue();
            total += c.requests.get();
            serverErrors += c.serverErrors.get();
            text.append(String.format(
                    "  %-12s %8d %6d %12d %9d %9d %10d %8.1f  %s%n",
                    family.getKey(),
                    c.requests.get(),
                    c.serverErrors.get(),
                    c.notProblem.get(),
                    c.accepted.get(),
                    c.noAnswer.get(),
                    c.unsendable.get(),
                    millis.getOrDefault(family.getKey(), 0L) / 1000.0,
                    new TreeMap<>(c.statuses.entrySet().stream()
                            .collect(Collectors.toMap(
                                    Map.Entry::getKey, e -> e.getValue().get())))));
        }
        text.append(String.format("  %-12s %8d %6d%n", "total", total, serverErrors));
        if (!serverErrorsByDefect.isEmpty()) {
            text.append("5xx by family / defect class:\n");
            new TreeMap<>(serverErrorsByDefect)
                    .forEach((defect, count) -> text.append("  ")
                            .append(count.get())
                            .append(" × ")
                            .append(defect)
                            .append('\n'));
        }
        List<Violation> all = new ArrayList<>(violations);
        if (!all.isEmpty()) {
            text.append("Distinct failures:").append(report(all)).append('\n');
        }
        return text.toString();
    }

    int total() {
        return families.values().stream().mapToInt(c -> c.requests.get()).sum();
    }

    int serverErrors() {
        return families.values().stream().mapToInt(c -> c.serverErrors.get()).sum();
    }

    static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        String visible = text.chars()
                .limit(max + 1L)
                .mapToObj(c -> c < 0x20 && c != '\n' || c == 0x7f || Character.isSurrogate((char) c)
                        ? String.format("\\u%04x", c)
                        : String.valueOf((char) c))
                .collect(Collectors.joining());
        return text.length() > max
                ? visible.substring(0, Math.min(visible.length(), max)) + "…(" + text.length() + " chars)"
                : visible;
    }
}
