package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.core.project.HardenedYaml;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectConfigLoader;
import dev.continuity.core.project.ProjectScanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One test's project: a fresh copy of a template in a temporary folder, an orchestrator bound to it (built on first
 * use, with the test's clock), and helpers to read, edit and snapshot files. Deleted after the test.
 */
public final class TestProject implements AutoCloseable {
    private final Path root;
    private final TestClock clock;
    private final Consumer<Orchestrators.Builder> configure;
    private Orchestrator orchestrator;
    private boolean closed;

    TestProject(Path root, TestClock clock, Consumer<Orchestrators.Builder> configure) {
        this.root = root;
        this.clock = clock;
        this.configure = configure;
    }

    /**
     * A project copied from a template into a new temporary folder, outside any extension. Close it to delete it.
     *
     * @param template  the project to copy
     * @param clock     the clock of the test and of the orchestrator
     * @param configure configures the orchestrator's builder when it is first built (after the clock and a seeded
     *                  random source are set)
     * @return the project
     * @throws UncheckedIOException when the folder cannot be created or the template cannot be copied
     */
    public static TestProject copyOf(ProjectTemplate template, TestClock clock, Consumer<Orchestrators.Builder> configure) {
        try {
            Path dir = Files.createTempDirectory("continuity-test-");
            template.copyTo(dir);
            return new TestProject(dir, clock, configure);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary project", e);
        }
    }

    /** {@return the project's root folder, a temporary folder deleted by {@link #close()}} */
    public Path root() {
        return root;
    }

    /** {@return the test's clock (also the orchestrator's)} */
    public TestClock clock() {
        return clock;
    }

    /**
     * {@return the orchestrator for this project, built on first use with the extension's configuration, the test clock
     * and a seeded random source}
     */
    public synchronized Orchestrator orchestrator() {
        if (orchestrator == null) {
            Orchestrators.Builder b = Orchestrators.builder(root).clock(clock).random(java.util.random.RandomGenerator.of("L64X128MixRandom"));
            configure.accept(b);
            orchestrator = b.build();
        }
        return orchestrator;
    }

    /** Closes the orchestrator, so the next {@link #orchestrator()} builds a new one (e.g. after changing continuity.yaml). */
    public synchronized void rebuild() {
        if (orchestrator != null) {
            orchestrator.close();
            orchestrator = null;
        }
    }

    /**
     * A file's text.
     *
     * @param path relative to the project root
     * @return its content, decoded as UTF-8
     * @throws UncheckedIOException when it cannot be read (it does not exist, say)
     */
    public String read(String path) {
        try {
            return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /**
     * Whether a file exists.
     *
     * @param path relative to the project root
     * @return whether it is a regular file
     */
    public boolean exists(String path) {
        return Files.isRegularFile(root.resolve(path));
    }

    /**
     * Writes a file (UTF-8), creating folders; an existing file is replaced.
     *
     * @param path relative to the project root
     * @param text the whole new content
     * @return this project
     * @throws UncheckedIOException when it cannot be written
     */
    public TestProject write(String path, String text) {
        try {
            Path p = root.resolve(path);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /**
     * Replaces every occurrence of {@code from} in a file.
     *
     * @param path relative to the project root
     * @param from the text to replace, as is (no pattern)
     * @param to   the replacement
     * @return this project
     * @throws IllegalArgumentException when the file does not contain {@code from} (a seed that silently did nothing
     *                                  would make a test pass for the wrong reason)
     */
    public TestProject replace(String path, String from, String to) {
        String text = read(path);
        if (!text.contains(from)) {
            throw new IllegalArgumentException(path + " does not contain '" + from + "'");
        }
        return write(path, text.replace(from, to));
    }

    /**
     * Appends text to a file.
     *
     * @param path relative to the project root; the file must exist
     * @param text the text to add at its end
     * @return this project
     * @throws UncheckedIOException when it cannot be read or written
     */
    public TestProject append(String path, String text) {
        return write(path, read(path) + text);
    }

    /**
     * Every file's bytes, to compare two snapshots with {@link #changedBetween}.
     *
     * @return the content of every file by project-relative path, {@code /}-separated and sorted;
     *         {@code .continuity/} left out
     */
    public Map<String, byte[]> snapshot() {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith(".continuity/")) {
                    out.put(rel, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot " + root, e);
        }
        return out;
    }

    /**
     * The paths whose bytes differ between two snapshots.
     *
     * @param before the earlier {@link #snapshot()}
     * @param after  the later one
     * @return the paths added, removed or changed, sorted
     */
    public static List<String> changedBetween(Map<String, byte[]> before, Map<String, byte[]> after) {
        TreeMap<String, Boolean> paths = new TreeMap<>();
        before.keySet().forEach(k -> paths.put(k, true));
        after.keySet().forEach(k -> paths.put(k, true));
        return paths.keySet().stream().filter(k -> !java.util.Arrays.equals(before.get(k), after.get(k))).toList();
    }

    /** {@return a fresh scan, as the orchestrator sees the project} */
    public Project scan() {
        return orchestrator().scan();
    }

    /** {@return a scan, recorded as the rename baseline ({@code .continuity/scan-state.json}), as {@code continuity scan} does} */
    public Project recordScan() {
        return orchestrator().scanAndRecord();
    }

    /**
     * {@return a scanner of this project that no orchestrator holds, with the project's {@code continuity.yaml} and
     * default YAML limits, without extra extractors: for overlay scans of staged states in tests}
     */
    public ProjectScanner newScanner() {
        HardenedYaml yaml = new HardenedYaml();
        return new ProjectScanner(root, new ProjectConfigLoader(yaml).load(root), yaml, List.of());
    }

    /**
     * Runs an update with {@link MLConfiguration#defaults()}.
     *
     * @param request the change
     * @return the run's response
     */
    public EnhancedUpdateResponse update(ConsistencyUpdateRequest request) {
        return orchestrator().executeIntelligentUpdate(request, MLConfiguration.defaults());
    }

    /** {@return the issues the registered detectors find now} */
    public List<ConsistencyIssue> detectIssues() {
        return orchestrator().detectIssues();
    }

    /** {@return what healing did: it detects the issues, then heals them, writing the fixes that held} */
    public List<SelfHealingAction> heal() {
        return orchestrator().applySelfHealing(orchestrator().detectIssues());
    }

    /** Closes the orchestrator and deletes the folder. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        rebuild();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test project " + root, e);
        }
    }

    @Override
    public String toString() {
        return "TestProject[" + root + "]";
    }

    static Consumer<Orchestrators.Builder> nothing() {
        return b -> Objects.requireNonNull(b);
    }
}
