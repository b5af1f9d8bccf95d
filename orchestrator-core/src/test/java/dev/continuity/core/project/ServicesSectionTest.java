package dev.continuity.core.project;

import dev.continuity.api.ConfigurationException;
import dev.continuity.core.execute.ServiceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServicesSectionTest {
    @TempDir
    Path dir;

    private ProjectConfig load(String yaml) throws Exception {
        Path f = dir.resolve("continuity.yaml");
        Files.writeString(f, yaml);
        return new ProjectConfigLoader(new HardenedYaml(HardenedYaml.Limits.defaults())).load(f, "continuity.yaml");
    }

    @Test
    void readsEveryServiceSettingOverTheDefaultsOfItsName() throws Exception {
        ProjectConfig c = load("""
                services:
                  llm:
                    retry: { maxAttempts: 5, initialBackoff: 250ms, multiplier: 3, maxBackoff: 1m, jitter: 0.1 }
                    timeout: PT90S
                    circuitBreaker: { failureRateThreshold: 40, slowCallRateThreshold: 70, slowCallDuration: 45s, slidingWindowSize: 30,
                                      minimumCalls: 8, waitInOpenState: 2m, halfOpenCalls: 3 }
                    bulkhead: { maxConcurrentCalls: 6 }
                    rateLimiter: { permits: 10, period: 1s, maxWait: 0 }
                    fallbacks: [review-marking]
                  local:
                    timeout: 1.5s
                """);
        ServiceConfig llm = c.services().get("llm");
        assertThat(llm.maxAttempts()).isEqualTo(5);
        assertThat(llm.initialBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(llm.backoffMultiplier()).isEqualTo(3.0);
        assertThat(llm.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(llm.jitter()).isEqualTo(0.1);
        assertThat(llm.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(llm.circuitBreakerEnabled()).isTrue();
        assertThat(llm.failureRateThreshold()).isEqualTo(40f);
        assertThat(llm.slowCallRateThreshold()).isEqualTo(70f);
        assertThat(llm.slowCallDuration()).isEqualTo(Duration.ofSeconds(45));
        assertThat(llm.slidingWindowSize()).isEqualTo(30);
        assertThat(llm.minimumCalls()).isEqualTo(8);
        assertThat(llm.waitInOpenState()).isEqualTo(Duration.ofMinutes(2));
        assertThat(llm.halfOpenCalls()).isEqualTo(3);
        assertThat(llm.maxConcurrentCalls()).isEqualTo(6);
        assertThat(llm.ratePermits()).isEqualTo(10);
        assertThat(llm.maxRateWait()).isZero();
        assertThat(llm.fallbacks()).containsExactly("review-marking");
        ServiceConfig local = c.services().get("local");
        assertThat(local).isEqualTo(ServiceConfig.localDefaults().toBuilder().timeout(Duration.ofMillis(1500)).build());
    }

    @Test
    void collectsEveryProblemAtOnce() {
        assertThatThrownBy(() -> load("""
                services:
                  llm:
                    retry: { maxAttempts: many, initialBackoff: soon }
                    timeout: 10
                    circuitBreaker: { failureRateThreshold: 150, colour: red }
                    bulkhead: 4
                  "bad name!": {}
                  slow:
                    retry: { initialBackoff: 10s, maxBackoff: 1s }
                """))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrderElementsOf(List.of(
                        "services.llm.retry.maxAttempts must be a whole number, was 'many'",
                        "services.llm.retry.initialBackoff must be a duration such as 250ms, 2s, 1m or PT2S, was 'soon'",
                        "services.llm.timeout must be a duration such as 250ms, 2s, 1m or PT2S, was '10'",
                        "services.llm.bulkhead must be a mapping",
                        "services.llm.circuitBreaker: unknown key 'colour' (known: [enabled, failureRateThreshold, halfOpenCalls, minimumCalls, slidingWindowSize, slowCallDuration, slowCallRateThreshold, waitInOpenState])",
                        "services.bad name!: a service name may only contain letters, digits, '.', '_' and '-'",
                        "services.slow: maxBackoff (PT1S) must not be less than initialBackoff (PT10S)")));
    }
}
