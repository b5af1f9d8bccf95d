package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal is built at the size it computes beforehand, so that a commit of thousands of files allocates it once
 * and does not copy it; the bytes are what they always were, and read back the same.
 */
class JournalSizeTest {
    private static Optional<byte[]> bytes(String s) {
        return Optional.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Journal journal(Optional<Journal.AuditIntent> audit) {
        List<Journal.Entry> entries = new ArrayList<>();
        entries.add(new Journal.Entry(0, "40_原稿/第1巻/第1話.md", bytes("前\r\n"), Hashes.sha256(bytes("前\r\n")), bytes("後\n"),
                Hashes.sha256(bytes("後\n")), "s001", "review-marking", false, 0640));
        entries.add(new Journal.Entry(1, "新規/ファイル.yaml", Optional.empty(), Hashes.sha256(Optional.empty()), bytes("name: 新\n"),
                Hashes.sha256(bytes("name: 新\n")), "s002", "h", true, FileModes.NONE));
        entries.add(new Journal.Entry(2, "gone.md", bytes("x"), Hashes.sha256(bytes("x")), Optional.empty(), Hashes.sha256(Optional.empty()),
                "heal:derived-regeneration", "healing", false, 0600));
        entries.add(new Journal.Entry(3, "empty.md", bytes(""), Hashes.sha256(bytes("")), bytes(""), Hashes.sha256(bytes("")), "", "", false, 0));
        return new Journal("0123456789abcdef", "exec-1", CommitPolicy.CHECKPOINTED, "checkpoint-1", Instant.parse("2026-01-02T03:04:05.678Z"),
                "{\"plan\":\"計画\"}", entries, List.of("新規"), List.of("古い"), audit);
    }

    @Test
    void isEncodedAtTheSizeItComputesAndReadsBackTheSame() {
        for (Optional<Journal.AuditIntent> audit : List.of(Optional.<Journal.AuditIntent>empty(),
                Optional.of(new Journal.AuditIntent(true, 42, "{\"a\":\"監査\"}\n".getBytes(StandardCharsets.UTF_8))))) {
            Journal j = journal(audit);
            for (int version : new int[] {1, 2}) {
                byte[] encoded = j.encode(version);
                assertThat((long) encoded.length).as("version %d, audit %s", version, audit.isPresent()).isEqualTo(j.encodedSize(version));
                Journal back = Journal.decode("journal", encoded);
                assertThat(back.entries()).hasSize(4);
                assertThat(back.entries().get(0).path()).isEqualTo("40_原稿/第1巻/第1話.md");
                assertThat(back.entries().get(1).before()).isEmpty();
                assertThat(back.entries().get(2).after()).isEmpty();
                assertThat(back.audit().isPresent()).isEqualTo(audit.isPresent());
                assertThat(back.planJson()).isEqualTo("{\"plan\":\"計画\"}");
            }
        }
    }

    @Test
    void aWriterGivenTooSmallASizeStillWritesEveryRecord() {
        RecordFile.Writer w = new RecordFile.Writer("CTXTEST1", 1);
        for (int i = 0; i < 100; i++) {
            w.add((byte) 1, ("record " + i).getBytes(StandardCharsets.UTF_8));
        }
        List<RecordFile.Record> records = RecordFile.parse("test", "CTXTEST1", w.finish());
        assertThat(records).hasSize(100);
        assertThat(new String(records.get(99).payload(), StandardCharsets.UTF_8)).isEqualTo("record 99");
    }
}
