package dev.continuity.healing.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Story dates as novel projects write them: {@code 1024-03-15}, {@code 1024/3/15}, {@code 1024年3月15日}, or less
 * precise {@code 1024-03} and {@code 1024} (read as the first day). Years may have leading zeros ({@code 0962}).
 */
public final class StoryDates {
    private static final Pattern DATE = Pattern.compile("^(\\d{1,4})(?:[-/年](\\d{1,2})(?:[-/月](\\d{1,2})日?)?月?)?年?$");

    private StoryDates() {}

    public static Optional<LocalDate> parse(String text) {
        Matcher m = DATE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int y = Integer.parseInt(m.group(1));
            int mo = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            int d = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            return Optional.of(LocalDate.of(y, mo, d));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the text looks like a date at all (even an impossible one such as {@code 1024-02-31}). */
    public static boolean looksLikeDate(String text) {
        return DATE.matcher(text.strip()).matches();
    }

    /** {@code date} written the way {@code like} was written ({@code -}, {@code /} or 年月日; zero-padded year of the same width). */
    public static String format(LocalDate date, String like) {
        String l = like.strip();
        int yearWidth = 0;
        while (yearWidth < l.length() && Character.isDigit(l.charAt(yearWidth))) {
            yearWidth++;
        }
        String year = String.format("%0" + Math.max(1, yearWidth) + "d", date.getYear());
        if (l.contains("年")) {
            return year + "年" + date.getMonthValue() + "月" + date.getDayOfMonth() + "日";
        }
        String sep = l.contains("/") ? "/" : "-";
        return year + sep + String.format("%02d", date.getMonthValue()) + sep + String.format("%02d", date.getDayOfMonth());
    }
}
