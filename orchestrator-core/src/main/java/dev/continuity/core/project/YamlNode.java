package dev.continuity.core.project;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it was written, so that references can point at exact spans and be
 * rewritten without touching any other byte.
 */
public sealed interface YamlNode {

    /** 1-based line where the node starts. */
    int line();

    /** Char offset where the node starts. */
    int start();

    /** The node as plain Java: maps, lists, strings (scalars are always strings). */
    Object toPlain();

    /** A scalar; {@code start}/{@code end} delimit its text as written (quotes excluded where present). */
    record Scalar(String value, int line, int start, int end) implements YamlNode {
        @Override
        public Object toPlain() {
            return value;
        }
    }

    /** A sequence. */
    record Sequence(List<YamlNode> items, int line, int start) implements YamlNode {
        /** Copies {@code items}. */
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(i.toPlain()));
            return Collections.unmodifiableList(out);
        }
    }

    /** A mapping; keys are strings, in document order. */
    record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line, int start) implements YamlNode {
        /** Copies both maps, keeping the document order. */
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLines = Collections.unmodifiableMap(new LinkedHashMap<>(keyLines));
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            entries.forEach((k, v) -> out.put(k, v.toPlain()));
            return Collections.unmodifiableMap(out);
        }

        /**
         * The value of a key.
         *
         * @param key the key, as written
         * @return its value (a {@link Null} for an explicit null); empty when the mapping has no such key
         */
        public java.util.Optional<YamlNode> get(String key) {
            return java.util.Optional.ofNullable(entries.get(key));
        }
    }

    /** An explicit null ({@code ~}, {@code null} or nothing). */
    record Null(int line, int start) implements YamlNode {
        @Override
        public Object toPlain() {
            return "";
        }
    }
}
