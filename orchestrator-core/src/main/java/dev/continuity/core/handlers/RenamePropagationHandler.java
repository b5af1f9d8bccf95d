package dev.continuity.core.handlers;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link EnhancedUpdateType#CASCADE_CHARACTER}: propagates an entity's rename ({@code rename.from} to
 * {@code rename.to} in the change context) through a file, replacing exactly the spans where the scan found the old
 * name (YAML values, front matter, links, wikilinks, tags, headers and mentions in prose). No other byte changes.
 * Several renames at once (an entity's name and an alias) are lists of the same length, paired in order.
 * Without a rename in the context (an attribute change), the file is marked for review instead. Files of kind
 * {@code OTHER} are not rewritten (the review-marking handler marks them).
 */
public final class RenamePropagationHandler implements UpdateHandler {
    /** Context key of the old name: {@link ChangeContext#RENAME_FROM}. */
    public static final String FROM = ChangeContext.RENAME_FROM;
    /** Context key of the new name: {@link ChangeContext#RENAME_TO}. */
    public static final String TO = ChangeContext.RENAME_TO;
    /**
     * Not {@code OTHER}: a file no kind rule classifies is often another tool's data (a revision history, an export),
     * where the old name is a record of what was written; it is marked for review instead, as healing leaves it.
     */
    private static final Set<FileKind> KINDS = EnumSet.complementOf(EnumSet.of(FileKind.DERIVED, FileKind.CONFIG, FileKind.OTHER));
    private final ReviewMarkingHandler review = new ReviewMarkingHandler();

    /** The handler; stateless, so one instance serves every run. The orchestrator's builder registers one. */
    public RenamePropagationHandler() {}

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
        Map<String, String> renames = context.change().renames();
        String file = context.step().file();
        if (renames.isEmpty()) {
            return review.mark(context, file, ReviewMarkingHandler.reason(context));
        }
        String text = ScannedText.unchanged(context, file, "the rename");
        List<Reference> spans = new ArrayList<>(context.project().referencesFrom(file).stream()
                .filter(r -> renames.containsKey(r.text()) && r.end() > r.start())
                .toList());
        // the new name written here before the rename: after it, those places read as the renamed entity
        List<String> already = collisions(context.project().referencesFrom(file), renames);
        if (spans.isEmpty()) {
            String none = "no occurrence of " + String.join(", ", renames.keySet().stream().map(n -> "'" + n + "'").toList());
            if (!already.isEmpty()) {
                review.mark(context, file, collisionReason(already));
                return HandlerResult.updated(none + "; the new name was already written here, marked for review");
            }
            return HandlerResult.unchanged(none);
        }
        // the spans to replace: from the last, each one that ends before the one kept after it
        spans.sort(Comparator.comparingInt(Reference::start).reversed());
        java.util.ArrayDeque<Reference> kept = new java.util.ArrayDeque<>();
        int last = Integer.MAX_VALUE;
        for (Reference r : spans) {
            if (r.end() <= last && text.startsWith(r.text(), r.start())) {
                kept.addFirst(r);
                last = r.start();
            }
        }
        // then one forward pass: a file with many occurrences is rewritten in linear time
        StringBuilder out = new StringBuilder(text.length() + 16);
        int copied = 0;
        Map<String, Integer> replaced = new LinkedHashMap<>();
        renames.keySet().forEach(n -> replaced.put(n, 0));
        List<String> readings = new ArrayList<>();
        for (Reference r : kept) {
            out.append(text, copied, r.start()).append(renames.get(r.text()));
            copied = r.end();
            replaced.merge(r.text(), 1, Integer::sum);
            rubyAfter(text, r.start(), r.end()).ifPresent(reading -> readings.add("line " + r.line() + ": " + renames.get(r.text())
                    + " with the reading " + reading + " of " + r.text()));
        }
        out.append(text, copied, text.length());
        context.writer().write(file, out.toString().getBytes(StandardCharsets.UTF_8));
        List<String> parts = new ArrayList<>();
        replaced.forEach((from, n) -> {
            if (n > 0) {
                parts.add("'" + from + "' to '" + renames.get(from) + "' in " + n + " place(s)");
            }
        });
        String renamed = "renamed " + String.join(", ", parts);
        List<String> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!readings.isEmpty()) {
            // the reading (ruby) written for the old name is kept as written: whether it fits the new one is the writer's call
            reasons.add("a rename kept the ruby reading written for the old name: " + String.join("; ", readings) + "; check that it fits");
            notes.add(readings.size() + " ruby reading(s) kept as written and marked for review");
        }
        if (!already.isEmpty()) {
            reasons.add(collisionReason(already));
            notes.add("the new name was already written here, marked for review");
        }
        if (reasons.isEmpty()) {
            return HandlerResult.updated(renamed);
        }
        review.mark(context, file, String.join("; and ", reasons));
        return HandlerResult.updated(renamed + "; " + String.join("; ", notes));
    }

    /**
     * Where the file already mentions a new name of the rename before it is written ({@code Sergius Paulus} when
     * {@code Paul} becomes {@code Paulus}): "'Paulus' on line 7", one entry per name and line.
     */
    private static List<String> collisions(List<Reference> references, Map<String, String> renames) {
        java.util.Set<String> newNames = new java.util.HashSet<>(renames.values());
        newNames.removeAll(renames.keySet());      // a swap (A to B and B to A) is no collision
        return references.stream().filter(r -> r.kind() == dev.continuity.api.EdgeKind.MENTIONS && newNames.contains(r.text()))
                .map(r -> "'" + r.text() + "' on line " + r.line()).distinct().toList();
    }

    private static String collisionReason(List<String> already) {
        return "the new name was already written here before the rename (" + String.join(", ", already)
                + "); after it, those places read as the renamed entity: check that none of them is someone or something else";
    }

    /** {@code 《そうま》} (Narou, Kakuyomu, Aozora Bunko), {@code <rt>}, {@code {蒼真|そうま}} and {@code [[rb:蒼真 > そうま]]} rubies. */
    private static final java.util.regex.Pattern RUBY = java.util.regex.Pattern.compile(
            "《([^《》\\n]{1,40})》|(?:<rp>[^<\\n]{0,4}</rp>)?<rt>([^<\\n]{1,40})</rt>|\\|([^|{}\\n]{1,40})}| > ([^\\]\\n]{1,40})]]");

    /**
     * The ruby reading written right after a name that {@code start..end} spans: {@code 《…》} or {@code <rt>…</rt>}, or
     * the reading of {@code {name|…}} and {@code [[rb:name > …]]}, whose name the span is all of; empty when there is none.
     */
    static java.util.Optional<String> rubyAfter(String text, int start, int end) {
        java.util.regex.Matcher m = RUBY.matcher(text).region(end, Math.min(text.length(), end + 60));
        if (!m.lookingAt()) {
            return java.util.Optional.empty();
        }
        if (m.group(3) != null && !(start > 0 && text.charAt(start - 1) == '{')) {
            return java.util.Optional.empty();
        }
        if (m.group(4) != null && !text.startsWith("[[rb:", start - 5)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4));
    }
}
