package dev.continuity.healing;

import dev.continuity.api.ConfigurationException;
import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.Diagnostic;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.Project;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the detectors on a project state and decides whether a fix held: its issue is gone, no other issue appeared,
 * and every file it wrote can still be read. Detectors are guarded: one that throws is logged, counted
 * ({@code continuity.plugin.failures}) and left out, and an issue of a failed detector cannot be verified. An invalid
 * {@code healing:} section ({@link ConfigurationException}) is not a detector's failure: it propagates.
 */
public final class ConsistencyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(ConsistencyVerifier.class);
    private final List<IssueDetector> detectors;
    private final MeterRegistry meters;

    /**
     * A verifier running the given detectors, in order. Of detectors that share an id only the first is kept: an
     * issue is verified by the detector of its {@link ConsistencyIssue#detector() detector} id.
     *
     * @param detectors the detectors; copied
     * @param meters    where a detector's failures are counted ({@code continuity.plugin.failures})
     * @throws NullPointerException when {@code meters} is null
     */
    public ConsistencyVerifier(List<IssueDetector> detectors, MeterRegistry meters) {
        Map<String, IssueDetector> unique = new LinkedHashMap<>();
        detectors.forEach(d -> unique.putIfAbsent(d.id(), d));
        this.detectors = List.copyOf(unique.values());
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /**
     * What the detectors found on one state.
     *
     * @param issues          the issues, each id once
     * @param failedDetectors ids of detectors that threw
     */
    public record Detection(List<ConsistencyIssue> issues, Set<String> failedDetectors) {
        /** Copies both collections. */
        public Detection {
            issues = List.copyOf(issues);
            failedDetectors = Set.copyOf(failedDetectors);
        }

        /**
         * Whether an issue was found.
         *
         * @param issueId the issue's {@link ConsistencyIssue#id() id}, stable across detections of the same problem
         * @return whether an issue of that id is among {@link #issues()}
         */
        public boolean contains(String issueId) {
            return issues.stream().anyMatch(i -> i.id().equals(issueId));
        }
    }

    /**
     * Whether a fix held.
     *
     * @param issueGone  the fixed issue is no longer detected
     * @param introduced issues detected after the fix that were not before it
     * @param problems   other reasons the fix cannot be kept (an unreadable file, a failed detector)
     */
    public record Verification(boolean issueGone, List<ConsistencyIssue> introduced, List<String> problems) {
        /** Copies both lists. */
        public Verification {
            introduced = List.copyOf(introduced);
            problems = List.copyOf(problems);
        }

        /** {@return whether the fix removed its issue and changed nothing else for the worse} */
        public boolean passed() {
            return issueGone && introduced.isEmpty() && problems.isEmpty();
        }
    }

    /**
     * Whether a detector with this id is registered, so that its issues can be verified.
     *
     * @param detectorId a detector's id, as {@link ConsistencyIssue#detector()} names it
     * @return whether this verifier runs that detector
     */
    public boolean knows(String detectorId) {
        return detectors.stream().anyMatch(d -> d.id().equals(detectorId));
    }

    /**
     * Runs every detector on the state, in order; a detector that throws is logged, counted and named in
     * {@link Detection#failedDetectors()}.
     *
     * @param state the project, as scanned or as staged
     * @return the issues found (an id found twice is kept once, as first found) and the detectors that failed
     * @throws ConfigurationException when a detector finds the {@code healing:} section invalid
     */
    public Detection detect(ProjectSnapshot state) {
        Map<String, ConsistencyIssue> issues = new LinkedHashMap<>();
        Set<String> failed = new LinkedHashSet<>();
        for (IssueDetector d : detectors) {
            try {
                for (ConsistencyIssue i : d.detect(state)) {
                    issues.putIfAbsent(i.id(), i);
                }
            } catch (ConfigurationException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("issue detector {} failed", d.id(), e);
                meters.counter("continuity.plugin.failures", "plugin", d.id()).increment();
                failed.add(d.id());
            }
        }
        return new Detection(new ArrayList<>(issues.values()), failed);
    }

    /**
     * Verifies a fix of {@code issue}: {@code before} was detected on the state the fix started from, {@code after} on
     * the state with the fix's writes, which changed {@code written}.
     *
     * @param issue      the issue the fix was for
     * @param before     the detection on the state the fix started from
     * @param after      the detection on the state with the fix's writes
     * @param afterState that state; when it is a scanned {@link Project}, the files in {@code written} must be readable
     *                   in it
     * @param written    the paths the fix wrote
     * @return whether the issue is gone, the issues that appeared, and any other reason not to keep the fix
     */
    public Verification verify(ConsistencyIssue issue, Detection before, Detection after, ProjectSnapshot afterState, Collection<String> written) {
        List<String> problems = new ArrayList<>();
        if (!knows(issue.detector())) {
            problems.add("no registered detector '" + issue.detector() + "' can confirm the fix");
        }
        if (after.failedDetectors().contains(issue.detector())) {
            problems.add("detector '" + issue.detector() + "' failed on the fixed state");
        }
        if (afterState instanceof Project p) {
            for (Diagnostic d : p.errors()) {
                if (written.contains(d.file())) {
                    problems.add(d.file() + " cannot be read after the fix: " + d.message());
                }
            }
        }
        Set<String> was = new java.util.HashSet<>();
        before.issues().forEach(i -> was.add(i.id()));
        List<ConsistencyIssue> introduced = after.issues().stream().filter(i -> !was.contains(i.id())).toList();
        return new Verification(!after.contains(issue.id()), introduced, problems);
    }
}
