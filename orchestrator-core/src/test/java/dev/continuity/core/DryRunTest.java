package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.ProjectFileException;
import dev.continuity.api.UpdateType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A dry run writes nothing at all: no project file, no history, nothing under {@code .continuity/}. */
class DryRunTest {
    @TempDir
    Path dir;

    @Test
    void aDryRunWritesNothingAnywhereInTheProject() throws IOException {
        Fixture.saga(dir);
        ConsistencyUpdateRequest request = ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE)
                .changedFile("20_プロット/全体構成.yaml").dryRun(true).build();
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            o.scanAndRecord();
            Map<String, String> before = everyFile(dir);
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(request, MLConfiguration.builder().confidenceThreshold(0.3).build());
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.stepResults()).isNotEmpty();
            assertThat(r.changedFiles()).isEmpty();
            assertThat(everyFile(dir)).isEqualTo(before);
            assertThat(dir.resolve(".continuity/history.jsonl")).doesNotExist();
        }
    }

    @Test
    void aDryRunForeseesTheRefusalOfAReadOnlyFileTheRealRunWouldWrite() throws IOException {
        Fixture.saga(dir);
        ConsistencyUpdateRequest request = ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE)
                .changedFile("20_プロット/全体構成.yaml").dryRun(true).build();
        MLConfiguration ml = MLConfiguration.builder().confidenceThreshold(0.3).build();
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            EnhancedUpdateResponse writable = o.executeIntelligentUpdate(request, ml);
            assertThat(writable.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            String written = writable.stepResults().stream().filter(s -> s.file().startsWith("40_原稿/")).findFirst().orElseThrow().file();
            Path file = dir.resolve(written);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
            try {
                EnhancedUpdateResponse r = o.executeIntelligentUpdate(request, ml);
                assertThat(r.status()).as("the real run's commit would be refused").isEqualTo(ExecutionStatus.ROLLED_BACK);
                assertThat(r.diagnostics()).filteredOn(d -> d.code().equals("read-only")).singleElement()
                        .satisfies(d -> assertThat(d.message()).contains(written, "is read-only", "make it writable"));
            } finally {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    @Test
    void aChangedFileMustBeAFileOfTheProject() {
        Fixture.saga(dir);
        try (Orchestrator o = Orchestrators.builder(dir).build()) {
            o.scanAndRecord();
            assertThatThrownBy(() -> o.impact(request(".continuity/scan-state.json"), MLConfiguration.builder().build()))
                    .isInstanceOf(ProjectFileException.class).hasMessageContaining("is Continuity's own state");
            assertThatThrownBy(() -> o.impact(request("20_プロット"), MLConfiguration.builder().build()))
                    .isInstanceOf(ProjectFileException.class).hasMessageContaining("20_プロット: is a folder, not a file");
        }
    }

    private static ConsistencyUpdateRequest request(String file) {
        return ConsistencyUpdateRequest.builder().changedFile(file).build();
    }

    /** Every file under the root, .continuity/ included, with its content. */
    static Map<String, String> everyFile(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(f).toString(), java.util.HexFormat.of().formatHex(Files.readAllBytes(f)));
            }
        }
        return files;
    }
}
