package dev.continuity.core;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateType;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.FileKind;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.api.spi.HandlerResult;
import dev.continuity.api.spi.StepContext;
import dev.continuity.api.spi.UpdateHandler;
import dev.continuity.core.execute.ManualTimer;
import dev.continuity.core.execute.ServiceConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGeneratorFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Orchestrators sharing one MeterRegistry: each reports its own state, under its own {@code project} tag. */
@org.junit.jupiter.api.Timeout(120)
class SharedMeterRegistryTest {
    @TempDir
    Path dir;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** An LLM rewrite of manuscripts that works, or whose service is down. */
    private record Llm(boolean down) implements UpdateHandler {
        @Override
        public HandlerResult apply(StepContext c) throws Exception {
            if (down) {
                throw new ConnectException("connection refused");
            }
            c.writer().writeText(c.step().file(), c.project().text(c.step().file()).orElseThrow() + "\n<!-- rewritten -->\n");
            return HandlerResult.updated("rewritten");
        }

        @Override public String id() { return "llm-rewrite"; }
        @Override public String service() { return "llm"; }
        @Override public int priority() { return 100; }
        @Override public boolean supports(FileKind kind, EnhancedUpdateType type) { return kind == FileKind.MANUSCRIPT; }
    }

    private Orchestrators.Builder builder(Path root, boolean llmDown) {
        return Orchestrators.builder(root).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(RandomGeneratorFactory.of("L64X128MixRandom").create(20261121L)).workers(2).handler(new Llm(llmDown))
                .service("llm", ServiceConfig.remoteDefaults().toBuilder().maxAttempts(1).slidingWindow(4, 2)
                        .waitInOpenState(Duration.ofHours(1)).build())
                .meterRegistry(meters).timer(new ManualTimer(Duration.ofMinutes(1)));
    }

    private static ConsistencyUpdateRequest plotChange() {
        return ConsistencyUpdateRequest.builder().projectName("t").updateType(UpdateType.PLOT_CHANGE).changedFile("20_プロット/全体構成.yaml").build();
    }

    private static MLConfiguration ml() {
        return MLConfiguration.builder().confidenceThreshold(0.5).build();
    }

    private double gauge(String name, String project, String... tags) {
        Gauge g = meters.get(name).tag("project", project).tags(tags).gauge();
        return g.value();
    }

    private List<Meter> meters(String project) {
        return meters.getMeters().stream().filter(m -> project.equals(m.getId().getTag("project"))).toList();
    }

    @Test
    void twoOrchestratorsOnOneRegistryEachReportTheirOwnState() throws Exception {
        Path a = Fixture.saga(Files.createDirectories(dir.resolve("saga-a")));
        Path b = Fixture.saga(Files.createDirectories(dir.resolve("saga-b")));
        try (Orchestrator down = builder(a, true).build(); Orchestrator healthy = builder(b, false).build()) {
            assertThat(down.executeIntelligentUpdate(plotChange(), ml()).status()).isEqualTo(ExecutionStatus.ROLLED_BACK);
            assertThat(healthy.executeIntelligentUpdate(plotChange(), ml()).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

            assertThat(gauge("continuity.circuit.state", "saga-a", "service", "llm")).as("a's circuit is open").isEqualTo(1);
            assertThat(gauge("continuity.circuit.state", "saga-b", "service", "llm")).as("b's circuit is closed").isEqualTo(0);
            assertThat(gauge("resilience4j.circuitbreaker.state", "saga-a", "name", "llm", "state", "open")).isEqualTo(1);
            assertThat(gauge("resilience4j.circuitbreaker.state", "saga-b", "name", "llm", "state", "open")).isEqualTo(0);
            for (String gauge : List.of("continuity.steps.active", "continuity.steps.ready", "continuity.concurrency.limit",
                    "continuity.requests.queued")) {
                assertThat(meters.get(gauge).gauges()).as(gauge).extracting(g -> g.getId().getTag("project"))
                        .containsExactlyInAnyOrder("saga-a", "saga-b");
            }
            assertThat(meters.get("continuity.steps").tag("project", "saga-b").tag("outcome", "updated").counters())
                    .isNotEmpty();
            assertThat(meters.getMeters()).as("every meter names its orchestrator")
                    .allSatisfy(m -> assertThat(m.getId().getTag("project")).isIn("saga-a", "saga-b"));
        }
    }

    @Test
    void closingAnOrchestratorRemovesItsGaugesAndKeepsItsCounters() throws Exception {
        Path a = Fixture.saga(Files.createDirectories(dir.resolve("saga-a")));
        Path b = Fixture.saga(Files.createDirectories(dir.resolve("saga-b")));
        try (Orchestrator other = builder(b, false).build()) {
            try (Orchestrator o = builder(a, false).build()) {
                o.executeIntelligentUpdate(plotChange(), ml());
                assertThat(meters("saga-a")).anySatisfy(m -> assertThat(m).isInstanceOf(Gauge.class));
            }
            assertThat(meters("saga-a")).as("no gauge of a closed orchestrator").noneSatisfy(m -> assertThat(m).isInstanceOf(Gauge.class));
            assertThat(meters.get("continuity.steps").tag("project", "saga-a").counters()).as("its totals stay").isNotEmpty();
            assertThat(meters("saga-b")).as("the other's gauges stay").anySatisfy(m -> assertThat(m).isInstanceOf(Gauge.class));

            try (Orchestrator reopened = builder(a, false).build()) {
                assertThat(gauge("continuity.concurrency.limit", "saga-a")).isPositive();
            }
        }
    }

    @Test
    void twoOpenOrchestratorsNeverShareANameOnOneRegistry() throws Exception {
        Path a = Fixture.saga(Files.createDirectories(dir.resolve("x").resolve("saga")));
        Path b = Fixture.saga(Files.createDirectories(dir.resolve("y").resolve("saga")));
        Path c = Fixture.saga(Files.createDirectories(dir.resolve("z").resolve("saga")));
        String hashed = String.format("saga-%08x", b.toAbsolutePath().normalize().toString().hashCode());
        try (Orchestrator first = builder(a, false).build(); Orchestrator second = builder(b, false).build()) {
            assertThat(meters.get("continuity.concurrency.limit").gauges()).extracting(g -> g.getId().getTag("project"))
                    .as("a folder named like an open one's gets its path's hash").containsExactlyInAnyOrder("saga", hashed);
            assertThatThrownBy(() -> builder(c, false).meterTag("saga").build()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("project=saga").hasMessageContaining("meterTag");
            try (Orchestrator third = builder(c, false).meterTag("saga-z").build()) {
                assertThat(meters.get("continuity.concurrency.limit").gauges()).extracting(g -> g.getId().getTag("project"))
                        .containsExactlyInAnyOrder("saga", hashed, "saga-z");
            }
        }
        try (Orchestrator again = builder(b, false).build()) {
            assertThat(meters.get("continuity.concurrency.limit").gauges()).extracting(g -> g.getId().getTag("project"))
                    .as("alone again, the folder's own name").containsExactly("saga");
        }
        assertThatThrownBy(() -> Orchestrators.builder(a).meterTag(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Orchestrators.builder(a).meterTag(a.toString().repeat(10))).isInstanceOf(IllegalArgumentException.class);
    }
}
