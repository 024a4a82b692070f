package ke.onpoint.pay.dashboard;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import ke.onpoint.pay.report.PaymentSummaries;

/**
 * The overview's chart, drawn on the server as inline SVG (no script): a bar per East Africa day of completed volume
 * in one currency, scaled to the largest day. The template gives it a title, a description and the same figures as
 * a table for whoever cannot see it.
 */
public record VolumeChart(String currency, List<Bar> bars, String peak, int width, int height) {

    static final int WIDTH = 720;
    static final int HEIGHT = 180;
    static final int PLOT_TOP = 10;
    static final int PLOT_BOTTOM = 150;

    /** One day: its bar's geometry and what it stands for. */
    public record Bar(
            LocalDate day,
            String label,
            String volume,
            long count,
            String successRate,
            double x,
            double y,
            double width,
            double height,
            boolean labelled,
            double labelX,
            String anchor) {}

    static VolumeChart of(List<PaymentSummaries.DayFigures> days, String currency) {
        List<PaymentSummaries.DayFigures> ours = days.stream()
                .filter(d -> d.figures().currency().equals(currency))
                .toList();
        BigDecimal max = ours.stream().map(d -> d.figures().volume()).reduce(BigDecimal.ZERO, BigDecimal::max);
        double slot = (double) WIDTH / Math.max(1, ours.size());
        double plot = PLOT_BOTTOM - PLOT_TOP;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < ours.size(); i++) {
            PaymentSummaries.DayFigures day = ours.get(i);
            BigDecimal volume = day.figures().volume();
            double height = max.signum() == 0 ? 0 : volume.doubleValue() / max.doubleValue() * plot;
            // an empty day still shows as a hairline, so the axis reads as 30 days
            double drawn = Math.max(height, 1);
            double x = round(i * slot + slot * 0.15);
            boolean last = i == ours.size() - 1;
            bars.add(new Bar(
                    day.date(),
                    Formats.INSTANCE.shortDay(day.date()),
                    Formats.INSTANCE.money(volume, currency),
                    day.figures().count(),
                    Formats.INSTANCE.percent(day.figures().successRate()),
                    x,
                    round(PLOT_BOTTOM - drawn),
                    round(slot * 0.7),
                    round(drawn),
                    i % 5 == 0 || last,
                    // the first label starts at its bar, the last ends at its bar's right edge: none is cut off
                    i == 0 ? x : last ? round(x + slot * 0.7) : round(x + slot * 0.35),
                    i == 0 ? "start" : last ? "end" : "middle"));
        }
        return new VolumeChart(currency, bars, Formats.INSTANCE.money(max, currency), WIDTH, HEIGHT);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
