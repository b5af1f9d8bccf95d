package dev.continuity.core.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.continuity.api.ProjectFileException;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jackson YAML with explicit limits. Refuses what a project file has no business containing and what Jackson would
 * otherwise let through silently: anchors, aliases (Jackson turns them into plain strings, so an alias bomb would
 * not even be noticed), explicit {@code !!} tags, duplicate keys, a second document, nesting deeper than
 * {@link Limits#maxDepth()}, strings and documents over their size limits. Every error names the file and line.
 */
public final class HardenedYaml {

    /**
     * The limits a document must respect.
     *
     * @param maxDepth          maximum nesting of mappings and sequences
     * @param maxStringLength   maximum length of one scalar, in chars
     * @param maxDocumentLength maximum document length, in chars
     */
    public record Limits(int maxDepth, int maxStringLength, int maxDocumentLength) {
        /** Rejects a limit below 1 with an {@link IllegalArgumentException}. */
        public Limits {
            if (maxDepth < 1 || maxStringLength < 1 || maxDocumentLength < 1) {
                throw new IllegalArgumentException("YAML limits must be positive: depth " + maxDepth + ", string " + maxStringLength + ", document " + maxDocumentLength);
            }
        }

        /** {@return the defaults: depth 64, strings of 1 Mi chars, documents of 8 Mi chars} */
        public static Limits defaults() {
            return new Limits(64, 1 << 20, 8 << 20);
        }
    }

    private final Limits limits;
    private final YAMLFactory factory;

    /**
     * A parser with the given limits; it is thread-safe and may be shared.
     *
     * @param limits the nesting depth and the string and document lengths a document may reach
     */
    public HardenedYaml(Limits limits) {
        this.limits = limits;
        LoaderOptions loader = new LoaderOptions();
        loader.setAllowDuplicateKeys(false);
        loader.setMaxAliasesForCollections(0);
        loader.setNestingDepthLimit(limits.maxDepth() + 1);
        loader.setCodePointLimit(Math.max(limits.maxDocumentLength(), 1));
        this.factory = YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 1)
                        .maxStringLength(limits.maxStringLength())
                        .maxDocumentLength(limits.maxDocumentLength())
                        .build())
                .build();
    }

    /** A parser with {@link Limits#defaults()}. */
    public HardenedYaml() {
        this(Limits.defaults());
    }

    /** {@return the limits documents are held to} */
    public Limits limits() {
        return limits;
    }

    /**
     * Parses one YAML document.
     *
     * @param file       the file, for errors
     * @param text       the whole file's text
     * @param from       where the YAML starts in {@code text} (after front matter's opening fence), offsets stay file-relative
     * @param to         where it ends
     * @param lineOffset lines before {@code from}
     * @return the root, or empty for an empty document
     */
    public Optional<YamlNode> parse(String file, String text, int from, int to, int lineOffset) {
        if (to - from > limits.maxDocumentLength()) {
            throw new ProjectFileException(file, 0, "YAML document of " + (to - from) + " chars exceeds the limit of " + limits.maxDocumentLength());
        }
        if (from < to && text.charAt(from) == '\uFEFF') {
            // a byte order mark (Windows editors write one) is no content: the document starts after it, and the
            // offsets of its nodes still count it (replacing it by a space would indent the first line of a mapping)
            from++;
        }
        String yaml = text.substring(from, to);
        try (YAMLParser parser = (YAMLParser) factory.createParser(new StringReader(yaml))) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            YamlNode root = read(parser, file, from, lineOffset, 1);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw error(file, parser, lineOffset, "trailing content after the YAML document (a second document is not allowed)");
            }
            return Optional.of(root);
        } catch (ProjectFileException e) {
            throw e;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr() + lineOffset;
            org.yaml.snakeyaml.error.MarkedYAMLException marked = marked(e);
            if (marked != null && marked.getProblemMark() != null) {
                throw new ProjectFileException(file, marked.getProblemMark().getLine() + 1 + lineOffset,
                        "malformed YAML: " + describe(marked, lineOffset), e);
            }
            throw new ProjectFileException(file, line, "malformed YAML: " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException | RuntimeException e) {
            throw new ProjectFileException(file, 0, "malformed YAML: " + oneLine(e.getMessage()), e);
        }
    }

    private static org.yaml.snakeyaml.error.MarkedYAMLException marked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }

    /**
     * SnakeYAML's problem on one line, its positions counted in the file ({@code lineOffset} lines precede the YAML,
     * as in front matter): "while parsing a flow sequence (from line 3, column 7): expected ',' or ']', but got
     * &lt;block mapping start&gt; (line 4, column 1)".
     */
    private static String describe(org.yaml.snakeyaml.error.MarkedYAMLException m, int lineOffset) {
        StringBuilder b = new StringBuilder();
        if (m.getContext() != null) {
            b.append(oneLine(m.getContext()));
            if (m.getContextMark() != null) {
                b.append(" (from ").append(position(m.getContextMark(), lineOffset)).append(')');
            }
            b.append(": ");
        }
        b.append(m.getProblem() == null ? "unreadable" : oneLine(m.getProblem()));
        b.append(" (").append(position(m.getProblemMark(), lineOffset)).append(')');
        return b.toString();
    }

    private static String position(org.yaml.snakeyaml.error.Mark mark, int lineOffset) {
        return "line " + (mark.getLine() + 1 + lineOffset) + ", column " + (mark.getColumn() + 1);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s+", " ");
    }

    /** Parses a whole file as one YAML document. */
    public Optional<YamlNode> parse(String file, String text) {
        return parse(file, text, 0, text.length(), 0);
    }

    private YamlNode read(YAMLParser p, String file, int base, int lineOffset, int depth) throws IOException {
        if (depth > limits.maxDepth()) {
            throw error(file, p, lineOffset, "YAML nesting deeper than " + limits.maxDepth() + " levels");
        }
        checkNoAnchorOrTag(p, file, lineOffset);
        JsonToken t = p.currentToken();
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr() + lineOffset;
        int start = base + (int) loc.getCharOffset();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    checkNoAnchorOrTag(p, file, lineOffset);
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr() + lineOffset;
                    if (entries.containsKey(key)) {
                        throw new ProjectFileException(file, keyLine, "duplicate key '" + key + "' (first at line " + keyLines.get(key) + ")");
                    }
                    p.nextToken();
                    keyLines.put(key, keyLine);
                    entries.put(key, read(p, file, base, lineOffset, depth + 1));
                }
                return new YamlNode.Mapping(entries, keyLines, line, start);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, file, base, lineOffset, depth + 1));
                }
                return new YamlNode.Sequence(items, line, start);
            }
            case VALUE_NULL -> {
                return new YamlNode.Null(line, start);
            }
            default -> {
                if (!t.isScalarValue()) {
                    throw error(file, p, lineOffset, "unexpected YAML token " + t);
                }
                String value = p.getText();
                if (value.length() > limits.maxStringLength()) {
                    throw error(file, p, lineOffset, "a YAML string of " + value.length() + " chars exceeds the limit of " + limits.maxStringLength());
                }
                return new YamlNode.Scalar(value, line, start, start + value.length());
            }
        }
    }

    private void checkNoAnchorOrTag(YAMLParser p, String file, int lineOffset) throws IOException {
        if (p.isCurrentAlias()) {
            throw error(file, p, lineOffset, "YAML aliases (*" + p.getText() + ") are not allowed");
        }
        String anchor = p.getObjectId();
        if (anchor != null) {
            throw error(file, p, lineOffset, "YAML anchors (&" + anchor + ") are not allowed");
        }
        String tag = p.getTypeId();
        if (tag != null) {
            throw error(file, p, lineOffset, "explicit YAML tags (" + tag + ") are not allowed");
        }
    }

    private static ProjectFileException error(String file, JsonParser p, int lineOffset, String message) {
        return new ProjectFileException(file, p.currentTokenLocation().getLineNr() + lineOffset, message);
    }
}
