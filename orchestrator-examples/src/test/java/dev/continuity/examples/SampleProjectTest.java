package dev.continuity.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.core.graph.DependencyGraph;
import dev.continuity.core.project.Project;
import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The acceptance checks of the foundation issue, on the shipped sample saga, through the command line. */
class SampleProjectTest {
    static final String HERO = "30_設定集/キャラクター/主人公.yaml";
    @TempDir
    Path dir;

    @Test
    void sampleIsLargeEnoughAndScansCleanly() {
        SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        CliRunner r = CliRunner.run("scan", dir.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode scan = r.json();
        assertThat(scan.get("files").asInt()).isGreaterThanOrEqualTo(60);
        assertThat(scan.get("diagnostics")).noneMatch(d -> d.get("severity").asText().equals("ERROR"));
        List<String> names = new ArrayList<>();
        scan.get("entities").forEach(e -> names.add(e.get("name").asText()));
        assertThat(names).contains("主人公", "宿敵", "導師");
    }

    @Test
    void impactOfTheHeroHasRecallOneAgainstGrepAndOnlyReachableFiles() throws Exception {
        SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        CliRunner r = CliRunner.run("impact", dir.toString(), "--changed", HERO, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode impact = r.json();
        List<String> predicted = new ArrayList<>();
        impact.get("predictedFiles").forEach(f -> predicted.add(f.asText()));

        List<String> grep = files().entrySet().stream()
                .filter(e -> e.getValue().contains("主人公"))
                .map(Map.Entry::getKey)
                .filter(f -> !f.equals(HERO) && !f.equals("continuity.yaml"))
                .toList();
        assertThat(grep).hasSizeGreaterThan(20);
        assertThat(predicted).containsAll(grep);

        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            Project project = o.scan();
            DependencyGraph graph = o.graph(project);
            var reachable = graph.reach(Map.of(HERO, 1.0), 1.0, 0.0).keySet();
            assertThat(reachable).containsAll(predicted);
            assertThat(predicted).hasSizeLessThan(project.files().size() - 1);
        }
        impact.get("impactedFiles").forEach(f -> assertThat(f.get("reasons").get(0).asText()).startsWith(HERO));
    }

    @Test
    void renameReachesEveryFileAndChangesNothingElse() throws Exception {
        SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        assertThat(CliRunner.run("scan", dir.toString()).exitCode()).isZero();
        Path mentor = dir.resolve("30_設定集/キャラクター/導師.yaml");
        Files.writeString(mentor, Files.readString(mentor).replaceFirst("name: 導師", "name: 老師"));
        Map<String, String> before = files();
        CliRunner r = CliRunner.run("run", dir.toString(), "--changed", "30_設定集/キャラクター/導師.yaml", "--threshold", "0.5");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        Map<String, String> after = files();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (e.getKey().equals("continuity.yaml")) {
                continue;
            }
            assertThat(e.getValue()).as(e.getKey()).doesNotContain("導師");
            if (!e.getKey().equals("50_管理資料/登場人物索引.md")) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(before.get(e.getKey()).replace("導師", "老師"));
            }
        }
    }

    private Map<String, String> files() {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".continuity/")) {
                    out.put(rel, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
