package dev.continuity.core.optimize.stg;

import dev.continuity.core.optimize.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Standard Task Graph Set files (Kasahara and Tobita, Waseda University).
 *
 * <p>Format: the first number is {@code N}, the number of real tasks; then, for each of the
 * {@code N + 2} tasks in id order, {@code id time npred pred...}; tasks {@code 0} and {@code N+1}
 * are zero-time dummies. Everything from the first {@code #} to the end of its line is a comment;
 * the footer's {@code CP Length} is kept. Numbers are read as a token stream, so a long
 * predecessor list may wrap. Any deviation — a non-integer, a wrong id, a negative time, a
 * predecessor that is not an earlier task, missing or extra tasks, a non-zero dummy — raises a
 * {@link StgFormatException} naming the file and the line.
 */
public final class StgReader {
    private static final Pattern CP_LENGTH = Pattern.compile("CP\\s+Length\\s*:\\s*([0-9.]+)");

    private StgReader() {
    }

    /** Reads a file; the instance is named by {@code name} (e.g. its path relative to the set's root). */
    public static StgInstance read(Path file, String name) {
        Objects.requireNonNull(file, "file");
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read STG file " + file, e);
        }
    }

    public static StgInstance read(Path file) {
        return read(file, file.toString());
    }

    /** Parses STG text. */
    public static StgInstance parse(String name, String content) {
        try {
            return read(new StringReader(content), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen for a StringReader
        }
    }

    private static StgInstance read(Reader source, String name) throws IOException {
        Tokens tokens = new Tokens(new BufferedReader(source), name);
        int n = tokens.nextInt("the task count N");
        if (n < 0) {
            throw tokens.error("task count must be >= 0, was " + n);
        }
        List<Task> tasks = new ArrayList<>(n + 2);
        for (int id = 0; id < n + 2; id++) {
            int declared = tokens.nextInt("the id of task " + id);
            if (declared != id) {
                throw tokens.error("expected task id " + id + ", found " + declared);
            }
            int time = tokens.nextInt("the processing time of task " + id);
            if (time < 0) {
                throw tokens.error("task " + id + ": processing time must be >= 0, was " + time);
            }
            if ((id == 0 || id == n + 1) && time != 0) {
                throw tokens.error("dummy task " + id + " must take 0 time, takes " + time);
            }
            int count = tokens.nextInt("the predecessor count of task " + id);
            if (count < 0 || count > id) {
                throw tokens.error("task " + id + ": predecessor count must be in [0, " + id + "], was " + count);
            }
            int[] preds = new int[count];
            for (int k = 0; k < count; k++) {
                int p = tokens.nextInt("predecessor " + (k + 1) + " of task " + id);
                if (p < 0 || p >= id) {
                    throw tokens.error("task " + id + ": predecessor " + p + " is not an earlier task");
                }
                for (int j = 0; j < k; j++) {
                    if (preds[j] == p) {
                        throw tokens.error("task " + id + ": predecessor " + p + " listed twice");
                    }
                }
                preds[k] = p;
            }
            tasks.add(Task.of(Integer.toString(id), time, preds));
        }
        if (tokens.hasMore()) {
            throw tokens.error("unexpected data after the last task " + (n + 1) + ": '" + tokens.peek() + "'");
        }
        return new StgInstance(name, n, tasks, tokens.criticalPath());
    }

    /** Whitespace-separated integer tokens with line tracking; '#' starts a comment. */
    private static final class Tokens {
        private final BufferedReader reader;
        private final String name;
        private String[] parts = new String[0];
        private int index;
        private int line;
        private OptionalDouble criticalPath = OptionalDouble.empty();

        Tokens(BufferedReader reader, String name) {
            this.reader = reader;
            this.name = name;
        }

        private boolean fill() throws IOException {
            while (index >= parts.length) {
                String text = reader.readLine();
                if (text == null) {
                    return false;
                }
                line++;
                int hash = text.indexOf('#');
                if (hash >= 0) {
                    Matcher m = CP_LENGTH.matcher(text);
                    if (m.find()) {
                        criticalPath = OptionalDouble.of(Double.parseDouble(m.group(1)));
                    }
                    text = text.substring(0, hash);
                }
                String trimmed = text.strip();
                parts = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
                index = 0;
            }
            return true;
        }

        int nextInt(String what) throws IOException {
            if (!fill()) {
                throw new StgFormatException(name, line, "unexpected end of input, expected " + what);
            }
            String token = parts[index++];
            try {
                return Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw error("expected " + what + " (an integer), found '" + token + "'");
            }
        }

        boolean hasMore() throws IOException {
            return fill();
        }

        String peek() {
            return parts[index];
        }

        StgFormatException error(String message) {
            return new StgFormatException(name, line, message);
        }

        OptionalDouble criticalPath() throws IOException {
            while (reader.readLine() instanceof String text) {
                Matcher m = CP_LENGTH.matcher(text);
                if (m.find()) {
                    criticalPath = OptionalDouble.of(Double.parseDouble(m.group(1)));
                }
            }
            return criticalPath;
        }
    }
}
