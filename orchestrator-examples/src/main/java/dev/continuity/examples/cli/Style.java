package dev.continuity.examples.cli;

/**
 * Colours status words (SUCCEEDED, ROLLED_BACK, HIGH, ERROR, ...) on an interactive terminal; plain text when output
 * is not a terminal or {@code NO_COLOR} is set (picocli's {@code Ansi.AUTO} decides, see {@link ContinuityCli#main}).
 * Padding is applied to the word before it is coloured, so columns line up either way.
 */
record Style(boolean color) {
    private static final String RESET = "\u001b[0m";

    /** The style of this process's standard output. */
    static Style current() {
        return new Style(ContinuityCli.color);
    }

    /** An execution or operation status: green for success, red for failure, yellow in between. */
    String status(Object status) {
        String s = String.valueOf(status);
        return paint(s, switch (s) {
            case "SUCCEEDED", "UPDATED", "FIXED", "RESOLVED", "HEALTHY", "NORMAL" -> "1;32";
            case "ROLLED_BACK", "FAILED", "CRITICAL", "ISOLATED" -> "1;31";
            case "PARTIALLY_SUCCEEDED", "SKIPPED", "NEEDS_HUMAN", "REVIEW", "DEGRADED", "RUNNING" -> "1;33";
            default -> "";
        });
    }

    /** A risk level or a severity: LOW/INFO quiet, MEDIUM/WARNING yellow, HIGH/ERROR red, CRITICAL bold red. */
    String level(Object level) {
        String s = String.valueOf(level);
        return paint(s, switch (s) {
            case "LOW" -> "32";
            case "INFO" -> "36";
            case "MEDIUM", "WARNING" -> "33";
            case "HIGH", "ERROR" -> "31";
            case "CRITICAL" -> "1;31";
            default -> "";
        });
    }

    /** {@code word} padded to {@code width} and then styled with {@code how}. */
    static String padded(String word, int width, java.util.function.Function<String, String> how) {
        String pad = word.length() >= width ? "" : " ".repeat(width - word.length());
        return how.apply(word) + pad;
    }

    /** Bold, for headings. */
    String bold(String s) {
        return paint(s, "1");
    }

    private String paint(String s, String code) {
        return color && !code.isEmpty() ? "\u001b[" + code + "m" + s + RESET : s;
    }
}
