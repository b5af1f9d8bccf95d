package dev.continuity.core.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How reports write values for people: durations, times, numbers, paths. The same in every format. */
final class ReportText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReportText() {}

    static String duration(Duration d) {
        return seconds(d.toNanos() / 1e9);
    }

    /** {@code 1.25 s}, {@code 42 ms}, {@code 0.31 ms}; minutes above 120 s. */
    static String seconds(double s) {
        if (s == 0) {
            return "0 s";
        }
        if (s >= 120) {
            return String.format(Locale.ROOT, "%d min %02d s", (long) s / 60, Math.round(s) % 60);
        }
        if (s >= 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        double ms = s * 1000;
        if (ms >= 10) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f ms", ms);
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /** A metric value: integral values without decimals, others with two. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : fixed(v, 2);
    }

    /** A map value of the monitor or the optimiser (numbers, strings, booleans, lists). */
    static String value(Object v) {
        return v instanceof Double || v instanceof Float ? number(((Number) v).doubleValue()) : String.valueOf(v);
    }

    /** The last segment of a project path. */
    static String fileName(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }

    /** The folder of a project path, or {@code "."} at the root. */
    static String folder(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "." : path.substring(0, i);
    }
}
