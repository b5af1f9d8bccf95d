package dev.continuity.core.plan;

import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.UpdateHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The handler estimates: measured means and shrunk failure rates, saved and read back, a bad file ignored. */
class HandlerEstimatesTest {
    @TempDir
    Path dir;

    /** A handler whose priors are 10 s and a failure probability of 0.5. */
    private static final UpdateHandler LLM = new UpdateHandler() {
        @Override public HandlerResult apply(dev.continuity.api.spi.StepContext c) { return HandlerResult.unchanged("-"); }
        @Override public String id() { return "llm"; }
        @Override public Duration estimatedDuration() { return Duration.ofSeconds(10); }
        @Override public double failureProbability() { return 0.5; }
    };

    private static StepResult step(String id, String handler, StepOutcome outcome, long millis, int attempts) {
        return new StepResult(id, "f" + id + ".md", handler, outcome, "", Duration.ofMillis(millis), attempts, Optional.empty(), List.of());
    }

    @Test
    void thePriorHoldsUntilTheHandlerRanEnoughStepsThenTheMeasuredMean() {
        HandlerEstimates e = HandlerEstimates.none().with(List.of(step("1", "llm", StepOutcome.UPDATED, 100, 1), step("2", "llm", StepOutcome.UPDATED, 300, 1)));
        assertThat(e.duration(LLM)).isEqualTo(Duration.ofSeconds(10));
        e = e.with(List.of(step("3", "llm", StepOutcome.UPDATED, 200, 2), step("4", "llm", StepOutcome.SKIPPED, 0, 0),
                step("5", "other", StepOutcome.UPDATED, 9000, 1)));
        assertThat(e.byHandler().get("llm").steps()).as("a skipped step does not count").isEqualTo(3);
        assertThat(e.duration(LLM)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theFailureRateIsShrunkTowardsThePrior() {
        HandlerEstimates e = HandlerEstimates.none();
        assertThat(e.failureProbability(LLM)).isEqualTo(0.5);
        for (int i = 0; i < 20; i++) {
            e = e.with(List.of(step("s" + i, "llm", StepOutcome.UPDATED, 10, 1)));
        }
        assertThat(e.failureProbability(LLM)).as("20 steps, none failed, against a prior of 20 steps at 0.5").isCloseTo(0.25, within(1e-9));
        e = e.with(List.of(step("x", "llm", StepOutcome.FAILED, 10, 3)));
        assertThat(e.failureProbability(LLM)).isCloseTo(11.0 / 41, within(1e-9));
    }

    @Test
    void savedAndReadBackAndABadFileIsIgnored() throws Exception {
        HandlerEstimates e = HandlerEstimates.none().with(List.of(step("1", "llm", StepOutcome.UPDATED, 120, 1), step("2", "llm", StepOutcome.FAILED, 80, 4)));
        e.save(dir);
        assertThat(HandlerEstimates.load(dir)).isEqualTo(e);
        Files.writeString(dir.resolve(HandlerEstimates.PATH), "{ not json");
        assertThat(HandlerEstimates.load(dir)).isEqualTo(HandlerEstimates.none());
        assertThat(HandlerEstimates.load(dir.resolve("nowhere"))).isEqualTo(HandlerEstimates.none());
    }
}
