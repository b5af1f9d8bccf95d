package dev.continuity.core.project;

import dev.continuity.api.EdgeKind;
import dev.continuity.api.FileKind;
import dev.continuity.api.ProjectFileException;
import dev.continuity.api.spi.RawReference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one file's text: YAML files, Markdown front matter, {@code Key: value} header blocks, and finds the syntactic
 * references (YAML keys, links, wikilinks, {@code @tag:} lines, headers). Mentions need every entity and are found later.
 */
final class SourceParser {
    /** {@code [text](dest)}, {@code [text](dest "title")} or {@code [text](<dest with spaces>)}; not an image. */
    private static final Pattern MD_LINK = Pattern.compile(
            "(?<!!)\\[[^\\]\\n]*\\]\\((?:<([^>\\n]+)>|((?:[^()\\s<]|\\([^()\\s]*\\))(?:[^()\\s]|\\([^()\\s]*\\))*))(?:\\s+(?:\"[^\"\\n]*\"|'[^'\\n]*'|\\([^)\\n]*\\)))?\\s*\\)");
    /** A link reference definition, {@code [label]: dest "title"}, which {@code [text][label]} links use; not a footnote. */
    private static final Pattern MD_DEFINITION = Pattern.compile(
            "(?m)^ {0,3}\\[(?!\\^)[^\\]\\n]+\\]:[ \\t]*(?:<([^>\\n]+)>|(\\S+))(?:[ \\t]+(?:\"[^\"\\n]*\"|'[^'\\n]*'|\\([^)\\n]*\\)))?[ \\t]*$");
    /** A path: with a folder, or with an extension (before any {@code #fragment}). */
    private static final Pattern PATH_LIKE = Pattern.compile("(?:.*/.*|[^#]*\\.[A-Za-z0-9]{1,5}(?:#.*)?)");
    private static final Pattern WIKILINK = Pattern.compile("\\[\\[([^\\]\\|\\n]+)(?:\\|[^\\]\\n]*)?\\]\\]");
    private static final Pattern TAG_LINE = Pattern.compile("(?m)^@([A-Za-z_][\\w-]*):[ \\t]*(.*)$");
    private static final Pattern FRONT_MATTER_KEY = Pattern.compile("[\\p{L}\\p{N}_-]+:(?:[ \\t]|\\r?$)");
    private static final Pattern HEADER_LINE = Pattern.compile("^([A-Za-z][A-Za-z0-9 _-]{0,40}):[ \\t]+(\\S.*)$");

    private final HardenedYaml yaml;
    private final ProjectConfig config;

    SourceParser(HardenedYaml yaml, ProjectConfig config) {
        this.yaml = yaml;
        this.config = config;
    }

