package dev.continuity.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.continuity.api.StepOutcome;
import dev.continuity.api.StepResult;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.internal.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the project's runs measured of each handler, kept in {@value #PATH}: how many steps it ran, their mean duration
 * (recent runs weigh more) and how many of them failed for good. The planner estimates a step from it instead of the
 * handler's prior ({@link UpdateHandler#estimatedDuration()}, {@link UpdateHandler#failureProbability()}) once the
 * handler ran {@value #MIN_STEPS} steps; the failure probability is the rate shrunk towards the prior, which counts as
 * {@value #PRIOR_STEPS} steps, so that a handler that never failed in a few steps is not taken for one that never fails.
 *
 * <p>Immutable; {@link #with} returns the estimates updated with a run's steps.
 */
public final class HandlerEstimates {
    /** Where the estimates live, relative to the project root. */
    public static final String PATH = ".continuity/estimates.json";
    /** Steps a handler must have run before its measured duration replaces its prior. */
    public static final int MIN_STEPS = 3;
    /** The weight of a handler's prior failure probability, in steps. */
    public static final int PRIOR_STEPS = 20;
    /** The weight of one step in the mean duration, once the handler ran more steps than its inverse: recent runs count more. */
    private static final double MIN_WEIGHT = 0.02;
    private static final Logger LOG = LoggerFactory.getLogger(HandlerEstimates.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HandlerEstimates NONE = new HandlerEstimates(Map.of());

    /**
     * One handler's measurements.
     *
     * @param steps      steps it ran (at least one attempt)
     * @param meanMillis their mean duration, retries included, recent steps weighing more
     * @param failed     steps that failed for good
     */
    public record Estimate(long steps, double meanMillis, long failed) {
        /** Rejects negative counts and a duration that is negative or not finite. */
        public Estimate {
            if (steps < 0 || failed < 0 || failed > steps || !(meanMillis >= 0) || Double.isInfinite(meanMillis)) {
                throw new IllegalArgumentException("bad estimate: steps " + steps + ", failed " + failed + ", mean " + meanMillis + " ms");
            }
        }
    }

    private final Map<String, Estimate> byHandler;

    private HandlerEstimates(Map<String, Estimate> byHandler) {
        this.byHandler = Map.copyOf(byHandler);
    }

    /** {@return no measurements: every step is estimated from its handler's prior} */
    public static HandlerEstimates none() {
        return NONE;
    }

    /** {@return the measurements per handler id} */
    public Map<String, Estimate> byHandler() {
        return byHandler;
    }

    /**
     * The estimates of a project, as its runs left them; none when there are none yet, or the file cannot be read
     * (it is a cache of measurements: the next run writes it again).
     *
     * @param projectRoot the project's root
     * @return the estimates
     */
    public static HandlerEstimates load(Path projectRoot) {
        Path file = projectRoot.resolve(PATH);
        if (!Files.isRegularFile(file)) {
            return NONE;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, Estimate> out = new TreeMap<>();
            root.path("handlers").properties().forEach(e -> out.put(e.getKey(), new Estimate(e.getValue().path("steps").asLong(),
                    e.getValue().path("meanMillis").asDouble(), e.getValue().path("failed").asLong())));
            return new HandlerEstimates(out);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} cannot be read ({}); steps are estimated from their handlers' priors until the next run writes it", file, e.toString());
            return NONE;
        }
    }

    /**
     * Writes the estimates to the project's {@value #PATH}, atomically.
     *
     * @param projectRoot the project's root
     * @throws IOException when it cannot be written
     */
    public void save(Path projectRoot) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode handlers = root.putObject("handlers");
        new TreeMap<>(byHandler).forEach((id, e) -> handlers.putObject(id).put("steps", e.steps()).put("meanMillis", e.meanMillis()).put("failed", e.failed()));
        Path file = projectRoot.resolve(PATH);
        Files.createDirectories(file.getParent());
        AtomicFiles.replace(file, JSON.writeValueAsBytes(root));
    }

    /**
     * These estimates updated with the steps of one run: each step that ran (at least one attempt) counts for the
     * handler that ran it last; skipped and cancelled steps do not count.
     *
     * @param results the run's step results
     * @return the updated estimates
     */
    public HandlerEstimates with(List<StepResult> results) {
        Map<String, Estimate> out = new TreeMap<>(byHandler);
        for (StepResult r : results) {
            if (r.attempts() == 0 || r.outcome() == StepOutcome.SKIPPED) {
                continue;
            }
            Estimate old = out.getOrDefault(r.handlerId(), new Estimate(0, 0, 0));
            long steps = old.steps() + 1;
            double weight = Math.max(1.0 / steps, MIN_WEIGHT);
            double mean = old.meanMillis() + weight * (r.duration().toNanos() / 1e6 - old.meanMillis());
            out.put(r.handlerId(), new Estimate(steps, mean, old.failed() + (r.outcome() == StepOutcome.FAILED ? 1 : 0)));
        }
        return new HandlerEstimates(out);
    }

    /**
     * The duration to plan a step of {@code handler} with.
     *
     * @param handler the handler
     * @return the measured mean once it ran {@value #MIN_STEPS} steps, else its prior
     */
    public Duration duration(UpdateHandler handler) {
        Estimate e = byHandler.get(handler.id());
        return e == null || e.steps() < MIN_STEPS ? handler.estimatedDuration() : Duration.ofNanos(Math.round(e.meanMillis() * 1e6));
    }

    /**
     * The probability that a step of {@code handler} fails for good.
     *
     * @param handler the handler
     * @return its measured failure rate shrunk towards its prior, which weighs {@value #PRIOR_STEPS} steps
     */
    public double failureProbability(UpdateHandler handler) {
        double prior = handler.failureProbability();
        Estimate e = byHandler.get(handler.id());
        if (e == null) {
            return prior;
        }
        return (e.failed() + PRIOR_STEPS * prior) / (e.steps() + PRIOR_STEPS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandlerEstimates other && byHandler.equals(other.byHandler);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byHandler);
    }

    @Override
    public String toString() {
        return "HandlerEstimates" + new TreeMap<>(byHandler);
    }
}
