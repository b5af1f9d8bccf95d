package dev.continuity.core.graph;

import dev.continuity.api.EdgeKind;
import dev.continuity.core.Fixture;
import dev.continuity.core.project.HardenedYaml;
import dev.continuity.core.project.ProjectConfigLoader;
import dev.continuity.core.project.ProjectScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyGraphTest {
    @TempDir
    Path dir;

    private DependencyGraph graph() {
        HardenedYaml yaml = new HardenedYaml();
        return DependencyGraph.of(new ProjectScanner(dir, new ProjectConfigLoader(yaml).load(dir), yaml, List.of()).scan());
    }

    private List<EdgeKind> edgeKinds(DependencyGraph g, String from, String to) {
        return g.view().edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).map(e -> e.kind()).toList();
    }

    @Test
    void chaptersFollowTheirNumbersButGeneratedHandlesHaveNoStoryOrder() {
        Fixture.write(dir, "continuity.yaml", "kinds:\n  - { glob: \"content/**\", kind: MANUSCRIPT }\n  - { glob: \"40_原稿/**\", kind: MANUSCRIPT }\n");
        Fixture.write(dir, "40_原稿/第1話.md", "一。\n");
        Fixture.write(dir, "40_原稿/第2話.md", "二。\n");
        Fixture.write(dir, "40_原稿/第10話.md", "十。\n");
        // novelWriter names its documents by random handles: their digits are no chapter numbers
        for (String handle : Set.of("636b6aa9b697b", "806f17f87c4ff", "5aec885635c85", "5eae6f7a00e1b")) {
            Fixture.write(dir, "content/" + handle + ".nwd", "text\n");
        }
        DependencyGraph g = graph();
        assertThat(edgeKinds(g, "40_原稿/第2話.md", "40_原稿/第1話.md")).containsExactly(EdgeKind.SEQUENCE);
        assertThat(edgeKinds(g, "40_原稿/第10話.md", "40_原稿/第2話.md")).containsExactly(EdgeKind.SEQUENCE);
        assertThat(g.view().edges()).noneMatch(e -> e.from().startsWith("content/") || e.to().startsWith("content/"));
    }

    @Test
    void generatedIdentifiersAreHexHandlesAndUuidsNotTitles() {
        assertThat(DependencyGraph.generatedId("636b6aa9b697b.nwd")).isTrue();
        assertThat(DependencyGraph.generatedId("3f2504e0-4f89-11d3-9a0c-0305e82c3301.md")).isTrue();
        assertThat(DependencyGraph.generatedId("12345678.md")).as("digits alone may be a date or a number").isFalse();
        assertThat(DependencyGraph.generatedId("chapter-03.md")).isFalse();
        assertThat(DependencyGraph.generatedId("第1話.md")).isFalse();
        assertThat(DependencyGraph.generatedId("ch1.md")).isFalse();
    }
}
