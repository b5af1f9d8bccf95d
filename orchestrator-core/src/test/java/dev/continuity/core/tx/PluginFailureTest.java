package dev.continuity.core.tx;

import dev.continuity.api.PluginException;
import dev.continuity.api.TransactionException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Failing plugins are contained: the run rolls back (or just the step fails), the error names the plugin. */
class PluginFailureTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Path project(FileSystem fs) throws IOException {
        Path root = TestSupport.project(fs);
        Files.createDirectories(root);
        Files.writeString(root.resolve("a.md"), "a\n");
        Files.writeString(root.resolve("b.md"), "b\n");
        return root;
    }

    @Test
    void aThrowingHandlerRollsTheRunBackAndIsNamed() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            List<String> undone = new ArrayList<>();
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1))) {
                tx.runStep("s1", "good-plugin", scope -> {
                    scope.stage("a.md", b("A\n"), StageInfo.Base.content(b("a\n")));
                    scope.registerCompensation(() -> undone.add("good-plugin"));
                });
                tx.registerCompensation("notifier", () -> undone.add("notifier"));
                assertThatThrownBy(() -> tx.runStep("s2", "llm-rewriter", scope -> {
                    scope.stage("b.md", b("B\n"), StageInfo.Base.notChecked());
                    scope.registerCompensation(() -> undone.add("llm-rewriter"));
                    throw new IllegalStateException("the model returned garbage");
                })).isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.pluginId()).isEqualTo("llm-rewriter");
                    assertThat(e.stepId()).hasValue("s2");
                    assertThat(e.getCause()).hasMessage("the model returned garbage");
                }).hasMessageContaining("plugin 'llm-rewriter' failed in step 's2'");
                // the step's own compensation first, then the run's in reverse order
                assertThat(undone).containsExactly("llm-rewriter", "notifier", "good-plugin");
                assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("failed");
            }
            assertThat(Files.readString(root.resolve("a.md"))).isEqualTo("a\n");
            assertThat(Files.readString(root.resolve("b.md"))).isEqualTo("b\n");
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
        }
    }

    @Test
    void withFailStepOnlyTheFailingStepIsDropped() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            TransactionOptions options = TestSupport.options(FileOps.nio(), 1).toBuilder()
                    .pluginFailurePolicy(TransactionOptions.PluginFailurePolicy.FAIL_STEP).build();
            List<String> undone = new ArrayList<>();
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", options)) {
                tx.runStep("s1", "good", scope -> scope.stage("a.md", b("A\n"), StageInfo.Base.notChecked()));
                assertThatThrownBy(() -> tx.runStep("s2", "bad", scope -> {
                    scope.stage("b.md", b("B\n"), StageInfo.Base.notChecked());
                    assertThat(scope.read("b.md")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("B\n"));
                    scope.registerCompensation(() -> undone.add("bad"));
                    throw new StackOverflowError("recursed too deep");
                })).isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.pluginId()).isEqualTo("bad"));
                assertThat(undone).containsExactly("bad");
                assertThat(tx.stagedPaths()).containsExactly("a.md");
                tx.commit();
            }
            assertThat(Files.readString(root.resolve("a.md"))).isEqualTo("A\n");
            assertThat(Files.readString(root.resolve("b.md"))).isEqualTo("b\n");
        }
    }

    @Test
    void everyFailingCompensationIsReportedFirstAsCauseRestSuppressed() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            List<String> ran = new ArrayList<>();
            ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(FileOps.nio(), 1));
            tx.registerCompensation("mailer", () -> {
                ran.add("mailer");
                throw new IllegalStateException("smtp down");
            });
            tx.registerCompensation("web-index", () -> ran.add("web-index"));
            tx.registerCompensation("llm-cache", () -> {
                ran.add("llm-cache");
                throw new IllegalStateException("cache gone");
            });
            assertThatThrownBy(tx::rollback).isInstanceOfSatisfying(TransactionException.class, e -> {
                assertThat(e.outcome()).isEqualTo(TransactionException.Outcome.ROLLED_BACK);
                assertThat(e.getCause()).isInstanceOfSatisfying(PluginException.class, p -> assertThat(p.pluginId()).isEqualTo("llm-cache"));
                assertThat(e.getSuppressed()).singleElement().isInstanceOfSatisfying(PluginException.class,
                        p -> assertThat(p.pluginId()).isEqualTo("mailer"));
            }).hasMessageContaining("[llm-cache, mailer]");
            assertThat(ran).containsExactly("llm-cache", "web-index", "mailer");
            tx.close();
            assertThat(Fixture.leftovers(FileOps.nio(), root)).isEmpty();
        }
    }

    @Test
    void aFailedCommitRunsTheCompensationsAndReportsTheirFailures() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = project(fs);
            FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
                if (op.kind() == FaultyFileOps.Kind.FORCE && op.path().toString().endsWith(".tmp")) {
                    throw new IOException("EIO");
                }
            });
            List<String> ran = new ArrayList<>();
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-1", TestSupport.options(ops, 1))) {
                tx.stage("a.md", b("A\n"), StageInfo.of("s1", "h"));
                tx.registerCompensation("ok", () -> ran.add("ok"));
                tx.registerCompensation("broken", () -> {
                    throw new IllegalStateException("no");
                });
                assertThatThrownBy(tx::commit).isInstanceOfSatisfying(TransactionException.class, e -> {
                    assertThat(e.outcome()).isEqualTo(TransactionException.Outcome.ROLLED_BACK);
                    assertThat(e.getSuppressed()).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(PluginException.class,
                            p -> assertThat(p.pluginId()).isEqualTo("broken")));
                });
            }
            assertThat(ran).containsExactly("ok");
            assertThat(Files.readString(root.resolve("a.md"))).isEqualTo("a\n");
        }
    }
}
