package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FileKind;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.YamlNode;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Documents;
import dev.continuity.healing.internal.Issues;
import dev.continuity.healing.internal.StoryModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@value IssueTypes#UNRESOLVED_FORESHADOWING}: an entry of a foreshadowing list ({@link FileKind#FORESHADOWING})
 * that is set up but not paid off by its {@code deadline_volume}: no payoff although the deadline volume has a
 * manuscript, a payoff in a later volume than the deadline, or a payoff before the setup. The volume of a setup or
 * payoff is the {@code volume} of the plot it names (or its {@code 第N巻} folder).
 */
public final class UnresolvedForeshadowingDetector extends ConfiguredDetector {
    /**
     * A detector that reads its settings from each project's {@code healing:} section ({@link HealingConfig#of}), or
     * the defaults when there is none; {@link java.util.ServiceLoader} creates it so.
     */
    public UnresolvedForeshadowingDetector() {}

    /**
     * A detector with fixed settings, whatever the project's {@code continuity.yaml} says.
     *
     * @param config the settings; when they {@linkplain HealingConfig#disabled() disable} this detector, it finds nothing
     * @throws NullPointerException when {@code config} is null
     */
    public UnresolvedForeshadowingDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.UNRESOLVED_FORESHADOWING;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        HealingConfig.Foreshadowing k = config.foreshadowing();
        StoryModel model = StoryModel.of(project, config);
        Optional<Integer> written = model.latestWrittenVolume();
        List<ConsistencyIssue> out = new ArrayList<>();
        for (String file : project.files()) {
            if (project.kind(file).orElse(FileKind.OTHER) != FileKind.FORESHADOWING) {
                continue;
            }
            Optional<YamlNode.Mapping> doc = Documents.mapping(project, file);
            if (doc.isEmpty()) {
                continue;
            }
            for (YamlNode.Mapping item : Documents.mappings(doc.get(), k.list())) {
                Optional<String> id = Documents.scalar(item, k.id());
                Optional<Integer> deadline = Documents.integer(item, k.deadline());
                Optional<String> setup = Documents.scalar(item, k.setup());
                Optional<String> payoff = Documents.scalar(item, k.payoff()).filter(s -> !s.equals("null") && !s.equals("~"));
                if (id.isEmpty() || setup.isEmpty()) {
                    continue;
                }
                Optional<String> status = Documents.scalar(item, k.status());
                Optional<Integer> setupVolume = model.volumeOf(setup.get());
                List<String> evidence = new ArrayList<>();
                evidence.add(id.get() + " is set up in " + setup.get() + setupVolume.map(v -> " (volume " + v + ")").orElse(""));
                Documents.scalar(item, "description").ifPresent(d -> evidence.add("\u201c" + (d.length() > 80 ? d.substring(0, 80) + "…" : d) + "\u201d"));
                String message = null;
                if (payoff.isEmpty()) {
                    if (deadline.isPresent() && written.isPresent() && written.get() >= deadline.get()) {
                        message = id.get() + " is not paid off, and its deadline volume " + deadline.get() + " is written";
                        evidence.add("deadline_volume: " + deadline.get() + "; the manuscripts reach volume " + written.get());
                        status.filter(s -> k.resolvedStatuses().contains(s)).ifPresent(s -> evidence.add("status says '" + s + "' but no payoff is named"));
                    }
                } else {
                    Optional<Integer> payoffVolume = model.volumeOf(payoff.get());
                    evidence.add("paid off in " + payoff.get() + payoffVolume.map(v -> " (volume " + v + ")").orElse(""));
                    if (deadline.isPresent() && payoffVolume.isPresent() && payoffVolume.get() > deadline.get()) {
                        message = id.get() + " is paid off in volume " + payoffVolume.get() + ", after its deadline volume " + deadline.get();
                    } else if (setupVolume.isPresent() && payoffVolume.isPresent() && payoffVolume.get() < setupVolume.get()) {
                        message = id.get() + " is paid off in volume " + payoffVolume.get() + ", before it is set up in volume " + setupVolume.get();
                    }
                }
                if (message != null) {
                    out.add(Issues.issue(id(), id(), Severity.WARNING, file, item.line(), id.get(), id, message, evidence, Optional.empty()));
                }
            }
        }
        return out;
    }
}
