package dev.continuity.examples;

import dev.continuity.api.ChangeContext;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileChange;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.PredictiveImpactAnalysis;
import dev.continuity.api.Reference;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.core.project.Project;
import dev.continuity.examples.demo.SampleProjects;
import dev.continuity.healing.BuiltIns;
import dev.continuity.healing.HealingPolicy;
import dev.continuity.healing.SelfHealingEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The two real novel projects in {@code ../shared}, read unchanged with a config of ours. Skipped when absent. */
class RealProjectsTest {
    @TempDir
    Path dir;

    /** A working copy of the shared sample novel {@code name}; the test is skipped when ../shared does not hold it. */
    private Path sample(String name) throws IOException {
        Optional<Path> src = shared("data/novels/" + name);
        assumeTrue(src.isPresent(), "../shared/data/novels/" + name + " is absent");
        return copy(src.get());
    }

    static Optional<Path> shared(String rel) {
        String prop = System.getProperty("continuity.shared");
        if (prop != null) {
            Path p = Path.of(prop).resolve(rel);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve(rel);
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private Path copy(Path source) throws IOException {
        try (Stream<Path> s = Files.walk(source)) {
            for (Path p : s.toList()) {
                Path t = dir.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                    // the shared data is read-only, and the copy keeps its mode; the author's project is writable
                    // (a run refuses to change a read-only file)
                    PosixFileAttributeView view = Files.getFileAttributeView(t, PosixFileAttributeView.class);
                    if (view != null) {
                        Set<PosixFilePermission> mode = EnumSet.copyOf(view.readAttributes().permissions());
                        mode.add(PosixFilePermission.OWNER_WRITE);
                        view.setPermissions(mode);
                    }
                }
            }
        }
        return dir;
    }

    private Path config(String name) throws IOException {
        Path c = Files.createTempFile("continuity", ".yaml");
        Files.write(c, SampleProjects.resource("configs/" + name));
        return c;
    }

    @Test
    void manuskriptPovIdsResolveToCharacterFiles() throws IOException {
        Path root = sample("book-of-acts");
        try (Orchestrator o = Orchestrators.builder(root).config(config("book-of-acts.continuity.yaml")).build()) {
            Project p = o.scan();
            assertThat(p.errors()).isEmpty();
            List<Reference> pov = p.references().stream().filter(r -> r.syntax().equals("header")).toList();
            assertThat(pov).isNotEmpty().allSatisfy(r -> assertThat(r.resolved()).as(r.fromFile() + " POV " + r.text()).isTrue());
            Reference first = pov.getFirst();
            assertThat(p.entity(first.target()).orElseThrow().definedIn()).startsWith("characters/");
            assertThat(p.entity("0").orElseThrow().name()).isEqualTo("Peter");

            PredictiveImpactAnalysis a = o.predictUpdateImpact(ChangeContext.of(UpdateType.CHARACTER_CHANGE, "characters/0-Peter.txt"), 0.5);
            List<String> povOfPeter = pov.stream().filter(r -> r.target().equals("Peter")).map(Reference::fromFile).distinct().toList();
            assertThat(povOfPeter).isNotEmpty();
            assertThat(a.predictedFiles()).containsAll(povOfPeter);

            // Manuskript's own ID links: {C:5:Barnabas} in the notes, characters="1,5" in plots.xml
            List<Reference> byPattern = p.references().stream().filter(r -> r.syntax().equals("pattern")).toList();
            assertThat(byPattern).isNotEmpty().allSatisfy(r -> assertThat(r.resolved()).as(r.fromFile() + " " + r.text()).isTrue());
            assertThat(byPattern).filteredOn(r -> r.fromFile().equals("plots.xml")).extracting(Reference::target)
                    .contains("Peter", "Paul", "Barnabas");
            assertThat(byPattern).filteredOn(r -> r.fromFile().startsWith("outline/")).extracting(Reference::target).contains("Barnabas");
        }
    }

    @Test
    void novelWriterTagsResolve() throws IOException {
        Path root = sample("novelwriter-sample");
        try (Orchestrator o = Orchestrators.builder(root).config(config("novelwriter.continuity.yaml")).build()) {
            Project p = o.scan();
            assertThat(p.errors()).isEmpty();
            List<Reference> tags = p.references().stream().filter(r -> r.syntax().equals("tag")).toList();
            assertThat(tags).extracting(Reference::text).isNotEmpty();
            List<Reference> pov = tags.stream().filter(Reference::resolved).toList();
            assertThat(pov.size()).isGreaterThan(tags.size() / 2);
            String jane = p.entity("Jane").orElseThrow().definedIn();
            PredictiveImpactAnalysis a = o.predictUpdateImpact(ChangeContext.of(UpdateType.CHARACTER_CHANGE, jane), 0.5);
            List<String> refJane = tags.stream().filter(r -> r.resolved() && r.target().equals("Jane")).map(Reference::fromFile)
                    .filter(f -> !f.equals(jane)).distinct().toList();
            assertThat(refJane).isNotEmpty();
            assertThat(a.predictedFiles()).containsAll(refJane);
        }
    }

    @Test
    void aRenameInANovelWriterProjectAddsNoFileToItsContentFolder() throws IOException {
        Path root = sample("novelwriter-sample");
        Files.copy(config("novelwriter.continuity.yaml"), root.resolve("continuity.yaml"));
        java.util.Set<String> content;
        try (var s = Files.list(root.resolve("content"))) {
            content = s.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
        Orchestrators.Builder b = Orchestrators.builder(root).workers(1).healing(SelfHealingEngine.factory(HealingPolicy.defaults()));
        BuiltIns.detectors().forEach(b::issueDetector);
        BuiltIns.strategies().forEach(b::fixStrategy);
        try (Orchestrator o = b.build()) {
            String jane = o.scanAndRecord().entity("Jane").orElseThrow().definedIn();
            Path note = root.resolve(jane);
            Files.writeString(note, Files.readString(note).replace("@tag: Jane | Jane Smith", "@tag: Janet | Janet Smith")
                    + "\n@char: Bobb\n");      // a typo for a review request: the healing does not change manuscripts
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("sample")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile(jane).build(), MLConfiguration.builder().build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.changedFiles()).extracting(FileChange::path).as("the rename, and a review request for the typo")
                    .anyMatch(p -> p.startsWith(".review/content/") && p.endsWith(".nwd.review.yaml"))
                    .allMatch(p -> p.startsWith(".review/") || p.startsWith("content/") && p.endsWith(".nwd"));
        }
        try (var s = Files.list(root.resolve("content"))) {
            assertThat(s.map(f -> f.getFileName().toString())).as("novelWriter's documents, and nothing else")
                    .containsExactlyInAnyOrderElementsOf(content);
        }
    }

    @Test
    void aRunOnAManuskriptProjectWritesNoVisibleFileManuskriptWouldTakeForItsOwn() throws IOException {
        Path root = sample("book-of-acts");
        // as the shipped config tells a Manuskript user: saved hidden, in the project
        Files.copy(config("book-of-acts.continuity.yaml"), root.resolve(".continuity.yaml"));
        java.util.Set<String> visible = visibleFiles(root);
        try (Orchestrator o = Orchestrators.builder(root).workers(1).build()) {
            o.scanAndRecord();
            Path sheet = root.resolve("characters/1-Paul.txt");
            Files.writeString(sheet, Files.readString(sheet) + "Goal:                To reach Rome\n");
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("book-of-acts")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile("characters/1-Paul.txt").build(), MLConfiguration.builder().build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.changedFiles()).extracting(FileChange::path).isNotEmpty()
                    .allSatisfy(p -> assertThat(p).startsWith(".review/").endsWith(".review.yaml"));
        }
        assertThat(visibleFiles(root)).as("the visible files Manuskript loads and saves").isEqualTo(visible);
    }

