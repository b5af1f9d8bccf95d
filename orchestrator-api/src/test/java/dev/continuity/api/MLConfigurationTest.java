package dev.continuity.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MLConfigurationTest {
    @Test
    void theDefaultsAskForTheModelChosenOnHeldOutHistory() {
        MLConfiguration d = MLConfiguration.defaults();
        assertThat(d.modelType()).isEqualTo("auto");
        assertThat(d.confidenceThreshold()).isEqualTo(0.8);
        assertThat(d.enableOnlineLearning()).isTrue();
        assertThat(d.optimizationGoals()).containsExactly(OptimizationGoal.MINIMIZE_TIME, OptimizationGoal.MAXIMIZE_SAFETY);
        assertThat(MLConfiguration.builder().modelType("ensemble").build().modelType()).isEqualTo("ensemble");
    }

    @Test
    void anUnknownModelTypeAnEmptyGoalListAndAProbabilityOutsideTheUnitIntervalAreRefused() {
        assertThatThrownBy(() -> MLConfiguration.builder().modelType("xgboost").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modelType must be one of");
        assertThatThrownBy(() -> new MLConfiguration("auto", 0.8, true, List.of(), 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optimizationGoals");
        assertThatThrownBy(() -> MLConfiguration.builder().anomalyDetectionSensitivity(1.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anomalyDetectionSensitivity");
    }
}
