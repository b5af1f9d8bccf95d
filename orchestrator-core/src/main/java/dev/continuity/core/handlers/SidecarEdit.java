package dev.continuity.core.handlers;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds a review entry to an existing sidecar's {@code continuity.review} list by inserting text where it belongs,
 * guided by the positions of SnakeYAML's node tree, so that comments and every other byte are kept. The result is
 * parsed again and compared with the old content plus the entry; anything else is refused.
 */
final class SidecarEdit {
    private SidecarEdit() {}

    static String add(String sidecar, String old, ReviewMarkingHandler.ReviewEntry review) {
        String eol = old.contains("\r\n") ? "\r\n" : "\n";
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("reason", review.reason());
        entry.put("source", review.source());
        entry.put("execution", review.execution());
        entry.put("at", review.at().toString());
        Node root;
        Object before;
        try {
            Iterator<Node> docs = yaml().composeAll(new StringReader(old)).iterator();
            root = docs.hasNext() ? docs.next() : null;
            if (docs.hasNext()) {
                throw refused(sidecar, "it holds more than one YAML document");
            }
            before = root == null ? null : yaml().load(old);
        } catch (YAMLException e) {
            throw refused(sidecar, "it is not valid YAML (" + e.getMessage().strip().replaceAll("\\s+", " ") + ")");
        }
        Edit edit = new Edit(old, eol, entry);
        String updated;
        if (root == null) {
            updated = old + (old.isEmpty() || old.endsWith("\n") ? "" : eol) + "continuity:" + eol + "  review:" + eol + edit.blockItem(4) + eol;
        } else if (root instanceof MappingNode top) {
            updated = edit.intoContinuity(sidecar, top);
        } else {
            throw refused(sidecar, "its top level is not a mapping");
        }
        if (!expected(before, entry).equals(load(updated))) {
            throw refused(sidecar, "the entry could not be inserted without changing its other content");
        }
        return updated;
    }

