package dev.continuity.core.project;

import dev.continuity.api.FileKind;
import dev.continuity.api.spi.RawReference;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scanned file: its bytes' identity, its text, its parsed metadata and the references written in it.
 *
 * @param path         relative to the root, with {@code /}
 * @param kind         its kind
 * @param size         size in bytes
 * @param modified     last-modified time in millis
 * @param hash         SHA-256 of the bytes, hex
 * @param text         the decoded text
 * @param yaml         the YAML document or front matter, if any
 * @param headers      {@code Key: value} headers, if any (key to value and line)
 * @param bodyOffset   where prose starts (after front matter or headers)
 * @param references   references found by the syntax extractors (mentions are added at resolution)
 */
public record ParsedFile(String path, FileKind kind, long size, long modified, String hash, String text, Optional<YamlNode> yaml,
                         Map<String, HeaderValue> headers, int bodyOffset, List<RawReference> references) {

    /** Copies {@code headers} and {@code references}; their values must not be null. */
    public ParsedFile {
        headers = Map.copyOf(headers);
        references = List.copyOf(references);
    }

    /** A header value and where it is. */
    public record HeaderValue(String value, int line, int start) {}

    /** The metadata as plain maps, lists and strings: the YAML mapping, or the headers. */
    public Map<String, Object> metadata() {
        if (yaml.isPresent() && yaml.get().toPlain() instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) m;
            return map;
        }
        java.util.LinkedHashMap<String, Object> out = new java.util.LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    /** A metadata field: a YAML key (top level) or a header. */
    public Optional<Object> field(String key) {
        return Optional.ofNullable(metadata().get(key));
    }
}
