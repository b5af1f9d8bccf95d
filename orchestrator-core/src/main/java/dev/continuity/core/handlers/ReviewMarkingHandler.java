package dev.continuity.core.handlers;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.project.Utf8;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
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

    /** The handler; stateless, so one instance serves every run. The orchestrator's builder registers one. */
    public ReviewMarkingHandler() {}

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

    /**
     * Marks {@code file} for review with {@code reason}; a sidecar goes where the project's config puts it
     * ({@link dev.continuity.core.project.ProjectConfig#reviewSidecar}).
     */
    public HandlerResult mark(StepContext context, String file, String reason) {
        return mark(context.writer(), file, sidecar(context.project(), file), new ReviewEntry(reason,
                String.join(", ", context.change().changedFiles()), context.executionId(), context.clock().instant()), true);
    }

    /**
     * Where the review requests for {@code file} go when they cannot go into its front matter: as the project's config
     * says when the snapshot is a scanned {@link dev.continuity.core.project.Project}, else beside the file.
     *
     * @param project the project
     * @param file    the file, relative to the root
     * @return the sidecar's path, relative to the root
     */
    public static String sidecar(dev.continuity.api.spi.ProjectSnapshot project, String file) {
        return project instanceof dev.continuity.core.project.Project p ? p.config().reviewSidecar(file) : file + SIDECAR_SUFFIX;
    }

    /**
     * One review request.
     *
     * @param reason    why the file needs a look
     * @param source    what caused it (the changed files, or the detector)
     * @param execution the run (or healing attempt) that asked; marking the same execution twice is a no-op
     * @param at        when
     */
    public record ReviewEntry(String reason, String source, String execution, Instant at) {
        /** Rejects a null value. */
        public ReviewEntry {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Adds a review entry for {@code file} through {@code writer}: into the file's Markdown front matter when
     * {@code intoFrontMatter} is true and the file has front matter without a {@code continuity} key, else into the
     * sidecar {@code <file>.review.yaml}. Returns {@code unchanged} when this execution already marked the file.
     *
     * <p>An existing sidecar is edited in place: the entry goes into its {@code continuity.review} list (created when
     * absent, in block or flow style as the surrounding YAML is written) and every other byte is kept. The result is
     * parsed again and must hold exactly the old content plus the entry.
     *
     * @throws UneditableSidecarException when the sidecar cannot be edited safely (not valid YAML, not a mapping,
     *                                    {@code continuity} or {@code review} of another type); nothing is written
     */
    public static HandlerResult mark(ProjectWriter writer, String file, ReviewEntry review, boolean intoFrontMatter) {
        return mark(writer, file, file + SIDECAR_SUFFIX, review, intoFrontMatter);
    }

    /**
     * As {@link #mark(ProjectWriter, String, ReviewEntry, boolean)}, with the sidecar at {@code sidecar} (see
     * {@link #sidecar(dev.continuity.api.spi.ProjectSnapshot, String)}).
     *
     * @param writer          the run's writer
     * @param file            the file to mark
     * @param sidecar         where its sidecar is (or goes); must end with {@value #SIDECAR_SUFFIX}
     * @param review          the request
     * @param intoFrontMatter whether a Markdown file's front matter may take it
     * @return {@code updated}, or {@code unchanged} when this execution already marked the file
     * @throws UneditableSidecarException when the sidecar cannot be edited safely
     * @throws IllegalArgumentException   when {@code sidecar} does not end with {@value #SIDECAR_SUFFIX}
     */
    public static HandlerResult mark(ProjectWriter writer, String file, String sidecar, ReviewEntry review, boolean intoFrontMatter) {
        if (!sidecar.endsWith(SIDECAR_SUFFIX)) {
            throw new IllegalArgumentException("a review sidecar's name ends with " + SIDECAR_SUFFIX + ", got " + sidecar);
        }
        byte[] bytes = writer.read(file).orElseThrow(() -> new IllegalStateException(file + " does not exist"));
        String text = Utf8.decode(file, bytes);
        String eol = text.contains("\r\n") ? "\r\n" : "\n";
        String reason = review.reason();
        String marker = "execution: " + quote(review.execution());
        String entry = "    - reason: " + quote(reason) + eol
                + "      source: " + quote(review.source()) + eol
                + "      " + marker + eol
                + "      at: " + quote(review.at().toString()) + eol;
        Optional<Integer> insertAt = intoFrontMatter ? frontMatterEnd(text) : Optional.empty();
        if (insertAt.isPresent() && !hasTopLevelKey(text, insertAt.get(), "continuity")) {
            String block = "continuity:" + eol + "  review:" + eol + entry;
            String updated = text.substring(0, insertAt.get()) + block + text.substring(insertAt.get());
            writer.write(file, updated.getBytes(StandardCharsets.UTF_8));
            return HandlerResult.updated("marked for review in front matter: " + reason);
        }
        if (insertAt.isPresent() && text.substring(0, insertAt.get()).contains(marker)) {
            return HandlerResult.unchanged("already marked for review by this execution");
        }
        Optional<byte[]> existing = writer.read(sidecar);
        String content;
        if (existing.isPresent()) {
            String old = Utf8.decode(sidecar, existing.get());
            if (old.contains(marker)) {
                return HandlerResult.unchanged("already marked for review by this execution");
            }
            content = SidecarEdit.add(sidecar, old, review);
        } else {
            content = "# Review requests written by Continuity for " + file + eol + "file: " + quote(file) + eol + "continuity:" + eol + "  review:" + eol + entry;
        }
        writer.write(sidecar, content.getBytes(StandardCharsets.UTF_8));
        return HandlerResult.updated("marked for review in " + sidecar + ": " + reason);
    }

    /**
     * The review entries of a sidecar, as {@link #mark} writes them.
     *
     * @param sidecarText the sidecar's text
     * @return its {@code continuity.review} entries, in order; none when it is not valid YAML or holds none (an entry
     *         whose {@code at} is not an instant gets the epoch)
     */
    public static List<ReviewEntry> entries(String sidecarText) {
        return SidecarEdit.entries(sidecarText);
    }

    /** A sidecar that is not a YAML mapping whose {@code continuity.review} list can be extended; it is left as it is. */
    public static final class UneditableSidecarException extends IllegalStateException {
        /**
         * A sidecar that cannot be extended.
         *
         * @param message names the sidecar and says why it cannot be extended
         */
        public UneditableSidecarException(String message) {
            super(message);
        }
    }

    /**
     * The reason a step's file is marked for review: the change it depends on, and the path through which.
     *
     * @param context the step
     * @return the reason
     */
    public static String reason(StepContext context) {
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