    /** The review entries of a sidecar's {@code continuity.review} list; none when it is not valid YAML or holds none. */
    static List<ReviewMarkingHandler.ReviewEntry> entries(String sidecar) {
        if (!(load(sidecar) instanceof Map<?, ?> top) || !(top.get("continuity") instanceof Map<?, ?> continuity)
                || !(continuity.get("review") instanceof List<?> review)) {
            return List.of();
        }
        List<ReviewMarkingHandler.ReviewEntry> out = new ArrayList<>();
        for (Object item : review) {
            if (item instanceof Map<?, ?> m && m.get("reason") instanceof String reason && m.get("source") instanceof String source
                    && m.get("execution") instanceof String execution) {
                java.time.Instant at;
                try {
                    at = java.time.Instant.parse(String.valueOf(m.get("at")));
                } catch (java.time.format.DateTimeParseException e) {
                    at = java.time.Instant.EPOCH;
                }
                out.add(new ReviewMarkingHandler.ReviewEntry(reason, source, execution, at));
            }
        }
        return List.copyOf(out);
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        return new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(new DumperOptions()), new DumperOptions(), options);
    }

    private static Object load(String text) {
        try {
            return yaml().load(text);
        } catch (YAMLException e) {
            return "unparseable: " + e.getMessage();
        }
    }

    @SuppressWarnings("unchecked")
    private static Object expected(Object before, Map<String, Object> entry) {
        Map<Object, Object> top = before == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<Object, Object>) before);
        Object c = top.get("continuity");
        Map<Object, Object> continuity = c instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<Object, Object>) m) : new LinkedHashMap<>();
        Object r = continuity.get("review");
        List<Object> review = r instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        review.add(entry);
        continuity.put("review", review);
        top.put("continuity", continuity);
        return top;
    }

    private static ReviewMarkingHandler.UneditableSidecarException refused(String sidecar, String why) {
        return new ReviewMarkingHandler.UneditableSidecarException("cannot add a review entry to " + sidecar + ": " + why
                + "; it was left as it is: make it a YAML mapping with a 'continuity: review:' list (or remove it)");
    }

    /** The text edits; offsets are char offsets into {@code text}. */
    private record Edit(String text, String eol, Map<String, Object> entry) {

        String intoContinuity(String sidecar, MappingNode top) {
            NodeTuple continuity = find(top, "continuity");
            if (continuity == null) {
                return insertKey(top, "continuity", "{review: [" + flowItem() + "]}",
                        col -> eol + " ".repeat(col + 2) + "review:" + eol + blockItem(col + 4));
            }
            Node value = continuity.getValueNode();
            if (isNull(value)) {
                return replaceNull(continuity, col -> eol + " ".repeat(col + 2) + "review:" + eol + blockItem(col + 4));
            }
            if (!(value instanceof MappingNode cm)) {
                throw refused(sidecar, "its 'continuity' is not a mapping");
            }
            NodeTuple review = find(cm, "review");
            if (review == null) {
                return insertKey(cm, "review", "[" + flowItem() + "]", col -> eol + blockItem(col + 2));
            }
            Node list = review.getValueNode();
            if (isNull(list)) {
                return replaceNull(review, col -> eol + blockItem(col + 2));
            }
            if (!(list instanceof SequenceNode seq)) {
                throw refused(sidecar, "its 'continuity.review' is not a list");
            }
            if (seq.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                int close = index(seq.getEndMark().getIndex()) - 1;
                return text.substring(0, close) + (seq.getValue().isEmpty() ? "" : ", ") + flowItem() + text.substring(close);
            }
            int col = seq.getValue().getFirst().getStartMark().getColumn();
            int dash = index(seq.getValue().getFirst().getStartMark().getIndex());
            // the item node starts after "- "; the dash is the first '-' before it
            int lineStart = text.lastIndexOf('\n', dash - 1) + 1;
            int dashCol = text.substring(lineStart, dash).lastIndexOf('-');
            return insertLines(lastLeafEnd(seq), blockItem(dashCol >= 0 ? dashCol : Math.max(0, col - 2)));
        }

        private String insertKey(MappingNode m, String key, String flowValue, java.util.function.IntFunction<String> blockValue) {
            if (m.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                int close = index(m.getEndMark().getIndex()) - 1;
                return text.substring(0, close) + (m.getValue().isEmpty() ? "" : ", ") + key + ": " + flowValue + text.substring(close);
            }
            int col = m.getValue().getFirst().getKeyNode().getStartMark().getColumn();
            return insertLines(lastLeafEnd(m), " ".repeat(col) + key + ":" + blockValue.apply(col));
        }

        /** Replaces a key's null value ({@code key:}, {@code key: ~}) with a block value. */
        private String replaceNull(NodeTuple t, java.util.function.IntFunction<String> blockValue) {
            int col = t.getKeyNode().getStartMark().getColumn();
            int colon = text.indexOf(':', index(t.getKeyNode().getEndMark().getIndex()));
            Node v = t.getValueNode();
            int vs = index(v.getStartMark().getIndex());
            int ve = index(v.getEndMark().getIndex());
            int end = ve > vs ? ve : colon + 1;
            return text.substring(0, colon + 1) + blockValue.apply(col) + text.substring(end);
        }

        /** Inserts whole lines (without their final end of line) after the line where {@code offset} is. */
        private String insertLines(int offset, String lines) {
            if (offset > 0 && text.charAt(offset - 1) == '\n') {
                return text.substring(0, offset) + lines + eol + text.substring(offset);
            }
            int nl = text.indexOf('\n', offset);
            if (nl < 0) {
                return text + eol + lines + eol;
            }
            return text.substring(0, nl + 1) + lines + eol + text.substring(nl + 1);
        }

        private int lastLeafEnd(Node n) {
            if (n instanceof MappingNode m && m.getFlowStyle() != DumperOptions.FlowStyle.FLOW && !m.getValue().isEmpty()) {
                return lastLeafEnd(m.getValue().getLast().getValueNode());
            }
            if (n instanceof SequenceNode s && s.getFlowStyle() != DumperOptions.FlowStyle.FLOW && !s.getValue().isEmpty()) {
                return lastLeafEnd(s.getValue().getLast());
            }
            return index(n.getEndMark().getIndex());
        }

        /** SnakeYAML counts code points; Java strings count chars. */
        private int index(int codePoints) {
            return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        }

        String blockItem(int indent) {
            String pad = " ".repeat(indent);
            StringBuilder b = new StringBuilder();
            boolean first = true;
            for (Map.Entry<String, Object> e : entry.entrySet()) {
                if (!first) {
                    b.append(eol);
                }
                b.append(pad).append(first ? "- " : "  ").append(e.getKey()).append(": ").append(ReviewMarkingHandler.quote((String) e.getValue()));
                first = false;
            }
            return b.toString();
        }

        String flowItem() {
            StringBuilder b = new StringBuilder("{");
            entry.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append(": ").append(ReviewMarkingHandler.quote((String) v)));
            return b.append('}').toString();
        }

        private static NodeTuple find(MappingNode m, String key) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t;
                }
            }
            return null;
        }

        private static boolean isNull(Node n) {
            return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
        }
    }
}
