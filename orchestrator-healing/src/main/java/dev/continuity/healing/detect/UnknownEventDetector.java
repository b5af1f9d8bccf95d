package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FileKind;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.YamlNode;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Documents;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.StoryModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@value IssueTypes#UNKNOWN_EVENT}: a list of events outside the timeline (a chapter's {@code events}, an outline's
 * {@code key_events}: any list under a key that names events, {@code event} or {@code イベント} or {@code 出来事} in it)
 * that names an event id the timeline does not define. An id counts only when it is written the way the timeline's ids
 * are ({@code E22} where the timeline has {@code E01}…{@code E21}: the same letters, digits where it has digits), so
 * free text in such a list is left alone; a project without a timeline has nothing to check. There is no automatic fix:
 * whether the event is missing from the timeline or the id is wrong is the writer's call.
 */
public final class UnknownEventDetector extends ConfiguredDetector {
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public UnknownEventDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public UnknownEventDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.UNKNOWN_EVENT;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        StoryModel model = StoryModel.of(project, config);
        Map<String, StoryModel.Event> events = model.events();
        if (events.isEmpty()) {
            return List.of();
        }
        List<Pattern> shapes = events.keySet().stream().map(UnknownEventDetector::shape).distinct().map(Pattern::compile).toList();
        Set<String> timelines = events.values().stream().map(StoryModel.Event::file).collect(Collectors.toCollection(TreeSet::new));
        List<ConsistencyIssue> out = new ArrayList<>();
        for (String file : project.files()) {
            if (timelines.contains(file) || project.kind(file).filter(k -> k == FileKind.TIMELINE || k == FileKind.CONFIG).isPresent()) {
                continue;
            }
            Optional<YamlNode> yaml = Documents.yaml(project, file);
            yaml.ifPresent(node -> walk(node, null, file, events, shapes, timelines, config, out));
        }
        return out;
    }

    private void walk(YamlNode node, String key, String file, Map<String, StoryModel.Event> events, List<Pattern> shapes, Set<String> timelines,
                      HealingConfig config, List<ConsistencyIssue> out) {
        if (node instanceof YamlNode.Mapping m) {
            m.entries().forEach((k, v) -> walk(v, k, file, events, shapes, timelines, config, out));
        } else if (node instanceof YamlNode.Sequence seq) {
            boolean eventList = key != null && namesEvents(key, config);
            for (YamlNode item : seq.items()) {
                if (eventList && item instanceof YamlNode.Scalar s) {
                    String id = s.value().strip();
                    if (!events.containsKey(id) && shapes.stream().anyMatch(p -> p.matcher(id).matches())) {
                        out.add(Issues.issue(id(), id(), Severity.WARNING, file, s.line(), key + ":" + id, Optional.empty(),
                                key + " names event " + id + ", which the timeline does not define",
                                List.of(String.join(", ", timelines) + " define" + (timelines.size() == 1 ? "s" : "") + " " + events.size()
                                        + " events: " + range(events.keySet())), Optional.empty()));
                    }
                } else {
                    walk(item, key, file, events, shapes, timelines, config, out);
                }
            }
        }
    }

    private static boolean namesEvents(String key, HealingConfig config) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals(config.chapters().events().toLowerCase(Locale.ROOT)) || k.contains("event") || k.contains("イベント") || k.contains("出来事");
    }

    /** The shape of an id: {@code E01} is {@code E\d+}. */
    private static String shape(String id) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = DIGITS.matcher(id);
        int last = 0;
        while (m.find()) {
            out.append(Pattern.quote(id.substring(last, m.start()))).append("\\d+");
            last = m.end();
        }
        return out.append(Pattern.quote(id.substring(last))).toString();
    }

    private static String range(Set<String> ids) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(ids));
        return sorted.size() <= 3 ? String.join(", ", sorted) : sorted.getFirst() + " … " + sorted.getLast();
    }
}
