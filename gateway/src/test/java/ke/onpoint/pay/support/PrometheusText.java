package ke.onpoint.pay.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape of {@code /actuator/prometheus} (text format), read as series and their values. */
public final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One series: its name, labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final java.util.List<Sample> samples = new java.util.ArrayList<>();

    public PrometheusText(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
    }

    /** The sum over every series of this name carrying these labels (others may differ); 0 when there is none. */
    public double sum(String name, String... labelPairs) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && has(s, labelPairs))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** The series of this name carrying these labels. */
    public java.util.List<Sample> series(String name, String... labelPairs) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && has(s, labelPairs))
                .toList();
    }

    /** Every series name exported. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    private static boolean has(Sample sample, String... labelPairs) {
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }
}
