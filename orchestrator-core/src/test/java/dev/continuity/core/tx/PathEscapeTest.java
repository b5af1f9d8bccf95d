package dev.continuity.core.tx;

import dev.continuity.api.PathEscapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paths are confined to the project root, lexically and through symlinks; nothing is written on escape. */
class PathEscapeTest {

    private static Path project(FileSystem fs) throws IOException {
        Path root = TestSupport.project(fs);
        Files.createDirectories(root.resolve("30_設定集"));
        Files.writeString(root.resolve("30_設定集/佐藤.md"), "佐藤\n");
        Files.createDirectories(fs.getPath("/outside"));
        Files.writeString(fs.getPath("/outside/secret.md"), "secret\n");
        return root;
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.md", "a/../../x.md", "30_設定集/../../outside/secret.md", "/etc/passwd", "/work/novel/a.md",
            "C:\\Windows\\x.md", "..\\x.md", ".continuity/lock", "a/../.continuity/tx/journal", "", ".", "a/..", "x\0y.md"})
    void lexicalEscapesAreRefusedAndNothingIsWritten(String path) throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            Map<String, String> before = Fixture.snapshot(FileOps.nio(), root);
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1))) {
                assertThatThrownBy(() -> tx.stage(path, "x".getBytes(), StageInfo.of("s1", "h")))
                        .isInstanceOfSatisfying(PathEscapeException.class, e -> assertThat(e.path()).isEqualTo(path));
                assertThatThrownBy(() -> tx.read(path)).isInstanceOf(PathEscapeException.class);
                tx.commit();
            }
            assertThat(Fixture.snapshot(FileOps.nio(), root)).isEqualTo(before);
            assertThat(Files.readString(fs.getPath("/outside/secret.md"))).isEqualTo("secret\n");
            assertThat(Files.list(fs.getPath("/outside")).count()).isEqualTo(1);
        }
    }

    @Test
    void aSymlinkedDirectoryPointingOutsideIsRefused() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            Files.createSymbolicLink(root.resolve("link"), fs.getPath("/outside"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1))) {
                assertThatThrownBy(() -> tx.stage("link/secret.md", "pwned".getBytes(), StageInfo.of("s1", "h")))
                        .isInstanceOf(PathEscapeException.class).hasMessageContaining("symbolic link").hasMessageContaining("/outside");
                assertThatThrownBy(() -> tx.stage("link/new/deeper.md", "pwned".getBytes(), StageInfo.of("s1", "h")))
                        .isInstanceOf(PathEscapeException.class);
                assertThatThrownBy(() -> tx.read("link/secret.md")).isInstanceOf(PathEscapeException.class);
                tx.commit();
            }
            assertThat(Files.readString(fs.getPath("/outside/secret.md"))).isEqualTo("secret\n");
            assertThat(Files.list(fs.getPath("/outside")).count()).isEqualTo(1);
        }
    }

    @Test
    void aSymlinkedFilePointingOutsideIsRefused() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            Files.createSymbolicLink(root.resolve("notes.md"), fs.getPath("/outside/secret.md"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1))) {
                assertThatThrownBy(() -> tx.stage("notes.md", "pwned".getBytes(), StageInfo.of("s1", "h")))
                        .isInstanceOf(PathEscapeException.class);
            }
            assertThat(Files.readString(fs.getPath("/outside/secret.md"))).isEqualTo("secret\n");
            assertThat(Files.isSymbolicLink(root.resolve("notes.md"))).isTrue();
        }
    }

    @Test
    void aSymlinkIntoStateDirectoryIsRefused() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            Files.createDirectories(root.resolve(".continuity"));
            Files.createSymbolicLink(root.resolve("state"), root.resolve(".continuity"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1))) {
                assertThatThrownBy(() -> tx.stage("state/lock", "x".getBytes(), StageInfo.of("s1", "h")))
                        .isInstanceOf(PathEscapeException.class).hasMessageContaining("reserved");
            }
        }
    }

    @Test
    void aSymlinkInsideTheRootIsFollowedToTheOneFile() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            Files.createSymbolicLink(root.resolve("人物"), root.resolve("30_設定集"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1))) {
                tx.stage("人物/佐藤.md", "鈴木\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), StageInfo.of("s1", "h"));
                assertThat(tx.stagedPaths()).containsExactly("30_設定集/佐藤.md");
                assertThat(tx.read("30_設定集/佐藤.md")).hasValueSatisfying(b -> assertThat(new String(b, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("鈴木\n"));
                tx.commit();
            }
            assertThat(Files.readString(root.resolve("30_設定集/佐藤.md"))).isEqualTo("鈴木\n");
            assertThat(Files.isSymbolicLink(root.resolve("人物"))).isTrue();
        }
    }

    @Test
    void aSymlinkSwappedInAfterStagingIsCaughtAtCommit() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            Files.createDirectories(root.resolve("drafts"));
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1))) {
                tx.stage("drafts/x.md", "x".getBytes(), StageInfo.of("s1", "h"));
                Files.delete(root.resolve("drafts"));
                Files.createSymbolicLink(root.resolve("drafts"), fs.getPath("/outside"));
                assertThatThrownBy(tx::commit).isInstanceOf(PathEscapeException.class);
            }
            assertThat(Files.list(fs.getPath("/outside")).count()).isEqualTo(1);
        }
    }
}
