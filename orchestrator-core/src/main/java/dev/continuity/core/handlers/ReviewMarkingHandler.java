package dev.continuity.core.handlers;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.project.Utf8;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Marks a file for review where prose or a plot needs a writer (or an LLM): adds a structured
 * {@code continuity.review} entry (reason, source change, execution, time) to the Markdown front matter, or, for files
 * without front matter (or whose front matter already has a {@code continuity} key), to a sidecar file
 * {@code <file>.review.yaml} beside it. Every byte of the original outside the inserted lines is kept; marking the same
 * execution twice is a no-op.
 */
public final class ReviewMarkingHandler implements UpdateHandler {
    /** Suffix of sidecar review files; the scanner ignores them. */
    public static final String SIDECAR_SUFFIX = ".review.yaml";
    private static final Set<FileKind> KINDS = EnumSet.complementOf(EnumSet.of(FileKind.DERIVED, FileKind.CONFIG));

    @Override
    public String id() {
        return "review-marking";
    }

    @Override
    public boolean supports(FileKind kind, EnhancedUpdateType type) {
        return KINDS.contains(kind) && type != EnhancedUpdateType.ADAPTIVE_MERGE;
    }

    @Override
    public HandlerResult apply(StepContext context) {
        String file = context.step().file();
        String reason = reason(context);
        return mark(context, file, reason);
    }

    /** Marks {@code file} for review with {@code reason}. */
    public HandlerResult mark(StepContext context, String file, String reason) {
        byte[] bytes = context.writer().read(file).orElseThrow(() -> new IllegalStateException(file + " does not exist"));
        String text = Utf8.decode(file, bytes);
        String eol = text.contains("\r\n") ? "\r\n" : "\n";
        String marker = "execution: " + quote(context.executionId());
        String source = String.join(", ", context.change().changedFiles());
        String entry = "    - reason: " + quote(reason) + eol
                + "      source: " + quote(source) + eol
                + "      " + marker + eol
                + "      at: " + quote(context.clock().instant().toString()) + eol;
        Optional<Integer> insertAt = frontMatterEnd(text);
        if (insertAt.isPresent() && !hasTopLevelKey(text, insertAt.get(), "continuity")) {
            String block = "continuity:" + eol + "  review:" + eol + entry;
            String updated = text.substring(0, insertAt.get()) + block + text.substring(insertAt.get());
            context.writer().write(file, updated.getBytes(StandardCharsets.UTF_8));
            return HandlerResult.updated("marked for review in front matter: " + reason);
        }
        if (insertAt.isPresent() && text.substring(0, insertAt.get()).contains(marker)) {
            return HandlerResult.unchanged("already marked for review by this execution");
        }
        String sidecar = file + SIDECAR_SUFFIX;
        Optional<byte[]> existing = context.writer().read(sidecar);
        String content;
        if (existing.isPresent()) {
            String old = Utf8.decode(sidecar, existing.get());
            if (old.contains(marker)) {
                return HandlerResult.unchanged("already marked for review by this execution");
            }
            content = old + (old.endsWith("\n") ? "" : eol) + entry;
        } else {
            content = "# Review requests written by Continuity for " + file + eol + "file: " + quote(file) + eol + "continuity:" + eol + "  review:" + eol + entry;
        }
        context.writer().write(sidecar, content.getBytes(StandardCharsets.UTF_8));
        return HandlerResult.updated("marked for review in " + sidecar + ": " + reason);
    }

    static String reason(StepContext context) {
        String path = context.step().reasons().isEmpty() ? "" : context.step().reasons().getFirst();
        return "depends on the change to " + String.join(", ", context.change().changedFiles())
                + " (" + context.change().updateType() + ")" + (path.isEmpty() ? "" : ": " + path);
    }

    /** The offset of the closing front matter fence's line, if the text has front matter. */
    static Optional<Integer> frontMatterEnd(String text) {
        int p = text.startsWith("\uFEFF") ? 1 : 0;
        if (!text.startsWith("---", p)) {
            return Optional.empty();
        }
        int eol = text.indexOf('\n', p);
        if (eol < 0 || !text.substring(p + 3, eol).strip().isEmpty()) {
            return Optional.empty();
        }
        int i = eol + 1;
        while (i < text.length()) {
            int e = text.indexOf('\n', i);
            String line = (e < 0 ? text.substring(i) : text.substring(i, e)).replace("\r", "");
            if (line.equals("---") || line.equals("...")) {
                return Optional.of(i);
            }
            if (e < 0) {
                break;
            }
            i = e + 1;
        }
        return Optional.empty();
    }

    private static boolean hasTopLevelKey(String text, int end, String key) {
        for (String line : text.substring(0, end).split("\n")) {
            if (line.startsWith(key + ":")) {
                return true;
            }
        }
        return false;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "") + "\"";
    }
}
