package dev.continuity.testkit;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.healing.detect.BrokenReferenceDetector;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Runs the contract against strategies that break it, and checks that exactly the broken rule fails. */
class TheContractCatchesViolationsTest {
    /** The broken contracts run only when this test launches them, never on their own. */
    static final String FIXTURES = "continuity.testkit.contract-fixtures";
    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of(WritesToDisk.class, "writesOnlyThroughItsWriter()"),
                Arguments.of(ClaimsWithoutWriting.class, "reportsItsOutcomeHonestly()"),
                Arguments.of(FixesTheWrongThing.class, "anAppliedFixIsVerifiedByTheDetectors()"),
                Arguments.of(NeverDone.class, "isIdempotent()"));
    }

    @ParameterizedTest
    @MethodSource("violations")
    void theBrokenRuleFails(Class<?> contract, String rule) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        System.setProperty(FIXTURES, "true");
        try {
            LauncherFactory.create().execute(request, listener);
        } finally {
            System.clearProperty(FIXTURES);
        }
        List<String> failed = listener.getSummary().getFailures().stream().map(TestExecutionSummary.Failure::getTestIdentifier)
                .map(t -> t.getDisplayName()).toList();
        assertThat(failed).contains(rule);
        assertThat(listener.getSummary().getTestsSucceededCount()).as("the other rules hold").isPositive();
    }

    /** A base for the broken strategies: Bob is misspelt in chapter 2's plot. */
    abstract static class Broken extends FixStrategyContractTest {
        @Override protected List<IssueDetector> detectors() { return List.of(new BrokenReferenceDetector()); }
        @Override protected ProjectTemplate template() { return ProjectTemplate.classpath("templates/tiny"); }
        @Override protected void seed(TestProject project) { project.replace("20_plot/ch2.yaml", "characters: [Bob]", "characters: [Bobb]"); }

        static String text(FixContext ctx) {
            return new String(ctx.writer().read("20_plot/ch2.yaml").orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
    static class WritesToDisk extends Broken {
        @Override protected FixStrategy strategy() {
            return (issue, ctx) -> {
                try {
                    Files.writeString(findRoot(ctx).resolve("50_notes/ideas.md"), "overwritten behind the writer's back\n");
                    ctx.writer().writeText("20_plot/ch2.yaml", text(ctx).replace("Bobb", "Bob"));
                    return FixResult.applied("fixed, and more");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        }

        private static Path findRoot(FixContext ctx) {
            return ((dev.continuity.core.project.Project) ctx.project()).root();
        }
    }

    @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
    static class ClaimsWithoutWriting extends Broken {
        @Override protected FixStrategy strategy() { return (issue, ctx) -> FixResult.applied("fixed (not really)"); }
    }

    @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
    static class FixesTheWrongThing extends Broken {
        @Override protected FixStrategy strategy() {
            return (issue, ctx) -> {
                ctx.writer().writeText("20_plot/ch2.yaml", text(ctx).replace("title: The Road", "title: The Long Road"));
                return FixResult.applied("changed the title");
            };
        }
    }

    @EnabledIfSystemProperty(named = FIXTURES, matches = "true")
    static class NeverDone extends Broken {
        @Override protected FixStrategy strategy() {
            return new FixStrategy() {
                @Override public FixResult apply(ConsistencyIssue issue, FixContext ctx) {
                    ctx.writer().writeText("20_plot/ch2.yaml", text(ctx).replace("Bobb", "Bob") + "# touched\n");
                    return FixResult.applied("fixed and touched");
                }
            };
        }
    }
}
