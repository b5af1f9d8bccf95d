package dev.continuity.core.tx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.continuity.api.IntegrityException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit log {@code .continuity/audit.jsonl}: one checksummed JSON line per file change (see {@link JsonLine}).
 * Appended by the transaction before its commit record (so a rolled-back transaction leaves no line and a committed
 * one always has its lines), never rewritten.
 *
 * <pre>{@code
 * {"time":"2026-01-02T03:04:05Z","executionId":"run-1","journal":"3f2a...","step":"s1","handler":"rename",
 *  "path":"30_設定集/人物.md","action":"MODIFIED","before":"ab12...","after":"cd34...","merged":false,"crc32c":"1a2b3c4d"}
 * }</pre>
 */
public final class AuditLog {
    private AuditLog() {}

    /** Reads and verifies the audit log of a project on the default file operations. */
    public static List<AuditEntry> read(Path projectRoot) {
        return read(projectRoot, FileOps.nio());
    }

    /**
     * Reads and verifies the audit log; empty when there is none.
     *
     * @throws IntegrityException when a line is damaged or the last line is incomplete
     */
    public static List<AuditEntry> read(Path projectRoot, FileOps ops) {
        Layout layout = new Layout(projectRoot.toAbsolutePath().normalize());
        Optional<byte[]> data;
        try {
            data = ops.readIfExists(layout.audit());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.audit(), e);
        }
        if (data.isEmpty()) {
            return List.of();
        }
        String file = Layout.STATE_DIR + "/audit.jsonl";
        String text = new String(data.get(), StandardCharsets.UTF_8);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IntegrityException(file, "the last line is incomplete (torn write)");
        }
        List<AuditEntry> entries = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            int lineNo = i + 1;
            ObjectNode node = JsonLine.decode(lines[i])
                    .orElseThrow(() -> new IntegrityException(file, "line " + lineNo + " fails its checksum (damaged or zeroed)"));
            try {
                entries.add(new AuditEntry(Instant.parse(node.path("time").asText()), node.path("executionId").asText(),
                        node.path("journal").asText(), node.path("step").asText(), node.path("handler").asText(),
                        node.path("path").asText(), AuditEntry.Action.valueOf(node.path("action").asText()),
                        JsonLine.text(node, "before"), JsonLine.text(node, "after"), node.path("merged").asBoolean()));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IntegrityException(file, "line " + lineNo + " is malformed: " + e.getMessage(), e);
            }
        }
        return entries;
    }

    /** The lines for a journal's project entries, ready to append. */
    static byte[] block(Journal journal, Instant time) {
        StringBuilder sb = new StringBuilder();
        for (Journal.Entry e : journal.entries()) {
            if (e.internal()) {
                continue;
            }
            AuditEntry.Action action = e.before().isEmpty() ? AuditEntry.Action.CREATED
                    : e.after().isEmpty() ? AuditEntry.Action.DELETED : AuditEntry.Action.MODIFIED;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", time.toString());
            line.put("executionId", journal.executionId());
            line.put("journal", journal.journalId());
            line.put("step", e.stepId());
            line.put("handler", e.handlerId());
            line.put("path", e.path());
            line.put("action", action.name());
            line.put("before", e.before().map(b -> e.beforeSha()));
            line.put("after", e.after().map(a -> e.afterSha()));
            line.put("merged", e.merged());
            sb.append(JsonLine.encode(line)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