    /** The files outside hidden folders, which Manuskript reads (and deletes on saving when it did not write them). */
    private static java.util.Set<String> visibleFiles(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> java.util.Arrays.stream(p.split("/")).noneMatch(part -> part.startsWith(".")))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    @Test
    void aManuskriptRenameLeavesFileNamesAndTheRevisionHistoryAlone() throws IOException {
        Path root = sample("book-of-acts");
        String revisions = Files.readString(root.resolve("revisions.xml"));
        String scene = "outline/2-To_the_extremities_of_the_world/0-Asia_Minor_and_Greece/2-Chapter_15/2-Paul_and_Barnabas_fight_and_split.md";
        Orchestrators.Builder b = Orchestrators.builder(root).config(config("book-of-acts.continuity.yaml")).workers(1)
                .healing(SelfHealingEngine.factory(HealingPolicy.defaults()));
        BuiltIns.detectors().forEach(b::issueDetector);
        BuiltIns.strategies().forEach(b::fixStrategy);
        try (Orchestrator o = b.build()) {
            assertThat(o.scan().files()).doesNotContain("revisions.xml");
            o.scanAndRecord();
            Path sheet = root.resolve("characters/1-Paul.txt");
            Files.writeString(sheet, Files.readString(sheet).replaceFirst("Name: {16}Paul", "Name:                Saul"));
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("book-of-acts")
                    .updateType(UpdateType.CHARACTER_CHANGE).changedFile("characters/1-Paul.txt").build(), MLConfiguration.builder().build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.changedFiles()).extracting(FileChange::path).contains(scene).doesNotContain("revisions.xml");
            assertThat(Files.readString(root.resolve(scene))).contains("Saul").doesNotContain("Paul");
            assertThat(Files.readString(root.resolve("revisions.xml"))).isEqualTo(revisions);
        }
    }
}
