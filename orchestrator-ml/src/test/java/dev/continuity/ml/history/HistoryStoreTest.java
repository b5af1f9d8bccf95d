package dev.continuity.ml.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryStoreTest {

    @TempDir
    Path project;

    static UpdateHistoryRecord record(int i) {
        return new UpdateHistoryRecord("run-" + i, Optional.of("c" + i), i == 0 ? Optional.empty() : Optional.of("c" + (i - 1)),
                OffsetDateTime.of(2024, 1, 1 + i, 9, 30, 0, 0, ZoneOffset.ofHours(9)),
                i % 2 == 0 ? Optional.of("作者 " + i) : Optional.empty(), RecordSource.ORCHESTRATOR,
                List.of(new ChangedFile("20_プロット/全体構成.yaml", 3, 1, ChangeKind.MODIFIED),
                        new ChangedFile("40_原稿/第1巻/第" + i + "話.md", 10, 0, ChangeKind.ADDED)),
                List.of("30_設定集/キャラクター.yaml"), List.of("30_設定集/キャラクター.yaml", "50_管理資料/年表.md"),
                Map.of("plan", Duration.ofMillis(12), "execute", Duration.ofMillis(340)), i == 3 ? List.of("timeout") : List.of());
    }

    /** A record {@code run-<i>} for any {@code i >= 0}, {@code i} minutes into 2024. */
    static UpdateHistoryRecord numbered(int i) {
        UpdateHistoryRecord r = record(1);
        return new UpdateHistoryRecord("run-" + i, r.commit(), r.parentCommit(),
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(i), r.author(), r.source(),
                r.changedFiles(), r.predictedFiles(), r.affectedFiles(), r.stepDurations(), r.failures(), r.flaggedFiles());
    }

    @Test
    void roundTripsRecordsInOrder() {
        HistoryStore store = HistoryStore.forProject(project);
        assertThat(store.readAll()).isEmpty();
        store.append(record(0));
        store.appendAll(List.of(record(1), record(2), record(3)));

        List<UpdateHistoryRecord> read = store.readAll();

        assertThat(read).containsExactly(record(0), record(1), record(2), record(3));
        assertThat(store.file()).isEqualTo(project.resolve(".continuity/history.jsonl"));
    }

    @Test
    void everyLineIsJsonWithAChecksumField() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(List.of(record(0), record(1)));
        List<String> lines = Files.readAllLines(store.file(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).matches("\\{\"crc32c\":\"[0-9a-f]{8}\",\"record\":\\{.*\\}\\}"));
    }

    @Test
    void detectsATruncatedLastLine() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(List.of(record(0), record(1), record(2)));
        byte[] bytes = Files.readAllBytes(store.file());
        Files.write(store.file(), Arrays.copyOf(bytes, bytes.length - 25));

        assertThatThrownBy(store::readAll).isInstanceOf(HistoryCorruptionException.class)
                .hasMessageContaining(store.file().toString()).hasMessageContaining("line 3")
                .satisfies(e -> assertThat(((HistoryCorruptionException) e).line()).isEqualTo(3));
        assertThatThrownBy(() -> store.append(record(3))).isInstanceOf(HistoryCorruptionException.class)
                .hasMessageContaining("refusing to append");
    }

    @Test
    void detectsALineTruncatedInTheMiddleOfTheFile() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(List.of(record(0), record(1), record(2)));
        List<String> lines = Files.readAllLines(store.file(), StandardCharsets.UTF_8);
        String cut = lines.get(1).substring(0, lines.get(1).length() / 2);
        Files.writeString(store.file(), lines.get(0) + "\n" + cut + "\n" + lines.get(2) + "\n", StandardCharsets.UTF_8);

        assertThatThrownBy(store::readAll).isInstanceOf(HistoryCorruptionException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void detectsAZeroedLine() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(List.of(record(0), record(1), record(2)));
        byte[] bytes = Files.readAllBytes(store.file());
        int start = indexOfLine(bytes, 1);
        int end = indexOfLine(bytes, 2) - 1;
        Arrays.fill(bytes, start, end, (byte) 0);
        Files.write(store.file(), bytes);

        assertThatThrownBy(store::readAll).isInstanceOf(HistoryCorruptionException.class)
                .hasMessageContaining("line 2").hasMessageContaining("NUL");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 14, 40, 80, 150, 260, -2})
    void detectsASingleBitFlipAnywhereInALine(int offsetInLine) throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(List.of(record(0), record(1), record(2)));
        byte[] bytes = Files.readAllBytes(store.file());
        int start = indexOfLine(bytes, 1);
        int end = indexOfLine(bytes, 2) - 1;
        int at = offsetInLine >= 0 ? start + offsetInLine : end + offsetInLine;
        for (int bit = 0; bit < 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[at] ^= (byte) (1 << bit);
            Files.write(store.file(), flipped);
            assertThatThrownBy(store::readAll).as("bit %d at %d", bit, at)
                    .isInstanceOf(HistoryCorruptionException.class).hasMessageContaining(store.file().toString())
                    .hasMessageContaining("line 2");
        }
    }

    @Test
    void detectsGarbageAppendedByAnotherWriter() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.append(record(0));
        Files.writeString(store.file(), "{\"record\":{}}\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(store::readAll).isInstanceOf(HistoryCorruptionException.class).hasMessageContaining("line 2");
    }

    private static int indexOfLine(byte[] bytes, int line) {
        int seen = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (seen == line) {
                return i;
            }
            if (bytes[i] == '\n') {
                seen++;
            }
        }
        return seen == line ? bytes.length : -1;
    }

    @Test
    void aTornLastLineIsSetAsideAndAppendingWorksAgain() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(List.of(record(0), record(1), record(2)));
        byte[] bytes = Files.readAllBytes(store.file());
        byte[] torn = Arrays.copyOf(bytes, bytes.length - 25);
        Files.write(store.file(), torn);

        HistoryStore.Repair repair = store.repair().orElseThrow();

        assertThat(repair.kept()).isEqualTo(2);
        assertThat(repair.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).contains("torn");
        });
        assertThat(Files.readAllBytes(repair.original())).as("the file as it was, byte for byte").isEqualTo(torn);
        assertThat(repair.original().getParent()).isEqualTo(store.file().getParent());
        assertThat(repair.describe()).contains(store.file().toString()).contains("line 3").contains(repair.original().toString());
        assertThat(store.readAll()).containsExactly(record(0), record(1));
        store.append(record(3));
        assertThat(store.readAll()).containsExactly(record(0), record(1), record(3));
        assertThat(store.repair()).as("a sound history is left alone").isEmpty();
    }

    @Test
    void aDamagedLineInTheMiddleIsSetAsideAndTheOthersKeptInOrder() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(List.of(record(0), record(1), record(2), record(3)));
        byte[] bytes = Files.readAllBytes(store.file());
        int second = indexOfNewline(bytes, 0) + 1;
        bytes[second + 40] ^= 0x01;
        Files.write(store.file(), bytes);

        HistoryStore.Repair repair = store.repair().orElseThrow();

        assertThat(repair.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(2));
        assertThat(repair.kept()).isEqualTo(3);
        assertThat(Files.readAllBytes(repair.original())).isEqualTo(bytes);
        assertThat(store.readAll()).containsExactly(record(0), record(2), record(3));
        try (var files = Files.list(store.file().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no temporary file left behind").containsExactlyInAnyOrder("history.jsonl",
                            repair.original().getFileName().toString(), "history.jsonl.lock");
        }
    }

    @Test
    void aSoundOrMissingHistoryNeedsNoRepairAndIsNotWritten() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        assertThat(store.repair()).isEmpty();
        assertThat(store.file()).doesNotExist();
        store.appendAll(List.of(record(0), record(1)));
        var modified = Files.getLastModifiedTime(store.file());
        assertThat(store.repair()).isEmpty();
        assertThat(Files.getLastModifiedTime(store.file())).isEqualTo(modified);
        try (var files = Files.list(store.file().getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("history.jsonl",
                    "history.jsonl.lock");
        }
    }

    private static int indexOfNewline(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void retainKeepsTheOtherLinesByteForByteAndLeavesADamagedFileAlone() throws IOException {
        HistoryStore store = HistoryStore.forProject(project);
        store.appendAll(List.of(record(0), record(1), record(2), record(3)));
        List<String> lines = Files.readAllLines(store.file(), StandardCharsets.UTF_8);

        assertThat(store.retain(r -> !r.id().equals("run-1") && !r.id().equals("run-3"))).isEqualTo(2);
        assertThat(Files.readAllLines(store.file(), StandardCharsets.UTF_8)).containsExactly(lines.get(0), lines.get(2));
        assertThat(store.retain(r -> true)).isZero();

        Files.writeString(store.file(), "{torn", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        byte[] damaged = Files.readAllBytes(store.file());
        assertThat(store.retain(r -> false)).as("a damaged file is for repair()").isZero();
        assertThat(Files.readAllBytes(store.file())).isEqualTo(damaged);
    }

    @Test
    void anotherProcessAppendingWhileThisOneRewritesLosesNoRecord() throws Exception {
        HistoryStore store = HistoryStore.forProject(project);
        store.append(numbered(0));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = java.util.stream.Stream.of(HistoryAppenderChild.class, HistoryStore.class,
                        com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                        com.fasterxml.jackson.annotation.JsonProperty.class, dev.continuity.api.OrchestratorException.class)
                .map(c -> {
                    try {
                        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                }).distinct().collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        Process child = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp", classpath,
                HistoryAppenderChild.class.getName(), store.file().toString(), "100", "150")
                .redirectErrorStream(true).start();
        // meanwhile this process rewrites the file again and again, as the git sync does when commits were rewritten
        int rewrites = 0;
        int dropped = 0;
        while (child.isAlive() || rewrites == 0) {
            store.append(numbered(10_000 + rewrites));
            dropped += store.retain(r -> r.id().length() < "run-10000".length());
            rewrites++;
        }
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(output).isZero();

        List<String> ids = store.readAll().stream().map(UpdateHistoryRecord::id).toList();
        assertThat(ids).as("%d rewrites", rewrites).contains("run-0")
                .containsAll(java.util.stream.IntStream.range(100, 250).mapToObj(i -> "run-" + i).toList());
        assertThat(dropped).isPositive();
        assertThat(Files.exists(project.resolve(".continuity/history.jsonl.lock"))).isTrue();
    }

    @Test
    void aHistoryWhoseLockFileCannotBeWrittenIsStillReadButNotWritten() throws Exception {
        HistoryStore store = HistoryStore.forProject(project);
        store.append(numbered(0));
        Path lock = project.resolve(".continuity/history.jsonl.lock");
        Files.delete(lock);
        Files.createDirectory(lock);       // what a read-only folder is to the lock: a file that cannot be opened to write

        assertThat(store.readAll()).extracting(UpdateHistoryRecord::id).containsExactly("run-0");
        assertThatThrownBy(() -> store.append(numbered(1))).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot lock history file").hasMessageContaining("history.jsonl.lock");
        assertThat(store.readAll()).hasSize(1);
    }

    @Test
    void twoInstancesThroughALinkToTheProjectTakeTurnsToo(@org.junit.jupiter.api.io.TempDir Path elsewhere)
            throws Exception {
        HistoryStore direct = HistoryStore.forProject(project);
        direct.append(numbered(0));
        Path link = Files.createSymbolicLink(elsewhere.resolve("link"), project);
        HistoryStore viaLink = HistoryStore.forProject(link);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> appends = pool.submit(() -> {
                for (int i = 1; i <= 100; i++) {
                    viaLink.append(numbered(i));
                }
            });
            java.util.concurrent.Future<?> rewrites = pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    direct.append(numbered(10_000 + i));
                    direct.retain(r -> r.id().length() < "run-10000".length());
                }
            });
            appends.get();
            rewrites.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(direct.readAll()).extracting(UpdateHistoryRecord::id)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, 100).mapToObj(i -> "run-" + i).toList());
    }
}
