package dev.continuity.healing.fix;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.core.project.YamlNode;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Documents;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.StoryDates;
import dev.continuity.healing.internal.StoryModel;
import dev.continuity.healing.internal.TextEdits;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Reorders or re-dates timeline entries that contradict their dependencies.
 * <ul>
 *   <li>{@value IssueTypes#TIMELINE_CAUSE_ORDER}, dated before its cause: re-dates the event to the date the
 *       chapters telling it agree on, when that date lies after all its causes and before all its effects; else tries
 *       the same for the cause; else {@code NEEDS_HUMAN} with the window of possible dates.</li>
 *   <li>{@value IssueTypes#TIMELINE_CAUSE_ORDER}, listed before its cause: moves the event's entry (its lines, byte
 *       for byte, with the comment lines directly above it) to just after the cause's entry.</li>
 *   <li>{@value IssueTypes#CHAPTER_DATE_ORDER}: re-dates the chapter's {@code story_date} to the timeline date of its
 *       first event, when that restores the order.</li>
 * </ul>
 * Dates are written in the style and the precision of the date they replace ({@code 1024-03} stays a month).
 */
public final class TimelineRepairStrategy implements FixStrategy {

    /** Creates the strategy; {@link java.util.ServiceLoader} and {@code BuiltIns} call this. */
    public TimelineRepairStrategy() {
    }
    @Override
    public String id() {
        return "timeline-repair";
    }

    @Override
    public boolean canFix(ConsistencyIssue issue) {
        return issue.type().equals(IssueTypes.TIMELINE_CAUSE_ORDER) || issue.type().equals(IssueTypes.CHAPTER_DATE_ORDER);
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public FixResult apply(ConsistencyIssue issue, FixContext context) {
        StoryModel model = StoryModel.of(context.project(), HealingConfig.of(context.project()));
        return issue.type().equals(IssueTypes.CHAPTER_DATE_ORDER) ? chapter(issue, context, model) : cause(issue, context, model);
    }

    private FixResult cause(ConsistencyIssue issue, FixContext context, StoryModel model) {
        String[] ids = Issues.subject(issue).split("<", 2);
        if (ids.length != 2) {
            return FixResult.notApplicable("not an issue of the built-in timeline detector: " + issue.id());
        }
        StoryModel.Event effect = model.events().get(ids[0]);
        StoryModel.Event cause = model.events().get(ids[1]);
        if (effect == null || cause == null) {
            return FixResult.notApplicable("event " + ids[0] + " or " + ids[1] + " is no longer in the timeline");
        }
        if (effect.date().isPresent() && cause.date().isPresent() && effect.date().get().isBefore(cause.date().get())) {
            for (StoryModel.Event e : List.of(effect, cause)) {
                Optional<LocalDate> d = model.corroboratedDate(e);
                if (d.isPresent() && e.dateNode().isPresent() && (e == effect ? !d.get().isBefore(cause.date().get()) : !d.get().isAfter(effect.date().get()))) {
                    return redate(context, e.file(), e.dateNode().get(), d.get(), e.id() + " (" + e.title() + ")",
                            "the date of " + model.chaptersTelling(e.id()).stream().map(StoryModel.Chapter::file).toList() + ", which tell it");
                }
            }
            StoryModel.Window w = model.window(effect);
            return FixResult.needsHuman(effect.id() + " (" + effect.date().get() + ") precedes its cause " + cause.id() + " (" + cause.date().get()
                    + "); no chapter corroborates a date for either; " + effect.id() + " may lie between " + show(w.from()) + " and " + show(w.to()));
        }
        if (effect.file().equals(cause.file()) && effect.index() < cause.index()) {
            return move(context, effect, cause);
        }
        return FixResult.notApplicable(effect.id() + " no longer precedes its cause " + cause.id());
    }

    private static String show(LocalDate d) {
        return d.equals(LocalDate.MIN) || d.equals(LocalDate.MAX) ? "(open)" : d.toString();
    }

    private FixResult chapter(ConsistencyIssue issue, FixContext context, StoryModel model) {
        Optional<StoryModel.Chapter> chapter = model.chapters().stream().filter(c -> c.file().equals(issue.file())).findFirst();
        if (chapter.isEmpty() || chapter.get().storyDateNode().isEmpty()) {
            return FixResult.notApplicable(issue.file() + " has no story date any more");
        }
        Optional<LocalDate> suggested = issue.suggestion().flatMap(StoryDates::parse);
        Optional<LocalDate> fromTimeline = model.eventDate(chapter.get());
        if (suggested.isEmpty() || !suggested.equals(fromTimeline)) {
            return FixResult.needsHuman(issue.file() + ": the story date " + chapter.get().storyDateNode().map(n -> n.value().strip()).orElse("?")
                    + " is out of order and the timeline offers no date that restores the order" + fromTimeline.map(d -> " (its events are dated " + d + ")").orElse(""));
        }
        return redate(context, issue.file(), chapter.get().storyDateNode().get(), suggested.get(), chapter.get().label(),
                "the timeline date of its events " + chapter.get().events());
    }

    private FixResult redate(FixContext context, String file, YamlNode.Scalar node, LocalDate date, String what, String because) {
        Optional<String> text = Edits.current(context, file);
        if (text.isEmpty()) {
            return FixResult.failed(file + " changed since it was scanned");
        }
        String old = text.get().substring(node.start(), node.end());
        String replacement = StoryDates.format(date, old);
        Edits.write(context, file, text.get(), List.of(new TextEdits.Edit(node.start(), node.end(), old, replacement)));
        return FixResult.applied("re-dated " + what + " in " + file + ":" + node.line() + " from " + old.strip() + " to " + replacement + ", " + because);
    }

    private FixResult move(FixContext context, StoryModel.Event effect, StoryModel.Event cause) {
        Optional<String> current = Edits.current(context, effect.file());
        Optional<YamlNode.Sequence> list = Documents.mapping(context.project(), effect.file())
                .flatMap(m -> m.get(HealingConfig.of(context.project()).timeline().events()))
                .filter(n -> n instanceof YamlNode.Sequence).map(n -> (YamlNode.Sequence) n);
        if (current.isEmpty() || list.isEmpty()) {
            return FixResult.failed(effect.file() + " changed since it was scanned");
        }
        String text = current.get();
        int[] e = block(text, list.get(), effect.index());
        int[] c = block(text, list.get(), cause.index());
        if (e == null || c == null || e[1] > c[0]) {
            return FixResult.needsHuman("cannot find the entries of " + effect.id() + " and " + cause.id() + " line by line; move " + effect.id() + " by hand");
        }
        String eol = text.contains("\r\n") ? "\r\n" : "\n";
        String moved = text.substring(e[0], e[1]);
        String causeBlock = text.substring(c[0], c[1]);
        if (!causeBlock.endsWith("\n")) {
            causeBlock = causeBlock + eol;
            moved = moved.endsWith(eol) ? moved.substring(0, moved.length() - eol.length()) : moved;
        }
        String updated = text.substring(0, e[0]) + text.substring(e[1], c[0]) + causeBlock + moved + text.substring(c[1]);
        context.writer().write(effect.file(), updated.getBytes(StandardCharsets.UTF_8));
        return FixResult.applied("moved " + effect.id() + " (" + effect.title() + ") after its cause " + cause.id() + " in " + effect.file());
    }

    /**
     * The char range of item {@code i}'s lines: from its leading comment (or its dash line) to the next item's leading
     * comment (or dash line, or the end of the list).
     */
    static int[] block(String text, YamlNode.Sequence list, int i) {
        if (i < 0 || i >= list.items().size()) {
            return null;
        }
        int startLine = dashLine(text, list.items().get(i).line());
        int start = TextEdits.lineStart(text, startLine);
        String first = text.substring(start, lineEnd(text, start));
        int dashIndent = first.indexOf('-');
        if (dashIndent < 0 || !first.substring(0, dashIndent).isBlank()) {
            return null;
        }
        int end;
        if (i + 1 < list.items().size()) {
            end = withLeadingComments(text, TextEdits.lineStart(text, dashLine(text, list.items().get(i + 1).line())), dashIndent);
        } else {
            end = text.length();
            int p = lineEnd(text, start) + 1;
            while (p < text.length()) {
                int le = lineEnd(text, p);
                String line = text.substring(p, le).replace("\r", "");
                String stripped = line.strip();
                int indent = line.length() - line.stripLeading().length();
                if (!stripped.isEmpty() && !stripped.startsWith("#") && (indent < dashIndent || indent == dashIndent && !stripped.startsWith("-"))) {
                    end = p;
                    break;
                }
                p = le + 1;
            }
        }
        return new int[] {withLeadingComments(text, start, dashIndent), Math.min(end, text.length())};
    }

    /**
     * Where an item's leading comment starts: the comment lines (indented at least as far as the dash) directly above
     * the line starting at {@code start}, with no blank line between; they belong to the item and move with it.
     */
    private static int withLeadingComments(String text, int start, int dashIndent) {
        int s = start;
        while (s > 0) {
            int prevStart = text.lastIndexOf('\n', s - 2) + 1;
            String line = text.substring(prevStart, s - 1).replace("\r", "");
            String stripped = line.strip();
            if (!stripped.startsWith("#") || line.length() - line.stripLeading().length() < dashIndent) {
                break;
            }
            s = prevStart;
        }
        return s;
    }

    private static int dashLine(String text, int line) {
        String l = TextEdits.quoteLine(text, line, Integer.MAX_VALUE);
        if (!l.startsWith("-") && line > 1 && TextEdits.quoteLine(text, line - 1, Integer.MAX_VALUE).equals("-")) {
            return line - 1;
        }
        return line;
    }

    private static int lineEnd(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }
}
