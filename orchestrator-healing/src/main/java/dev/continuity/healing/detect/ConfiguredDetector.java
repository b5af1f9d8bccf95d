package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.healing.HealingConfig;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A detector configured by the project's {@code healing:} section, or by an explicit config. */
abstract class ConfiguredDetector implements IssueDetector {
    private final Optional<HealingConfig> explicit;

    ConfiguredDetector() {
        this.explicit = Optional.empty();
    }

    ConfiguredDetector(HealingConfig config) {
        this.explicit = Optional.of(Objects.requireNonNull(config, "config"));
    }

    @Override
    public final List<ConsistencyIssue> detect(ProjectSnapshot project) {
        HealingConfig config = explicit.orElseGet(() -> HealingConfig.of(project));
        if (config.disabled().contains(id())) {
            return List.of();
        }
        return detect(project, config);
    }

    abstract List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config);

    @Override
    public abstract String id();
}
