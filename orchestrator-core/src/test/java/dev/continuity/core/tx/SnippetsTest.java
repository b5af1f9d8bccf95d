package dev.continuity.core.tx;

import dev.continuity.api.CommitPolicy;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The examples of the Javadoc, compiled and run. */
class SnippetsTest {

    /** Stands in for a side effect outside the project. */
    static final class Notifier {
        final List<String> retracted = new ArrayList<>();

        void retract(String id) {
            retracted.add(id);
        }
    }

    @Test
    void classJavadocExample() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root.resolve("30_設定集"));
            Files.writeString(root.resolve("30_設定集/人物.md"), "佐藤: 主人公\n");
            Notifier notifier = new Notifier();
            // --- from the Javadoc of ProjectTransaction
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-42", TransactionOptions.defaults())) {
                byte[] sheet = tx.read("30_設定集/人物.md").orElseThrow();
                byte[] renamed = new String(sheet, UTF_8).replace("佐藤", "鈴木").getBytes(UTF_8);
                tx.stage("30_設定集/人物.md", renamed, StageInfo.scanned("step-1", "rename", sheet));
                tx.registerCompensation("notifier", () -> notifier.retract("run-42"));
                CommitResult result = tx.commit();
                assertThat(result.changes()).hasSize(1);
            }
            // ---
            assertThat(Files.readString(root.resolve("30_設定集/人物.md"))).isEqualTo("鈴木: 主人公\n");
            assertThat(notifier.retracted).isEmpty();
        }
    }

    @Test
    void notesExampleCheckpointedRun() throws IOException {
        try (FileSystem fs = TestSupport.jimfs()) {
            Path root = TestSupport.project(fs);
            Files.createDirectories(root);
            String planJson = "{\"steps\":[\"s1\",\"s2\"]}";
            // --- a checkpointed run, as ProjectTransaction is meant to be used
            TransactionOptions options = TransactionOptions.builder()
                    .policy(CommitPolicy.CHECKPOINTED)
                    .adaptiveMerge(true)
                    .planJson(planJson)
                    .build();
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "run-7", options)) {
                List<String> done = tx.checkpointedRun().map(CheckpointedRun::completedStepIds).orElse(List.of());
                if (!done.contains("s1")) {
                    tx.runStep("s1", "plot-handler", step -> step.stage("20_プロット/全体.md", "…".getBytes(UTF_8), StageInfo.Base.absent()));
                    tx.checkpoint("plot", List.of("s1"));
                }
                tx.runStep("s2", "rename-handler", step -> step.stage("30_設定集/人物.md", "鈴木\n".getBytes(UTF_8), StageInfo.Base.absent()));
                tx.commit();
            }
            // ---
            assertThat(ProjectTransaction.status(root).checkpointedRuns()).isEmpty();
            assertThat(Files.readString(root.resolve("30_設定集/人物.md"))).isEqualTo("鈴木\n");
        }
    }
}
