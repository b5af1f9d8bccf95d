package dev.continuity.testkit;

import dev.continuity.api.Alert;
import dev.continuity.api.ExecutionStatus;
import dev.continuity.api.RealTimeMonitor;
import dev.continuity.api.Severity;
import org.assertj.core.api.AbstractAssert;

import java.util.List;

/**
 * Assertions on a {@link RealTimeMonitor} snapshot: the run's status, its alerts by kind and severity, and its health,
 * for harnesses that check how a run behaved against a flaky or failing service.
 */
public final class MonitorAssert extends AbstractAssert<MonitorAssert, RealTimeMonitor> {
    MonitorAssert(RealTimeMonitor actual) {
        super(actual, MonitorAssert.class);
    }

    /**
     * The run is in this status.
     *
     * @param status the expected status
     * @return this assertion
     */
    public MonitorAssert hasStatus(ExecutionStatus status) {
        isNotNull();
        if (actual.status() != status) {
            failWithMessage("expected execution %s to be %s, but it is %s; alerts: %s", actual.executionId(), status, actual.status(), alerts());
        }
        return this;
    }

    /**
     * The run raised at least one alert of this kind.
     *
     * @param kind the expected kind, such as {@link Alert.Kind#CIRCUIT_OPEN}
     * @return this assertion
     */
    public MonitorAssert raisedAlert(Alert.Kind kind) {
        isNotNull();
        if (actual.alerts().stream().noneMatch(a -> a.kind() == kind)) {
            failWithMessage("expected an alert of kind %s; alerts: %s", kind, alerts());
        }
        return this;
    }

    /**
     * The run raised no alert of this kind.
     *
     * @param kind the kind that must not appear
     * @return this assertion
     */
    public MonitorAssert raisedNoAlert(Alert.Kind kind) {
        isNotNull();
        List<String> found = actual.alerts().stream().filter(a -> a.kind() == kind).map(MonitorAssert::describe).toList();
        if (!found.isEmpty()) {
            failWithMessage("expected no alert of kind %s, but found: %s", kind, found);
        }
        return this;
    }

    /**
     * The run raised no alert of this severity or worse.
     *
     * @param severity the least severity that must not appear, such as {@link Severity#ERROR}
     * @return this assertion
     */
    public MonitorAssert raisedNoAlertAtLeast(Severity severity) {
        isNotNull();
        List<String> found = actual.alerts().stream().filter(a -> a.severity().compareTo(severity) >= 0).map(MonitorAssert::describe).toList();
        if (!found.isEmpty()) {
            failWithMessage("expected no alert of severity %s or worse, but found: %s", severity, found);
        }
        return this;
    }

    /**
     * The run's overall health ({@code healthIndicators().get("overall")}: {@code HEALTHY}, {@code DEGRADED} or
     * {@code CRITICAL}).
     *
     * @param overall the expected overall health
     * @return this assertion
     */
    public MonitorAssert hasOverallHealth(String overall) {
        isNotNull();
        String health = actual.healthIndicators().get("overall");
        if (!overall.equals(health)) {
            failWithMessage("expected overall health %s, but it is %s; health: %s; alerts: %s", overall, health, actual.healthIndicators(), alerts());
        }
        return this;
    }

    private List<String> alerts() {
        return actual.alerts().stream().map(MonitorAssert::describe).toList();
    }

    private static String describe(Alert a) {
        return a.severity() + " " + a.kind() + " " + a.source() + ": " + a.message();
    }
}
