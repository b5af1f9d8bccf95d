package dev.continuity.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FixStrategyRegistryTest {
    private static ConsistencyIssue issue(String type) {
        return new ConsistencyIssue(type + ":a.yaml#x", type, Severity.WARNING, "a.yaml", 1, Optional.of("x"), "m", List.of(), Optional.empty(), type);
    }

    private record S(String id, int priority) implements FixStrategy {
        @Override
        public FixResult apply(ConsistencyIssue issue, FixContext context) {
            return FixResult.notApplicable("test");
        }
    }

    @Test
    void ordersByPriorityThenTypeSpecificThenRegistration() {
        FixStrategyRegistry r = FixStrategyRegistry.builder()
                .register(new S("any-low", 0))
                .register(new S("any-high", 10))
                .register(new S("specific-low", 0), "broken-reference")
                .register(new S("other-type", 99), "stale-rename")
                .build();
        assertThat(r.strategiesFor(issue("broken-reference"))).extracting(FixStrategy::id).containsExactly("any-high", "specific-low", "any-low");
        assertThat(r.strategiesFor(issue("stale-rename"))).extracting(FixStrategy::id).containsExactly("other-type", "any-high", "any-low");
    }

    @Test
    void builtInsHandleTheirTypesAndReviewMarkingIsTheLastResort() {
        FixStrategyRegistry r = FixStrategyRegistry.builder().builtIns().build();
        assertThat(r.strategiesFor(issue("broken-reference"))).extracting(FixStrategy::id).containsExactly("reference-repair", "review-marking");
        assertThat(r.strategiesFor(issue("timeline-cause-order"))).extracting(FixStrategy::id).containsExactly("timeline-repair", "review-marking");
        assertThat(r.strategiesFor(issue("age-mismatch"))).extracting(FixStrategy::id).containsExactly("review-marking");
    }

    @Test
    void duplicateIdsAreRefusedAndDiscoveryIsOptInAndSkipsExplicitIds() {
        assertThatThrownBy(() -> FixStrategyRegistry.builder().register(new S("x", 0)).register(new S("x", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' is already registered");
        assertThat(FixStrategyRegistry.builder().build().strategies()).isEmpty();
        FixStrategyRegistry discovered = FixStrategyRegistry.builder().register(new S("review-marking", 5)).discover().build();
        assertThat(discovered.strategies()).extracting(FixStrategy::id)
                .containsExactly("review-marking", "reference-repair", "rename-completion", "timeline-repair", "derived-regeneration");
        assertThat(discovered.strategies().getFirst()).isInstanceOf(S.class);
        assertThatThrownBy(() -> FixStrategyRegistry.of(List.of(new S("a", 0), new S("a", 1), new S("b", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' is already registered");
        assertThat(FixStrategyRegistry.builder().discover().discover(FixStrategyRegistryTest.class.getClassLoader()).build().strategies())
                .as("the same classes discovered twice count once").hasSize(5);
    }

    @Test
    void aStrategyThatThrowsInCanFixIsSkippedAndCounted() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FixStrategy bad = new FixStrategy() {
            @Override public FixResult apply(ConsistencyIssue issue, FixContext context) { return FixResult.failed("x"); }
            @Override public boolean canFix(ConsistencyIssue issue) { throw new IllegalStateException("bug"); }
            @Override public String id() { return "bad"; }
        };
        FixStrategyRegistry r = FixStrategyRegistry.builder().register(bad).register(new S("good", 0)).meterRegistry(meters).build();
        assertThat(r.strategiesFor(issue("t"))).extracting(FixStrategy::id).containsExactly("good");
        assertThat(meters.counter("continuity.plugin.failures", "plugin", "bad").count()).isEqualTo(1.0);
    }
}
