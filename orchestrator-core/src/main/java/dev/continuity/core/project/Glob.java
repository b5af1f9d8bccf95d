package dev.continuity.core.project;

import java.util.regex.Pattern;

/**
 * A glob over project-relative paths with {@code /} separators: {@code *} (within a folder), {@code **} (across
 * folders), {@code ?} and {@code {a,b}}. Independent of the platform's file system, so configs mean the same everywhere.
 *
 * @param pattern the glob as written
 * @param regex   the regular expression it compiles to; use {@link #of(String)} rather than passing one
 */
public record Glob(String pattern, Pattern regex) {

    /**
     * Compiles a glob. {@code *} and {@code ?} stay within a folder; {@code **} crosses folders, and {@code **}{@code /}
     * also matches no folder at all; {@code {a,b}} matches either alternative (braces nest); every other character
     * matches itself, case-sensitively.
     *
     * @param glob the glob, over paths relative to the project root with {@code /}
     * @return the compiled glob
     * @throws IllegalArgumentException when a brace is not closed
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
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new IllegalArgumentException("unbalanced braces in glob '" + glob + "'");
        }
        return re.toString();
    }
}