    ParsedFile parse(String path, FileKind kind, long size, long modified, String hash, String text) {
        String lower = path.toLowerCase(Locale.ROOT);
        Optional<YamlNode> doc = Optional.empty();
        Map<String, ParsedFile.HeaderValue> headers = Map.of();
        int bodyOffset = 0;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            doc = yaml.parse(path, text);
            bodyOffset = text.length();
        } else {
            int[] fm = frontMatter(text);
            if (fm != null) {
                int lineOffset = countLines(text, fm[0]);
                doc = yaml.parse(path, text, fm[0], fm[1], lineOffset);
                if (doc.isPresent() && !(doc.get() instanceof YamlNode.Mapping)) {
                    throw new ProjectFileException(path, lineOffset + 1, "front matter must be a YAML mapping");
                }
                bodyOffset = fm[2];
            } else if (opensFrontMatter(text)) {
                throw new ProjectFileException(path, 1, "front matter is not closed: the '---' on line 1 is followed by 'key: value' lines"
                        + " but no line '---' (or '...') ends them, so none of its keys is read");
            } else {
                Map<String, ParsedFile.HeaderValue> h = new LinkedHashMap<>();
                bodyOffset = headerBlock(text, h);
                headers = h;
            }
        }
        List<RawReference> refs = new ArrayList<>();
        TextLines lines = new TextLines(text);
        ProjectConfig.ReferenceOptions opts = config.references();
        if (doc.isPresent() && (bodyOffset == text.length() || opts.frontMatter())) {
            yamlReferences(doc.get(), null, text, refs, opts, reviewNote(path, doc).orElse(null));
        }
        headers.forEach((key, hv) -> {
            if (opts.headers().contains(key)) {
                splitValues(hv.value(), hv.start(), ",").forEach(v -> refs.add(new RawReference(hv.line(), v.start, v.end, v.text, EdgeKind.REFERENCES, "header", "entity")));
            }
        });
        String body = text;
        if (opts.markdownLinks()) {
            for (Pattern pattern : new Pattern[] {MD_LINK, MD_DEFINITION}) {
                Matcher m = pattern.matcher(body).region(bodyOffset, body.length());
                while (m.find()) {
                    int group = m.group(1) != null ? 1 : 2;
                    String target = m.group(group);
                    if (target.contains("://") || target.startsWith("#") || target.startsWith("mailto:")
                            || (pattern == MD_DEFINITION && !PATH_LIKE.matcher(target).matches())) {
                        continue;            // a definition is a link only when it names a path: "[注]: 本文" is prose
                    }
                    int hashAt = target.indexOf('#');
                    String file = hashAt >= 0 ? target.substring(0, hashAt) : target;
                    int start = m.start(group);
                    refs.add(new RawReference(lines.lineOf(start), start, start + file.length(), file, EdgeKind.REFERENCES, "markdown-link", "file"));
                }
            }
        }
        if (opts.wikilinks()) {
            Matcher m = WIKILINK.matcher(body).region(bodyOffset, body.length());
            while (m.find()) {
                // [[note#heading]], [[note#^block]]: the note is the reference; [[#heading]] is a link within this file
                String inner = m.group(1);
                if (inner.startsWith("rb:") || inner.startsWith("jumpuri:")) {
                    continue;        // pixiv novel markup ([[rb:蒼真 > そうま]], a ruby), not a link
                }
                int hashAt = inner.indexOf('#');
                String note = hashAt >= 0 ? inner.substring(0, hashAt) : inner;
                String name = note.strip();
                if (name.isEmpty()) {
                    continue;
                }
                int start = m.start(1) + note.indexOf(name);
                refs.add(new RawReference(lines.lineOf(start), start, start + name.length(), name, EdgeKind.REFERENCES, "wikilink", "any"));
            }
        }
        Matcher t = TAG_LINE.matcher(body);
        while (t.find()) {
            String tag = t.group(1).toLowerCase(Locale.ROOT);
            if (opts.definingTags().contains(tag)) {
                continue;
            }
            if (opts.readsTag(tag)) {
                splitValues(t.group(2), t.start(2), ",").forEach(v -> refs.add(new RawReference(lines.lineOf(v.start), v.start, v.end, v.text, EdgeKind.REFERENCES, "tag", "entity")));
            }
        }
        for (ProjectConfig.ReferencePattern pattern : opts.patterns()) {
            if (pattern.glob().isEmpty() || pattern.glob().get().matches(path)) {
                patternReferences(path, text, lines, pattern, refs);
            }
        }
        return new ParsedFile(path, kind, size, modified, hash, text, doc, headers, bodyOffset, refs);
    }

    /**
     * The references a pattern of the project's own finds in a file. A regular expression of the config may take
     * exponential time on some text (nested quantifiers); the search gets a budget of character reads proportional to
     * the file's length, and a file that exhausts it is an error naming the pattern, not a scan that never ends.
     */
    private static void patternReferences(String path, String text, TextLines lines, ProjectConfig.ReferencePattern pattern,
                                          List<RawReference> refs) {
        Matcher m = pattern.regex().matcher(new BudgetedText(text, 200L * text.length() + 1_000_000L));
        try {
            while (m.find()) {
                String value = pattern.group(m);
                if (value == null || value.isBlank()) {
                    continue;
                }
                int start = pattern.start(m);
                String trimmed = value.strip();
                List<Value> values = pattern.split().isEmpty()
                        ? List.of(new Value(trimmed, start + value.indexOf(trimmed), start + value.indexOf(trimmed) + trimmed.length()))
                        : splitValues(value, start, pattern.split());
                for (Value v : values) {
                    refs.add(new RawReference(lines.lineOf(v.start), v.start, v.end, v.text, EdgeKind.REFERENCES, "pattern", pattern.target()));
                }
            }
        } catch (BudgetedText.Exhausted e) {
            throw new ProjectFileException(path, 0, "the reference pattern '" + pattern.regex().pattern()
                    + "' of the config takes too long on this file (it backtracks too much): simplify it");
        }
    }

    /** Text whose characters may be read a bounded number of times, so that a runaway regular expression stops. */
    private static final class BudgetedText implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super(null, null, false, false);
            }
        }

        private final String text;
        private final int offset;
        private final int length;
        private final long[] budget;

        BudgetedText(String text, long budget) {
            this(text, 0, text.length(), new long[] {budget});
        }

        private BudgetedText(String text, int offset, int length, long[] budget) {
            this.text = text;
            this.offset = offset;
            this.length = length;
            this.budget = budget;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new Exhausted();
            }
            return text.charAt(offset + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedText(text, offset + start, end - start, budget);
        }

        @Override
        public String toString() {
            return text.substring(offset, offset + length);
        }
    }

    /** The defining {@code @tag:} lines of a file, each as its name followed by its aliases, with positions. */
    List<List<Value>> definingTags(String text) {
        List<List<Value>> out = new ArrayList<>();
        Matcher t = TAG_LINE.matcher(text);
        while (t.find()) {
            if (config.references().definingTags().contains(t.group(1).toLowerCase(Locale.ROOT))) {
                List<Value> values = splitValues(t.group(2), t.start(2), "|");
                if (!values.isEmpty()) {
                    out.add(values);
                }
            }
        }
        return out;
    }

    /**
     * The review requests that review marking keeps in a Markdown file's front matter ({@code continuity: review: [...]}):
     * notes to the writer about this project, not its content, so no reference or mention is read from them (as none is
     * read from review sidecars). Empty for YAML files, whose review requests go to sidecars.
     */
    static Optional<YamlNode> reviewNote(String path, Optional<YamlNode> doc) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml") || doc.isEmpty() || !(doc.get() instanceof YamlNode.Mapping m)) {
            return Optional.empty();
        }
        return m.get("continuity").filter(YamlNode.Mapping.class::isInstance).flatMap(c -> ((YamlNode.Mapping) c).get("review"));
    }

    /**
     * The {@code [start, end)} spans of the values written in a file's {@linkplain #reviewNote review requests}: each
     * from where the value starts to the end of its line (review marking writes every value as one quoted line, and a
     * quoted value's written span is longer than the value when it has escapes).
     */
    static List<int[]> reviewNoteSpans(ParsedFile file) {
        List<int[]> spans = new ArrayList<>();
        reviewNote(file.path(), file.yaml()).ifPresent(note -> scalarSpans(note, file.text(), spans));
        return spans;
    }

    private static void scalarSpans(YamlNode node, String text, List<int[]> out) {
        switch (node) {
            case YamlNode.Mapping m -> m.entries().values().forEach(v -> scalarSpans(v, text, out));
            case YamlNode.Sequence s -> s.items().forEach(i -> scalarSpans(i, text, out));
            case YamlNode.Scalar s -> {
                int eol = text.indexOf('\n', s.start());
                out.add(new int[] {s.start(), Math.max(s.end(), eol < 0 ? text.length() : eol)});
            }
            case YamlNode.Null n -> { }
        }
    }

    private void yamlReferences(YamlNode node, String key, String text, List<RawReference> refs, ProjectConfig.ReferenceOptions opts,
                                YamlNode skipped) {
        if (node == skipped) {
            return;
        }
        switch (node) {
            case YamlNode.Mapping m -> m.entries().forEach((k, v) -> yamlReferences(v, k, text, refs, opts, skipped));
            case YamlNode.Sequence s -> s.items().forEach(i -> yamlReferences(i, key, text, refs, opts, skipped));
            case YamlNode.Scalar s -> {
                if (key == null) {
                    return;
                }
                boolean child = opts.childKeys().contains(key);
                if (child || opts.yamlKeys().contains(key)) {
                    int start = text.indexOf(s.value(), s.start());
                    if (start < 0 || s.value().isBlank()) {
                        return;
                    }
                    refs.add(new RawReference(s.line(), start, start + s.value().length(), s.value(),
                            child ? EdgeKind.CONTAINS : EdgeKind.REFERENCES, "yaml-key", "any"));
                }
            }
            case YamlNode.Null n -> { }
        }
    }

    /** A value in a list, with its span. */
    record Value(String text, int start, int end) {}

    static List<Value> splitValues(String value, int base, String separator) {
        List<Value> out = new ArrayList<>();
        int from = 0;
        while (from <= value.length()) {
            int sep = value.indexOf(separator, from);
            int to = sep < 0 ? value.length() : sep;
            String part = value.substring(from, to);
            String trimmed = part.strip();
            if (!trimmed.isEmpty()) {
                int s = base + from + part.indexOf(trimmed);
                out.add(new Value(trimmed, s, s + trimmed.length()));
            }
            if (sep < 0) {
                break;
            }
            from = sep + separator.length();
        }
        return out;
    }

    /**
     * Whether the text opens front matter that {@link #frontMatter} found no end of: a first line {@code ---} (after a
     * BOM, trailing blanks allowed) whose next non-blank line is {@code key: value} or {@code key:}, the key a single
     * word (letters, digits, {@code _}, {@code -}). Markdown may begin with a thematic break {@code ---}; followed by
     * prose ({@code Chapter 1: The beginning} has no one-word key) it is not front matter, and the file reads as text.
     */
    static boolean opensFrontMatter(String text) {
        int p = text.startsWith("\uFEFF") ? 1 : 0;
        if (!text.startsWith("---", p)) {
            return false;
        }
        int eol = text.indexOf('\n', p);
        if (eol < 0 || !text.substring(p + 3, eol).strip().isEmpty()) {
            return false;
        }
        int i = eol + 1;
        while (i < text.length()) {
            int e = text.indexOf('\n', i);
            String line = e < 0 ? text.substring(i) : text.substring(i, e);
            if (!line.isBlank()) {
                return FRONT_MATTER_KEY.matcher(line).lookingAt();
            }
            if (e < 0) {
                break;
            }
            i = e + 1;
        }
        return false;
    }

    /** {@code [yamlStart, yamlEnd, bodyStart]} of a front matter block, or null. */
    static int[] frontMatter(String text) {
        int p = text.startsWith("\uFEFF") ? 1 : 0;
        if (!text.startsWith("---", p)) {
            return null;
        }
        int eol = text.indexOf('\n', p);
        if (eol < 0 || !text.substring(p + 3, eol).strip().isEmpty()) {
            return null;
        }
        int start = eol + 1;
        int i = start;
        while (i <= text.length()) {
            int e = text.indexOf('\n', i);
            String line = (e < 0 ? text.substring(i) : text.substring(i, e)).replace("\r", "");
            String fence = line.stripTrailing();
            if (fence.equals("---") || fence.equals("...")) {
                return new int[] {start, i, e < 0 ? text.length() : e + 1};
            }
            if (e < 0) {
                return null;
            }
            i = e + 1;
        }
        return null;
    }

    /** Reads a leading {@code Key: value} block (Manuskript); returns where the body starts (0 if none). */
    private static int headerBlock(String text, Map<String, ParsedFile.HeaderValue> out) {
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int line = 1;
        int end = i;
        while (i < text.length()) {
            int e = text.indexOf('\n', i);
            String raw = e < 0 ? text.substring(i) : text.substring(i, e);
            String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            Matcher m = HEADER_LINE.matcher(l);
            if (!m.matches()) {
                break;
            }
            String value = m.group(2).strip();
            out.putIfAbsent(m.group(1).strip(), new ParsedFile.HeaderValue(value, line, i + m.start(2)));
            line++;
            end = e < 0 ? text.length() : e + 1;
            i = end;
        }
        if (out.isEmpty()) {
            return 0;
        }
        return end;
    }

    private static int countLines(String text, int upTo) {
        int n = 0;
        for (int i = 0; i < upTo; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
