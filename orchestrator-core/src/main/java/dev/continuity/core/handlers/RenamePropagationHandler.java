package dev.continuity.core.handlers;

import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.project.Utf8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link EnhancedUpdateType#CASCADE_CHARACTER}: propagates an entity's rename ({@code rename.from} to
 * {@code rename.to} in the change context) through a file, replacing exactly the spans where the scan found the old
 * name (YAML values, front matter, links, wikilinks, tags, headers and mentions in prose). No other byte changes.
 * Without a rename in the context (an attribute change), the file is marked for review instead.
 */
public final class RenamePropagationHandler implements UpdateHandler {
    /** Context key of the old name. */
    public static final String FROM = "rename.from";
    /** Context key of the new name. */
    public static final String TO = "rename.to";
    private static final Set<FileKind> KINDS = EnumSet.complementOf(EnumSet.of(FileKind.DERIVED, FileKind.CONFIG));
    private final ReviewMarkingHandler review = new ReviewMarkingHandler();

    @Override
    public String id() {
        return "rename-propagation";
    }

    @Override
    public boolean supports(FileKind kind, EnhancedUpdateType type) {
        return type == EnhancedUpdateType.CASCADE_CHARACTER && KINDS.contains(kind);
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public HandlerResult apply(StepContext context) {
        Optional<String> from = context.change().text(FROM);
        Optional<String> to = context.change().text(TO);
        String file = context.step().file();
        if (from.isEmpty() || to.isEmpty()) {
            return review.mark(context, file, ReviewMarkingHandler.reason(context));
        }
        String text = context.project().text(file).orElseThrow(() -> new IllegalStateException(file + " was not scanned"));
        byte[] current = context.writer().read(file).orElseThrow(() -> new IllegalStateException(file + " does not exist"));
        if (!Utf8.decode(file, current).equals(text)) {
            throw new IllegalStateException(file + " changed since the scan; rename spans would not match");
        }
        List<Reference> spans = new ArrayList<>(context.project().referencesFrom(file).stream()
                .filter(r -> r.text().equals(from.get()) && r.end() > r.start())
                .toList());
        if (spans.isEmpty()) {
            return HandlerResult.unchanged("no occurrence of '" + from.get() + "'");
        }
        spans.sort(Comparator.comparingInt(Reference::start).reversed());
        StringBuilder out = new StringBuilder(text);
        int last = Integer.MAX_VALUE;
        int replaced = 0;
        for (Reference r : spans) {
            if (r.end() > last || !text.startsWith(from.get(), r.start())) {
                continue;
            }
            out.replace(r.start(), r.end(), to.get());
            last = r.start();
            replaced++;
        }
        context.writer().write(file, out.toString().getBytes(StandardCharsets.UTF_8));
        return HandlerResult.updated("renamed '" + from.get() + "' to '" + to.get() + "' in " + replaced + " place(s)");
    }
}
