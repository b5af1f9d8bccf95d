package dev.continuity.ml;

import dev.continuity.ml.model.ModelType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlOptionsTest {

    @Test
    void defaultsAndBuilderRoundTrip() {
        MlOptions d = MlOptions.defaults();
        assertThat(d.modelType()).isEqualTo(ModelType.AUTO);
        assertThat(d.toBuilder().build()).isEqualTo(d);
        MlOptions custom = d.toBuilder().modelType(ModelType.ENSEMBLE).confidenceThreshold(0.85).onlineLearning(true)
                .anomalySensitivity(0.9).build();
        assertThat(custom.trainerSettings().modelType()).isEqualTo(ModelType.ENSEMBLE);
        assertThat(custom.confidenceThreshold()).isEqualTo(0.85);
    }

    @Test
    void reportsEveryInvalidValueAtOnce() {
        assertThatThrownBy(() -> MlOptions.builder().confidenceThreshold(1.5).anomalySensitivity(-0.1).forestTrees(0)
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("confidenceThreshold must be in [0, 1], got 1.5")
                .hasMessageContaining("anomalySensitivity must be in [0, 1], got -0.1")
                .hasMessageContaining("forestTrees must be >= 1, got 0");
    }

    @Test
    void retrainingPolicyDecides() {
        RetrainingPolicy policy = new RetrainingPolicy(10, 0.1, 3);
        assertThat(policy.decide(false, 0, Double.NaN, Double.NaN, 0)).isEqualTo(RetrainingPolicy.Decision.NO_MODEL);
        assertThat(policy.decide(true, 10, 0.5, 0.5, 5)).isEqualTo(RetrainingPolicy.Decision.RUN_COUNT);
        assertThat(policy.decide(true, 4, 0.6, 0.45, 3)).isEqualTo(RetrainingPolicy.Decision.MAP_DRIFT);
        assertThat(policy.decide(true, 4, 0.6, 0.45, 2)).isEqualTo(RetrainingPolicy.Decision.NOT_DUE);
        assertThat(policy.decide(true, 4, 0.6, 0.55, 9)).isEqualTo(RetrainingPolicy.Decision.NOT_DUE);
        assertThatThrownBy(() -> new RetrainingPolicy(0, 0.1, 1)).hasMessageContaining("everyRuns must be >= 1, got 0");
    }
}
