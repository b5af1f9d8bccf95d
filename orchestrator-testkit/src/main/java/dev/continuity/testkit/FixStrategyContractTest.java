package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Diagnostic;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.core.execute.StagingProjectWriter;
import dev.continuity.core.handlers.ReviewMarkingHandler;
import dev.continuity.core.project.PathGuard;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The contract every {@link FixStrategy} must honour. Extend it in your tests, say which template to copy, how to seed
 * the problem your strategy fixes, and which detectors find it; every test of this class then runs against your
 * strategy:
 *
 * <pre>{@code
 * class PlaceNamingStrategyContractTest extends FixStrategyContractTest {
 *     @Override protected FixStrategy strategy() { return new PlaceNamingStrategy(); }
 *     @Override protected List<IssueDetector> detectors() { return List.of(new PlaceNamingDetector()); }
 *     @Override protected ProjectTemplate template() { return ProjectTemplate.classpath("novels/my-saga"); }
 *     @Override protected void seed(TestProject project) {
 *         project.replace("20_plot/ch1.yaml", "locations: [Capital]", "locations: [the white city]");
 *     }
 * }
 * }</pre>
 *
 * The contract:
 * <ul>
 *   <li>the seeded problem is detected, and the strategy accepts ({@code canFix}) the issue;</li>
 *   <li>it writes only through the writer it is given: nothing reaches the disk during {@code apply};</li>
 *   <li>its outcome is honest: {@code APPLIED} exactly when it staged a change; otherwise it changes no content (a
 *       {@code NEEDS_HUMAN} may leave a review sidecar), and the description is never blank;</li>
 *   <li>an applied fix is verified: on the staged state the detectors no longer report the issue, report no new issue,
 *       and every file it wrote can still be read;</li>
 *   <li>it is idempotent: applied again to the fixed state it changes nothing more;</li>
 *   <li>it leaves alone an issue it does not handle, and a stale issue (the problem is gone): no exception, no change.</li>
 * </ul>
 * Each call into the strategy is limited to {@link #timeLimit()}.
 */
public abstract class FixStrategyContractTest {
    private TestProject project;

    /** For the contract test of a strategy, which extends this class. */
    protected FixStrategyContractTest() {
    }

    /** A fresh instance of the strategy under test. */
    protected abstract FixStrategy strategy();

    /** The project each test copies. */
    protected abstract ProjectTemplate template();

    /** Puts the problem the strategy fixes into the copy (which is consistent before). */
    protected abstract void seed(TestProject project);

    /** The detectors that find the problem, and verify the fix. */
    protected abstract List<IssueDetector> detectors();

    /** Whether the strategy should fix the seeded issue ({@code APPLIED}); false when it should leave it to a human. */
    protected boolean expectsFix() {
        return true;
    }

    /** Where the clock stands during the calls. */
    protected Instant now() {
        return TestClock.DEFAULT_START;
    }

    /** How long one call into the strategy may take. */
    protected Duration timeLimit() {
        return Duration.ofSeconds(30);
    }

    @BeforeEach
    final void copyTemplate() {
        project = TestProject.copyOf(template(), TestClock.at(now()), b -> { });
    }

    @AfterEach
    final void deleteCopy() {
        if (project != null) {
            project.close();
        }
    }

    @Test
    void theSeededProblemIsDetectedAndTheStrategyAcceptsIt() {
        Seeded s = seeded();
        assertThat(s.issue().type()).isNotBlank();
    }

    @Test
    void writesOnlyThroughItsWriter() {
        Seeded s = seeded();
        Map<String, byte[]> before = project.snapshot();
        apply(s.state(), Map.of(), s.issue());
        assertThat(TestProject.changedBetween(before, project.snapshot())).as("files changed on disk during apply(), not through the writer").isEmpty();
    }

    @Test
    void reportsItsOutcomeHonestly() {
        Seeded s = seeded();
        Attempt a = apply(s.state(), Map.of(), s.issue());
        assertThat(a.result().description()).as("the description of %s", a.result().outcome()).isNotBlank();
        Map<String, byte[]> content = content(a.changes());
        if (a.result().outcome() == FixOutcome.APPLIED) {
            assertThat(content).as("an APPLIED fix must have staged a change (%s)", a.result().description()).isNotEmpty();
        } else {
            assertThat(content.keySet()).as("a %s result must not change content (%s)", a.result().outcome(), a.result().description()).isEmpty();
            if (a.result().outcome() != FixOutcome.NEEDS_HUMAN) {
                assertThat(a.changes()).as("only NEEDS_HUMAN may leave review marks").isEmpty();
            }
        }
        if (expectsFix()) {
            assertThat(a.result().outcome()).as(a.result().description()).isEqualTo(FixOutcome.APPLIED);
        } else {
            assertThat(a.result().outcome()).as(a.result().description()).isIn(FixOutcome.NEEDS_HUMAN, FixOutcome.NOT_APPLICABLE);
        }
    }

    @Test
    void anAppliedFixIsVerifiedByTheDetectors() {
        Seeded s = seeded();
        Attempt a = apply(s.state(), Map.of(), s.issue());
        if (a.result().outcome() != FixOutcome.APPLIED) {
            assertThat(expectsFix()).as("the strategy did not apply a fix: %s", a.result().description()).isFalse();
            return;
        }
        Project fixed = s.scanner().overlay(s.state(), a.changes());
        List<Diagnostic> unreadable = fixed.errors().stream().filter(d -> a.changes().containsKey(d.file())).toList();
        assertThat(unreadable).as("files the fix made unreadable").isEmpty();
        List<ConsistencyIssue> after = detect(fixed);
        assertThat(after).extracting(ConsistencyIssue::id).as("the fixed issue is still detected").doesNotContain(s.issue().id());
        Set<String> before = new HashSet<>(s.issues().stream().map(ConsistencyIssue::id).toList());
        assertThat(after).filteredOn(i -> !before.contains(i.id())).as("issues the fix introduced").isEmpty();
    }

    @Test
    void isIdempotent() {
        Seeded s = seeded();
        Attempt first = apply(s.state(), Map.of(), s.issue());
        Project fixed = s.scanner().overlay(s.state(), first.changes());
        Attempt second = apply(fixed, first.changes(), s.issue());
        assertThat(content(second.changes()).keySet()).as("a second run changed more (%s: %s)", second.result().outcome(), second.result().description())
                .isEmpty();
        if (first.result().outcome() == FixOutcome.APPLIED) {
            assertThat(second.result().outcome()).as("applied again to the state its fix produced, it still answered APPLIED (%s); "
                    + "a strategy must see that its fix is in place and answer NOT_APPLICABLE", second.result().description())
                    .isNotEqualTo(FixOutcome.APPLIED);
        }
    }

    @Test
    void leavesAnIssueItDoesNotHandleAlone() {
        Seeded s = seeded();
        ConsistencyIssue unrelated = new ConsistencyIssue("contract-test/unrelated:" + s.issue().file() + "#x", "contract-test/unrelated", Severity.INFO,
                s.issue().file(), 1, Optional.empty(), "an issue no strategy knows", List.of(), Optional.empty(), "contract-test");
        FixStrategy strategy = strategy();
        if (!strategy.canFix(unrelated)) {
            return;
        }
        Attempt a = apply(s.state(), Map.of(), unrelated);
        assertThat(a.result().outcome()).as(a.result().description()).isNotEqualTo(FixOutcome.APPLIED);
        assertThat(content(a.changes())).isEmpty();
    }

    @Test
    void handlesAStaleIssueWithoutChangingAnything() {
        Seeded s = seeded();
        TestProject clean = TestProject.copyOf(template(), TestClock.at(now()), b -> { });
        try {
            ProjectScanner scanner = clean.newScanner();
            Project state = scanner.scan();
            Attempt a = apply(clean, state, Map.of(), s.issue());
            assertThat(a.result().outcome()).as("the problem is gone, yet: %s", a.result().description()).isNotEqualTo(FixOutcome.APPLIED);
            assertThat(content(a.changes())).isEmpty();
        } finally {
            clean.close();
        }
    }

    // ---- machinery ---------------------------------------------------------------------------------------------

    /** The seeded project: its scanner, its scan, what the detectors found, and the issue the strategy accepts. */
    protected record Seeded(ProjectScanner scanner, Project state, List<ConsistencyIssue> issues, ConsistencyIssue issue) {}

    /** What one call did. */
    protected record Attempt(FixResult result, Map<String, byte[]> changes) {}

    /** Seeds the project and finds the issue the strategy accepts. */
    protected Seeded seeded() {
        seed(project);
        ProjectScanner scanner = project.newScanner();
        Project state = scanner.scan();
        List<ConsistencyIssue> issues = detect(state);
        FixStrategy strategy = strategy();
        ConsistencyIssue issue = issues.stream().filter(strategy::canFix).findFirst().orElseGet(() -> fail(
                "after seed(), the detectors " + detectors().stream().map(IssueDetector::id).toList() + " found " + issues.stream().map(ConsistencyIssue::id).toList()
                        + ", none of which " + strategy.id() + ".canFix() accepts"));
        return new Seeded(scanner, state, issues, issue);
    }

    private List<ConsistencyIssue> detect(ProjectSnapshot state) {
        return detectors().stream().flatMap(d -> d.detect(state).stream()).toList();
    }

    private Attempt apply(Project state, Map<String, byte[]> layer, ConsistencyIssue issue) {
        return apply(project, state, layer, issue);
    }

    private Attempt apply(TestProject where, Project state, Map<String, byte[]> layer, ConsistencyIssue issue) {
        LayeredWriter writer = new LayeredWriter(new StagingProjectWriter(new PathGuard(where.root())), layer);
        FixStrategy strategy = strategy();
        InstantSource clock = InstantSource.fixed(now());
        FixContext ctx = new Ctx(state, writer, clock);
        FixResult result = assertTimeoutPreemptively(timeLimit(), () -> strategy.apply(issue, ctx), () -> strategy.id() + " took longer than " + timeLimit());
        assertThat(result).as("%s returned null", strategy.id()).isNotNull();
        return new Attempt(result, writer.changes());
    }

    private static Map<String, byte[]> content(Map<String, byte[]> changes) {
        Map<String, byte[]> out = new LinkedHashMap<>(changes);
        out.keySet().removeIf(p -> p.endsWith(ReviewMarkingHandler.SIDECAR_SUFFIX));
        return out;
    }

    private record Ctx(ProjectSnapshot project, ProjectWriter writer, InstantSource clock) implements FixContext {}

    /** Stages writes (confined to the root); reads see the staged layer first. Keeps only writes that change bytes. */
    private static final class LayeredWriter implements ProjectWriter {
        private final StagingProjectWriter own;
        private final Map<String, byte[]> layer;

        LayeredWriter(StagingProjectWriter own, Map<String, byte[]> layer) {
            this.own = own;
            this.layer = layer;
        }

        @Override
        public void write(String path, byte[] content) {
            own.write(path, content);
        }

        @Override
        public Optional<byte[]> read(String path) {
            String norm = PathGuard.normalize(path);
            Map<String, byte[]> mine = own.staged();
            if (mine.containsKey(norm)) {
                return Optional.of(mine.get(norm));
            }
            return layer.containsKey(norm) ? Optional.of(layer.get(norm).clone()) : own.readOriginal(norm);
        }

        Map<String, byte[]> changes() {
            Map<String, byte[]> out = new LinkedHashMap<>();
            own.staged().forEach((p, b) -> {
                byte[] before = layer.containsKey(p) ? layer.get(p) : own.readOriginal(p).orElse(null);
                if (before == null || !Arrays.equals(before, b)) {
                    out.put(p, b);
                }
            });
            return out;
        }
    }
}
