package dev.continuity.core.report;

import dev.continuity.api.IntegrityException;
import dev.continuity.api.UnknownExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportStoreTest {
    @TempDir
    Path root;

    @Test
    void aStoredReportReadsBackAsTheSameRecords() throws Exception {
        ReportStore store = ReportStore.of(root);
        RunReport report = SampleRun.report();

        Path file = store.save(report);

        assertThat(file).isEqualTo(root.resolve(".continuity/reports/" + SampleRun.ID + ".json"));
        assertThat(Files.readString(file)).startsWith("{\"sha256\":\"").contains("\"report\":{\"schemaVersion\":1,").endsWith("}\n");
        RunReport read = store.load(SampleRun.ID);
        assertThat(ReportFormat.JSON.render(read)).isEqualTo(ReportFormat.JSON.render(report));
        assertThat(read.timings()).isEqualTo(report.timings());
        assertThat(read.diffs()).isEqualTo(report.diffs());
        assertThat(read.request()).isEqualTo(report.request());
        try (Stream<Path> files = Files.list(store.directory())) {
            assertThat(files).as("no temp file is left behind").containsExactly(file);
        }
    }

    @Test
    void aDamagedReportIsRefusedNamingTheFileAndTheDefect() throws Exception {
        ReportStore store = ReportStore.of(root);
        Path file = store.save(SampleRun.report());
        String text = Files.readString(file);

        Files.writeString(file, text.replace("灰の冠", "灰の王"));
        assertThatThrownBy(() -> store.load(SampleRun.ID)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining(".continuity/reports/" + SampleRun.ID + ".json").hasMessageContaining("checksum");

        Files.writeString(file, text.substring(0, text.length() / 2));
        assertThatThrownBy(() -> store.load(SampleRun.ID)).isInstanceOf(IntegrityException.class).hasMessageContaining("envelope");

        Files.write(file, new byte[] {'{', (byte) 0xC3, '}'});
        assertThatThrownBy(() -> store.load(SampleRun.ID)).isInstanceOf(IntegrityException.class).hasMessageContaining("UTF-8");

        Files.writeString(store.file("exec-other"), text);
        assertThatThrownBy(() -> store.load("exec-other")).isInstanceOf(IntegrityException.class).hasMessageContaining("holds the report of " + SampleRun.ID);
    }

    @Test
    void aReportOfAnotherShapeIsRefused() throws Exception {
        ReportStore store = ReportStore.of(root);
        String json = "{\"schemaVersion\":99,\"executionId\":\"exec-x\"}";
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        Files.createDirectories(store.directory());
        Files.writeString(store.file("exec-x"), "{\"sha256\":\"" + hash + "\",\"report\":" + json + "}\n");

        assertThatThrownBy(() -> store.load("exec-x")).isInstanceOf(IntegrityException.class).hasMessageContaining("does not hold a valid report");
    }

    @Test
    void missingReportsAndIdsThatAreNotIdsAreTold() {
        ReportStore store = ReportStore.of(root);
        assertThat(store.newest()).isEmpty();
        assertThat(store.executionIds()).isEmpty();
        assertThatThrownBy(() -> store.load("exec-none")).isInstanceOf(UnknownExecutionException.class).hasMessageContaining("exec-none");
        assertThatThrownBy(() -> store.load("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an execution id");
        assertThatThrownBy(() -> store.file("a/b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNewestIsTheLastStoredAndOnlyTheNewestAreKept() throws Exception {
        ReportStore store = ReportStore.of(root);
        Path stored = store.save(SampleRun.report());
        byte[] bytes = Files.readAllBytes(stored);
        // copies of other runs, older than the stored one (only the listing and pruning are exercised)
        for (int i = 0; i < ReportStore.KEPT + 5; i++) {
            Path f = store.directory().resolve(String.format("exec-old-%03d.json", i));
            Files.write(f, bytes);
            Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
        }
        Files.setLastModifiedTime(stored, FileTime.from(Instant.parse("2026-06-01T00:00:00Z")));
        Files.writeString(store.directory().resolve("notes.txt"), "not a report");

        assertThat(store.executionIds()).hasSize(ReportStore.KEPT + 6).first().isEqualTo(SampleRun.ID);
        assertThat(store.executionIds().get(1)).isEqualTo("exec-old-" + (ReportStore.KEPT + 4));
        assertThat(store.newest().orElseThrow().executionId()).isEqualTo(SampleRun.ID);

        store.save(SampleRun.report());
        assertThat(store.executionIds()).hasSize(ReportStore.KEPT).first().isEqualTo(SampleRun.ID);
        assertThat(store.executionIds()).doesNotContain("exec-old-000", "exec-old-005").contains("exec-old-" + (ReportStore.KEPT + 4));
        assertThat(store.directory().resolve("notes.txt")).exists();
    }
}
