package dev.continuity.core.tx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON object per line with its own checksum as the last member:
 * {@code {"a":1,...,"crc32c":"1a2b3c4d"}}, where the CRC32C covers the UTF-8 bytes of the line up to (not
 * including) {@code ,"crc32c"}. Still plain JSON Lines for any reader; Continuity verifies each line, so a torn,
 * zeroed or bit-flipped line is detected. Used for the lock file and the audit log (and fit for the history).
 *
 * <p>Writing needs no JSON library (flat objects of strings, numbers, booleans and nulls), so a commit does not
 * pay for initialising one; reading parses with Jackson.
 */
final class JsonLine {
    private static final String CRC_MEMBER = ",\"crc32c\":\"";

    private JsonLine() {}

    /** Jackson, initialised on first read only. */
    private static final class Reader {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /**
     * The line for a flat object, without the trailing newline.
     *
     * @param fields member names to values: {@link String}, {@link Number}, {@link Boolean} or {@link Optional} of
     *               a string (empty is written as {@code null})
     */
    static String encode(Map<String, ?> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an empty object cannot carry a checksum");
        }
        StringBuilder sb = new StringBuilder(64 + fields.size() * 24).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof Optional<?> o) {
                v = o.orElse(null);
            }
            if (v == null) {
                sb.append("null");
            } else if (v instanceof String s) {
                quote(sb, s);
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                throw new IllegalArgumentException("unsupported JSON value for '" + e.getKey() + "': " + v.getClass().getName());
            }
        }
        String body = sb.toString();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return body + CRC_MEMBER + Hashes.crc32cHex(bytes, 0, bytes.length) + "\"}";
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** The verified object, or empty when the line is not a complete, intact checksummed line. */
    static Optional<ObjectNode> decode(String line) {
        int at = line.lastIndexOf(CRC_MEMBER);
        if (at <= 0 || !line.endsWith("\"}") || line.length() != at + CRC_MEMBER.length() + 8 + 2) {
            return Optional.empty();
        }
        byte[] body = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
        String stored = line.substring(at + CRC_MEMBER.length(), at + CRC_MEMBER.length() + 8);
        if (!stored.equals(Hashes.crc32cHex(body, 0, body.length))) {
            return Optional.empty();
        }
        try {
            JsonNode node = Reader.MAPPER.readTree(line);
            if (!(node instanceof ObjectNode object)) {
                return Optional.empty();
            }
            object.remove("crc32c");
            return Optional.of(object);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static Optional<String> text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
