package dev.continuity.core.tx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log records every change: execution, step, handler, before/after hash, time; exactly once. */
class AuditLogTest {

    @Test
    void everyChangeIsRecordedWithItsHashesStepHandlerAndTime() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Fixture fixture = Fixture.novel(4, 6);
            fixture.writeBefore(root);
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-7", TestSupport.options(FileOps.nio(), 4))) {
                fixture.stageAll(tx);
                tx.commit();
            }
            List<AuditEntry> entries = AuditLog.read(root);
            assertThat(entries).hasSize(fixture.changes.size());
            for (AuditEntry e : entries) {
                assertThat(e.executionId()).isEqualTo("run-7");
                assertThat(e.handlerId()).isEqualTo("fixture");
                assertThat(e.stepId()).startsWith("step-");
                assertThat(e.time()).isEqualTo(TestSupport.T0);
                assertThat(e.beforeHash()).isEqualTo(Optional.ofNullable(fixture.before.get(e.path())).map(Hashes::sha256));
                assertThat(e.afterHash()).isEqualTo(Optional.ofNullable(fixture.after.get(e.path())).map(Hashes::sha256));
                assertThat(e.action()).isEqualTo(e.beforeHash().isEmpty() ? AuditEntry.Action.CREATED
                        : e.afterHash().isEmpty() ? AuditEntry.Action.DELETED : AuditEntry.Action.MODIFIED);
            }
            assertThat(entries).extracting(AuditEntry::action).contains(AuditEntry.Action.CREATED, AuditEntry.Action.MODIFIED,
                    AuditEntry.Action.DELETED);
            String first = Files.readAllLines(root.resolve(".continuity/audit.jsonl"), StandardCharsets.UTF_8).get(0);
            assertThat(first).startsWith("{\"time\":\"2026-03-01T10:00:00Z\",\"executionId\":\"run-7\"").contains("\"crc32c\":\"");
        }
    }

    @Test
    void aRolledBackTransactionLeavesNoLineAndARolledForwardOneExactlyItsLines() throws IOException {
        Fixture fixture = Fixture.novel(4, 6);
        for (String crashAt : List.of("first project move", "commit cleanup", "audit force")) {
            try (FileSystem fs = TestSupport.jimfs()) {
                Path root = TestSupport.project(fs);
                fixture.writeBefore(root);
                boolean[] crashed = {false};
                FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
                    boolean here = switch (crashAt) {
                        case "first project move" -> op.kind() == FaultyFileOps.Kind.MOVE && op.path().toString().endsWith(".md");
                        case "commit cleanup" -> op.kind() == FaultyFileOps.Kind.DELETE && op.path().endsWith("journal.committed");
                        default -> op.kind() == FaultyFileOps.Kind.FORCE && op.path().endsWith("audit.jsonl");
                    };
                    if (crashed[0] || here) {
                        crashed[0] = true;
                        throw new FaultyFileOps.SimulatedCrash(crashAt);
                    }
                });
                try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(ops, 4))) {
                    fixture.stageAll(tx);
                    tx.commit();
                } catch (FaultyFileOps.SimulatedCrash expected) {
                    // died
                }
                RecoveryReport report = ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), 4));
                RecoveryReport again = ProjectTransaction.recover(root, TestSupport.afterReboot(FileOps.nio(), 4));
                assertThat(again.outcome()).isEqualTo(RecoveryReport.Outcome.NOTHING_TO_RECOVER);
                if (report.outcome() == RecoveryReport.Outcome.ROLLED_FORWARD) {
                    assertThat(AuditLog.read(root)).as(crashAt).hasSize(fixture.changes.size());
                } else {
                    assertThat(report.outcome()).as(crashAt).isEqualTo(RecoveryReport.Outcome.ROLLED_BACK);
                    assertThat(AuditLog.read(root)).as(crashAt).isEmpty();
                }
            }
        }
    }

    @Test
    void linesAccumulateOverRuns() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root);
            for (int i = 0; i < 3; i++) {
                try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-" + i, TestSupport.options(FileOps.nio(), i))) {
                    tx.stage("log.md", ("v" + i + "\n").getBytes(StandardCharsets.UTF_8), StageInfo.of("s", "h"));
                    tx.commit();
                }
            }
            assertThat(AuditLog.read(root)).extracting(AuditEntry::executionId).containsExactly("run-0", "run-1", "run-2");
        }
    }
}
