package dev.continuity.healing.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Story dates as novel projects write them: {@code 1024-03-15}, {@code 1024/3/15}, {@code 1024年3月15日}, or less
 * precise {@code 1024-03} and {@code 1024}: a range, the whole month or year ({@link #parse} gives its first day,
 * {@link #parseEnd} its last). Years may have leading zeros ({@code 0962}).
 */
public final class StoryDates {
    private static final Pattern DATE = Pattern.compile("^(\\d{1,4})(?:[-/年](\\d{1,2})(?:[-/月](\\d{1,2})日?)?月?)?年?$");

    private StoryDates() {}

    /** The date, or the first day of a month or year written without the day (or month). */
    public static Optional<LocalDate> parse(String text) {
        return parse(text, false);
    }

    /** The date, or the last day of a month or year written without the day (or month). */
    public static Optional<LocalDate> parseEnd(String text) {
        return parse(text, true);
    }

    private static Optional<LocalDate> parse(String text, boolean end) {
        Matcher m = DATE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int y = Integer.parseInt(m.group(1));
            int mo = m.group(2) == null ? (end ? 12 : 1) : Integer.parseInt(m.group(2));
            if (m.group(3) == null) {
                java.time.YearMonth ym = java.time.YearMonth.of(y, mo);
                return Optional.of(end ? ym.atEndOfMonth() : ym.atDay(1));
            }
            return Optional.of(LocalDate.of(y, mo, Integer.parseInt(m.group(3))));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the text looks like a date at all (even an impossible one such as {@code 1024-02-31}). */
    public static boolean looksLikeDate(String text) {
        return DATE.matcher(text.strip()).matches();
    }

    /**
     * {@code date} written the way {@code like} was written ({@code -}, {@code /} or 年月日; zero-padded year of the same
     * width) and as precisely: a month-only {@code like} gives the month, a year-only one the year.
     */
    public static String format(LocalDate date, String like) {
        String l = like.strip();
        int yearWidth = 0;
        while (yearWidth < l.length() && Character.isDigit(l.charAt(yearWidth))) {
            yearWidth++;
        }
        Matcher m = DATE.matcher(l);
        int parts = !m.matches() ? 3 : m.group(2) == null ? 1 : m.group(3) == null ? 2 : 3;
        String year = String.format("%0" + Math.max(1, yearWidth) + "d", date.getYear());
        if (l.contains("年")) {
            return year + "年" + (parts < 2 ? "" : date.getMonthValue() + "月" + (parts < 3 ? "" : date.getDayOfMonth() + "日"));
        }
        String sep = l.contains("/") ? "/" : "-";
        return year + (parts < 2 ? "" : sep + String.format("%02d", date.getMonthValue()) + (parts < 3 ? "" : sep + String.format("%02d", date.getDayOfMonth())));
    }
}
