package dev.continuity.core.report;

import dev.continuity.api.IntegrityException;
import dev.continuity.api.UnknownExecutionException;
import dev.continuity.core.internal.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reports of a project's runs, one file per run: {@code .continuity/reports/<execution-id>.json}, holding
 * {@code {"sha256":"<hex>","report":{...}}} where the hash covers the report's JSON exactly as stored. A file is
 * written to a temp file, forced and moved into place atomically; on read, a file that does not verify, does not
 * parse or is of another schema version is refused with an {@link IntegrityException} naming it. The newest
 * {@value #KEPT} reports are kept; older ones are deleted when a new one is saved.
 *
 * <pre>{@code
 * ReportStore store = ReportStore.of(projectRoot);
 * RunReport newest = store.newest().orElseThrow();
 * RunReport that = store.load("exec-19c3f2-1a2b");
 * }</pre>
 */
public final class ReportStore {
    /** How many reports a project keeps. */
    public static final int KEPT = 100;
    private static final String SUFFIX = ".json";
    private static final String PREFIX = "{\"sha256\":\"";
    private static final String MIDDLE = "\",\"report\":";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Path directory;

    private ReportStore(Path directory) {
        this.directory = directory;
    }

    /** The reports of the project at {@code projectRoot}. */
    public static ReportStore of(Path projectRoot) {
        return new ReportStore(Objects.requireNonNull(projectRoot, "projectRoot").resolve(".continuity").resolve("reports"));
    }

    /** Where the reports are. */
    public Path directory() {
        return directory;
    }

    /** The file of a run's report (which may not exist). */
    public Path file(String executionId) {
        return directory.resolve(requireId(executionId) + SUFFIX);
    }

    /** Stores a report atomically (replacing one of the same run) and deletes the oldest beyond {@value #KEPT}; returns its file. */
    public Path save(RunReport report) {
        String json = ReportJson.compact(report);
        Path target = file(report.executionId());
        try {
            AtomicFiles.replace(target, (PREFIX + sha256(json) + MIDDLE + json + "}\n").getBytes(StandardCharsets.UTF_8));
            List<String> ids = executionIds();
            for (String old : ids.subList(Math.min(KEPT, ids.size()), ids.size())) {
                if (!old.equals(report.executionId())) {
                    Files.deleteIfExists(file(old));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + target, e);
        }
        return target;
    }

    /**
     * A run's report.
     *
     * @throws IllegalArgumentException    when the id cannot be an execution id
     * @throws UnknownExecutionException   when there is no report of that run
     * @throws IntegrityException          when the stored report is damaged
     */
    public RunReport load(String executionId) {
        Path f = file(executionId);
        if (!Files.isRegularFile(f)) {
            throw new UnknownExecutionException(executionId);
        }
        String name = directory.getParent().getParent().relativize(f).toString().replace('\\', '/');
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        } catch (CharacterCodingException e) {
            throw new IntegrityException(name, "not UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report " + f, e);
        }
        String line = text.strip();
        int hashEnd = PREFIX.length() + 64;
        if (!line.startsWith(PREFIX) || line.length() < hashEnd + MIDDLE.length() + 2 || !line.startsWith(MIDDLE, hashEnd) || !line.endsWith("}")) {
            throw new IntegrityException(name, "not a Continuity report (no checksum envelope)");
        }
        String json = line.substring(hashEnd + MIDDLE.length(), line.length() - 1);
        if (!sha256(json).equals(line.substring(PREFIX.length(), hashEnd))) {
            throw new IntegrityException(name, "its checksum does not match its content (truncated or edited)");
        }
        RunReport report;
        try {
            report = ReportJson.read(json);
        } catch (IllegalArgumentException e) {
            throw new IntegrityException(name, "it does not hold a valid report: " + e.getMessage(), e);
        }
        if (!report.executionId().equals(executionId)) {
            throw new IntegrityException(name, "it holds the report of " + report.executionId());
        }
        return report;
    }

    /** The newest report (by the time it was stored), if any. */
    public Optional<RunReport> newest() {
        return executionIds().stream().findFirst().map(this::load);
    }

    /** The execution ids of the stored reports, newest first. */
    public List<String> executionIds() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        record Entry(String id, FileTime modified) {}
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(SUFFIX) && ID.matcher(n.substring(0, n.length() - SUFFIX.length())).matches() && Files.isRegularFile(p)) {
                    entries.add(new Entry(n.substring(0, n.length() - SUFFIX.length()), Files.getLastModifiedTime(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the reports in " + directory, e);
        }
        entries.sort(Comparator.comparing(Entry::modified).reversed().thenComparing(Entry::id, Comparator.reverseOrder()));
        return entries.stream().map(Entry::id).toList();
    }

    private static String requireId(String executionId) {
        Objects.requireNonNull(executionId, "executionId");
        if (!ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException("'" + executionId + "' is not an execution id (letters, digits, '.', '_' and '-')");
        }
        return executionId;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
