package dev.continuity.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuity.api.ConsistencyIssue;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultPluginIdTest {

    @Test
    void aLambdaPluginsDefaultIdIsItsDeclaringClassNotTheJvmsGeneratedName() {
        ImpactPredictor predictor = query -> List.of();
        DependencyExtractor extractor = file -> List.of();
        IssueDetector detector = project -> List.of();
        FixStrategy strategy = (issue, context) -> FixResult.failed("no");
        SequenceOptimizer optimizer = (plan, goals) -> null;

        assertThat(List.of(predictor.id(), extractor.id(), detector.id(), strategy.id(), optimizer.id()))
                .containsOnly("DefaultPluginIdTest-lambda");
    }

    @Test
    void anAnonymousPluginsDefaultIdIsItsEnclosingClassAndANamedOnesIsItsSimpleName() {
        UpdateHandler anonymous = new UpdateHandler() {
            @Override public HandlerResult apply(StepContext context) {
                return HandlerResult.unchanged("none");
            }
        };
        IssueDetector anonymousDetector = new IssueDetector() {
            @Override public List<ConsistencyIssue> detect(ProjectSnapshot project) {
                return List.of();
            }
        };

        assertThat(anonymous.id()).isEqualTo("DefaultPluginIdTest-anonymous");
        assertThat(anonymousDetector.id()).isEqualTo("DefaultPluginIdTest-anonymous");
        assertThat(new Named().id()).isEqualTo("Named");
        assertThat(UpdateHandler.of("stamp", (k, t) -> true, ctx -> HandlerResult.unchanged("none")).id()).isEqualTo("stamp");
    }

    private static final class Named implements FixStrategy {
        @Override public FixResult apply(ConsistencyIssue issue, FixContext context) {
            return FixResult.failed("no");
        }
    }
}
