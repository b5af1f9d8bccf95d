package dev.continuity.core.tx;

import dev.continuity.api.ConcurrentEditException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The author keeps writing while a run is going: merged three-way, or refused; never overwritten. */
class ConcurrentEditTest {
    private static final String SHEET = "# 佐藤\r\n年齢: 17\r\n出身: 港町\r\n\r\n性格: 無口\r\n趣味: 灯台巡り\r\n";

    private static TransactionOptions options(boolean adaptive) {
        return TestSupport.options(FileOps.nio(), 9).toBuilder().adaptiveMerge(adaptive).build();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEditMadeAfterTheScanIsMergedThreeWay() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Path sheet = root.resolve("30_設定集/佐藤.md");
            Files.createDirectories(sheet.getParent());
            Files.write(sheet, b(SHEET));
            byte[] scanned = Files.readAllBytes(sheet);
            // the author edits line 2 after the scan
            Files.write(sheet, b(SHEET.replace("年齢: 17", "年齢: 18")));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(true))) {
                tx.stage("30_設定集/佐藤.md", b(SHEET.replace("趣味: 灯台巡り", "趣味: 灯台巡り、手紙")), StageInfo.scanned("s1", "rename", scanned));
                CommitResult result = tx.commit();
                assertThat(result.changes()).singleElement().satisfies(c -> assertThat(c.merged()).isTrue());
            }
            assertThat(new String(Files.readAllBytes(sheet), StandardCharsets.UTF_8))
                    .isEqualTo(SHEET.replace("年齢: 17", "年齢: 18").replace("趣味: 灯台巡り", "趣味: 灯台巡り、手紙"));
            assertThat(AuditLog.read(root)).singleElement().satisfies(e -> assertThat(e.merged()).isTrue());
        }
    }

    @Test
    void anEditMadeBetweenStageAndCommitIsMergedAtCommit() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Path sheet = root.resolve("佐藤.md");
            Files.createDirectories(root);
            Files.write(sheet, b(SHEET));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(true))) {
                tx.stage("佐藤.md", b(SHEET.replace("性格: 無口", "性格: 寡黙")), StageInfo.scanned("s1", "h", b(SHEET)));
                Files.write(sheet, b(SHEET.replace("# 佐藤", "# 佐藤 花子")));
                tx.commit();
            }
            assertThat(new String(Files.readAllBytes(sheet), StandardCharsets.UTF_8))
                    .isEqualTo(SHEET.replace("性格: 無口", "性格: 寡黙").replace("# 佐藤", "# 佐藤 花子"));
        }
    }

    @Test
    void aConflictFailsTheStepNamesTheLinesAndOverwritesNothing() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Path sheet = root.resolve("佐藤.md");
            Files.createDirectories(root);
            Files.write(sheet, b(SHEET));
            String authors = "前書き\r\n" + SHEET.replace("出身: 港町", "出身: 山村");
            Files.write(sheet, b(authors));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(true))) {
                assertThatThrownBy(() -> tx.stage("佐藤.md", b(SHEET.replace("出身: 港町", "出身: 都会")), StageInfo.scanned("s7", "h", b(SHEET))))
                        .isInstanceOfSatisfying(ConcurrentEditException.class, e -> {
                            assertThat(e.file()).isEqualTo("佐藤.md");
                            assertThat(e.stepId()).hasValue("s7");
                            assertThat(e.conflictingLines()).containsExactly(4);
                        })
                        .hasMessageContaining("conflicting lines [4]");
                assertThat(tx.stagedPaths()).isEmpty();
                assertThat(tx.commit().changes()).isEmpty();
            }
            assertThat(new String(Files.readAllBytes(sheet), StandardCharsets.UTF_8)).isEqualTo(authors);
        }
    }

    @Test
    void aConflictAtCommitFailsTheCommitAndTheAuthorsEditStays() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Path sheet = root.resolve("佐藤.md");
            Path other = root.resolve("other.md");
            Files.createDirectories(root);
            Files.write(sheet, b(SHEET));
            Files.write(other, b("x\n"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(true))) {
                tx.stage("other.md", b("y\n"), StageInfo.scanned("s0", "h", b("x\n")));
                tx.stage("佐藤.md", b(SHEET.replace("年齢: 17", "年齢: 20")), StageInfo.scanned("s1", "h", b(SHEET)));
                Files.write(sheet, b(SHEET.replace("年齢: 17", "年齢: 18")));
                assertThatThrownBy(tx::commit).isInstanceOfSatisfying(ConcurrentEditException.class,
                        e -> assertThat(e.conflictingLines()).containsExactly(2));
            }
            assertThat(new String(Files.readAllBytes(sheet), StandardCharsets.UTF_8)).isEqualTo(SHEET.replace("年齢: 17", "年齢: 18"));
            assertThat(Files.readString(other)).isEqualTo("x\n");
        }
    }

    @Test
    void withoutAdaptiveMergeAConcurrentEditIsAClearError() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Path sheet = root.resolve("佐藤.md");
            Files.createDirectories(root);
            Files.write(sheet, b(SHEET.replace("年齢: 17", "年齢: 18")));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(false))) {
                assertThatThrownBy(() -> tx.stage("佐藤.md", b(SHEET.replace("性格: 無口", "性格: 寡黙")), StageInfo.scanned("s1", "h", b(SHEET))))
                        .isInstanceOfSatisfying(ConcurrentEditException.class, e -> assertThat(e.conflictingLines()).isEmpty())
                        .hasMessageContaining("adaptive merge is off")
                        .hasMessageContaining("佐藤.md");
            }
            assertThat(new String(Files.readAllBytes(sheet), StandardCharsets.UTF_8)).isEqualTo(SHEET.replace("年齢: 17", "年齢: 18"));
        }
    }

    @Test
    void aHashOnlyBaseDetectsButCannotMerge() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root);
            Files.write(root.resolve("a.md"), b("changed\n"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(true))) {
                assertThatThrownBy(() -> tx.stage("a.md", b("mine\n"), StageInfo.scannedHash("s1", "h", StageInfo.sha256(b("original\n")))))
                        .isInstanceOf(ConcurrentEditException.class).hasMessageContaining("only the base hash");
                // the right hash passes
                tx.stage("a.md", b("mine\n"), StageInfo.scannedHash("s1", "h", StageInfo.sha256(b("changed\n"))));
            }
        }
    }

    @Test
    void aFileTheAuthorCreatedMeanwhileIsNotOverwritten() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root);
            Files.write(root.resolve("new.md"), b("the author's\n"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(true))) {
                assertThatThrownBy(() -> tx.stage("new.md", b("generated\n"), StageInfo.scannedAbsent("s1", "h")))
                        .isInstanceOf(ConcurrentEditException.class);
            }
            assertThat(Files.readString(root.resolve("new.md"))).isEqualTo("the author's\n");
        }
    }

    @Test
    void aSecondStepBuildsOnTheFirstStepsStagedContent() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root);
            Files.write(root.resolve("a.md"), b("1\n2\n3\n4\n5\n"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options(false))) {
                tx.stage("a.md", b("1\n2\n3\n4\nfive\n"), StageInfo.scanned("s1", "h", b("1\n2\n3\n4\n5\n")));
                byte[] seen = tx.read("a.md").orElseThrow();
                tx.stage("a.md", b("one\n2\n3\n4\nfive\n"), StageInfo.scanned("s2", "h", seen));
                tx.commit();
            }
            assertThat(Files.readString(root.resolve("a.md"))).isEqualTo("one\n2\n3\n4\nfive\n");
        }
    }
}
