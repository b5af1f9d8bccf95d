package dev.continuity.core.execute;

import dev.continuity.core.project.PathGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagingProjectWriterTest {
    @TempDir
    Path root;

    @Test
    void anAbandonedAttemptLosesItsWritesAndCannotWriteAgain() {
        StagingProjectWriter w = new StagingProjectWriter(new PathGuard(root));
        StagingProjectWriter.StepToken a = new StagingProjectWriter.StepToken("s1", 1);
        StagingProjectWriter.StepToken b = new StagingProjectWriter.StepToken("s2", 1);
        w.bind(a);
        w.writeText("a.md", "from s1");
        w.writeText("shared.md", "from s1");
        w.unbind();
        w.bind(b);
        w.writeText("b.md", "from s2");
        w.unbind();

        w.abandon(a);

        assertThat(w.staged()).containsOnlyKeys("b.md");
        assertThat(w.stagedBy("s1")).isEmpty();
        w.bind(a);
        assertThatThrownBy(() -> w.writeText("a.md", "late"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("s1").hasMessageContaining("abandoned");
        w.unbind();
        assertThat(w.staged()).containsOnlyKeys("b.md");
    }

    @Test
    void aPathWrittenByAnotherStepBelongsToTheLastWriter() {
        StagingProjectWriter w = new StagingProjectWriter(new PathGuard(root));
        StagingProjectWriter.StepToken a = new StagingProjectWriter.StepToken("s1", 1);
        StagingProjectWriter.StepToken b = new StagingProjectWriter.StepToken("s2", 1);
        w.bind(a);
        w.writeText("x.md", "1");
        w.unbind();
        w.bind(b);
        w.writeText("x.md", "2");
        w.unbind();
        w.discard("s1");
        assertThat(w.stagedBy()).containsEntry("x.md", "s2");
        assertThat(w.stagedBy("s2")).containsOnlyKeys("x.md");
    }
}
