package dev.continuity.core.heal;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.core.project.Project;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Detects with the registered detectors (guarded) and fixes nothing. */
final class DetectOnlyStage implements HealingStage {
    private static final Logger LOG = LoggerFactory.getLogger(DetectOnlyStage.class);
    private final HealingEnvironment env;

    DetectOnlyStage(HealingEnvironment env) {
        this.env = env;
    }

    @Override
    public List<ConsistencyIssue> detect(Project state) {
        List<ConsistencyIssue> out = new ArrayList<>();
        for (IssueDetector d : env.detectors()) {
            try {
                out.addAll(d.detect(state));
            } catch (dev.continuity.api.ConfigurationException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("issue detector {} failed", d.id(), e);
                env.meters().counter("continuity.plugin.failures", "plugin", d.id()).increment();
            }
        }
        return out;
    }

    @Override
    public Outcome heal(Project base, Map<String, byte[]> staged, List<ConsistencyIssue> issues) {
        List<SelfHealingAction> actions = issues.stream().map(i -> new SelfHealingAction(i.type(), env.clock().instant(), i.severity(), false,
                "no healing engine is installed (add orchestrator-healing): " + i.message(), false, true, FixOutcome.NEEDS_HUMAN, "none", i,
                List.of())).toList();
        return new Outcome(actions, Map.of());
    }
}
