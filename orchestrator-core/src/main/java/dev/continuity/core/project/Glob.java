package dev.continuity.core.project;

import java.util.regex.Pattern;

/**
 * A glob over project-relative paths with {@code /} separators: {@code *} (within a folder), {@code **} (across
 * folders), {@code ?}, {@code [0-9]} and {@code {a,b}}. Independent of the platform's file system, so configs mean the
 * same everywhere.
 *
 * @param pattern the glob as written
 * @param regex   the regular expression it compiles to; use {@link #of(String)} rather than passing one
 */
public record Glob(String pattern, Pattern regex) {

    /**
     * Compiles a glob. {@code *} and {@code ?} stay within a folder; {@code **} crosses folders, and {@code **}{@code /}
     * also matches no folder at all; {@code {a,b}} matches either alternative (braces nest); {@code [abc]},
     * {@code [0-9]} and {@code [!abc]} (or {@code [^abc]}) match one character of the class or not of it, never
     * {@code /} (a {@code ]} right after the opening {@code [} or {@code [!} is a member); {@code \} makes the next
     * character match itself ({@code \[draft\]}); every other character matches itself, case-sensitively.
     *
     * @param glob the glob, over paths relative to the project root with {@code /}
     * @return the compiled glob
     * @throws IllegalArgumentException when a brace or a bracket is not closed, a class holds {@code /} or the glob
     *                                  ends in a lone {@code \}
     */
    public static Glob of(String glob) {
        return new Glob(glob, Pattern.compile(toRegex(glob)));
    }

    /**
     * Whether the whole path matches (not just a part of it).
     *
     * @param path relative to the project root, with {@code /}
     * @return whether it matches
     */
    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        re.append(slash ? "(?:.*/)?" : ".*");
                        i += slash ? 2 : 1;
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '{' -> { braces++; re.append("(?:"); }
                case '}' -> { if (braces > 0) { braces--; re.append(')'); } else { re.append("\\}"); } }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                case '[' -> i = characterClass(glob, i, re);
                case '\\' -> {
                    if (i + 1 == glob.length()) {
                        throw new IllegalArgumentException("glob '" + glob + "' ends in a lone '\\' (write '\\\\' for a backslash)");
                    }
                    re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unbalanced braces in glob '" + glob + "'");
        }
        return re.toString();
    }

    /** Appends the class that opens at {@code glob[open]} ({@code [}) and returns the index of its {@code ]}. */
    private static int characterClass(String glob, int open, StringBuilder re) {
        int i = open + 1;
        boolean negated = i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^');
        if (negated) {
            i++;
        }
        int first = i;
        int close = glob.indexOf(']', i == glob.length() ? i : i + 1);
        if (i >= glob.length() || close < 0) {
            throw new IllegalArgumentException("unclosed '[' in glob '" + glob + "' (write '\\[' for a bracket)");
        }
        StringBuilder members = new StringBuilder();
        for (int k = first; k < close; k++) {
            char c = glob.charAt(k);
            if (c == '/') {
                throw new IllegalArgumentException("'[" + glob.substring(first, close) + "]' in glob '" + glob
                        + "' holds '/': a class matches one character within a folder");
            }
            boolean range = c == '-' && k > first && k + 1 < close;
            members.append(range ? "-" : escapeInClass(c));
        }
        // never '/': not even in a range that spans it, such as [+-0]
        re.append(negated ? "[^/" : "[").append(members).append(negated ? "]" : "&&[^/]]");
        return close;
    }

    private static String escapeInClass(char c) {
        return "\\[]^-&".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c);
    }
}
