package dev.continuity.healing;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.FixOutcome;
import dev.continuity.api.SelfHealingAction;
import dev.continuity.api.spi.FixContext;
import dev.continuity.api.spi.FixResult;
import dev.continuity.api.spi.FixStrategy;
import dev.continuity.api.spi.IssueDetector;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.api.spi.ProjectWriter;
import dev.continuity.core.heal.HealingEnvironment;
import dev.continuity.core.heal.HealingStage;
import dev.continuity.core.project.PathGuard;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectScanner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The self-healing engine: the heal stage of the pipeline. For each issue it tries the registry's strategies in order;
 * each call gets its own staging writer over the state so far, is time-limited and guarded (what it throws is
 * contained, logged and counted as {@code continuity.plugin.failures}). A fix that reports {@code APPLIED} is verified
 * on the staged state, built with {@link ProjectScanner#overlay} without touching disk: the detectors run again, and
 * the fix is kept only if its issue is gone and no new issue appeared (follow-up fixes, such as regenerating an index
 * the fix made stale, are tried up to {@link HealingPolicy#maxFollowUps()} deep); otherwise its writes are dropped and
 * the next strategy is tried. Writes the policy forbids fail the attempt, and so does a strategy that changed the
 * issue's file on disk instead of writing through its writer (size, modification time and SHA-256 are compared
 * before and after the call). Files the caller names authoritative (in a run, the files the author changed) are never
 * changed by a fix: a write to one fails the attempt like a write the policy forbids, and the issue ends up marked for
 * review. A {@code NEEDS_HUMAN} result is final for its issue: no further strategy is tried, only review marks are
 * kept, and when the strategy left none the engine marks the file for review with the strategy's reason. Nothing is written to disk
 * here: the caller commits {@link Outcome#writes()}.
 *
 * <p>The orchestrator finds this engine with {@link java.util.ServiceLoader} ({@link Provider}); it runs the detectors
 * and strategies registered on the orchestrator's builder.
 */
public final class SelfHealingEngine implements HealingStage {
    private static final Logger LOG = LoggerFactory.getLogger(SelfHealingEngine.class);
    /** The {@code source} of a review entry for an issue whose fix would have changed a file the author changed in the run. */
    static final String HELD_FOR_AUTHOR = "the author's change";

    private final ProjectScanner scanner;
    private final PathGuard guard;
    private final ConsistencyVerifier verifier;
    private final FixStrategyRegistry registry;
    private final InstantSource clock;
    private final MeterRegistry meters;

    private SelfHealingEngine(ProjectScanner scanner, List<IssueDetector> detectors, FixStrategyRegistry registry, InstantSource clock, MeterRegistry meters) {
        this.scanner = scanner;
        this.guard = new PathGuard(scanner.root());
        this.meters = meters;
        this.verifier = new ConsistencyVerifier(detectors, meters);
        this.registry = registry;
        this.clock = clock;
    }

    /** A builder for an engine over a project's scanner. */
    public static Builder builder(ProjectScanner scanner) {
        return new Builder(scanner);
    }

    /** A factory for the orchestrator's builder ({@code .healing(SelfHealingEngine.factory(policy))}). */
    public static HealingStage.Factory factory(HealingPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return env -> create(env, Optional.of(policy));
    }

    private static SelfHealingEngine create(HealingEnvironment env, Optional<HealingPolicy> policy) {
        FixStrategyRegistry.Builder b = FixStrategyRegistry.builder().meterRegistry(env.meters());
        env.strategies().forEach(b::register);
        policy.ifPresent(b::policy);
        return new SelfHealingEngine(env.scanner(), env.detectors(), b.build(), env.clock(), env.meters());
    }

    /** The {@link java.util.ServiceLoader} provider the orchestrator finds; the policy comes from each project's config. */
    public static final class Provider implements HealingStage.Factory {
        /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
        public Provider() {
        }

        @Override
        public HealingStage create(HealingEnvironment environment) {
            return SelfHealingEngine.create(environment, Optional.empty());
        }
    }

    /** The verifier (the detectors) this engine uses. */
    public ConsistencyVerifier verifier() {
        return verifier;
    }

    @Override
    public List<ConsistencyIssue> detect(Project state) {
        HealingConfig.of(state);
        return verifier.detect(state).issues();
    }

    private record Ctx(ProjectSnapshot project, ProjectWriter writer, InstantSource clock) implements FixContext {}

    /** The result of trying the strategies on one issue. */
    private record Attempt(boolean fixed, String strategyId, FixOutcome outcome, String description, Map<String, byte[]> writes, Project state,
                           ConsistencyVerifier.Detection detection) {}

    @Override
    public Outcome heal(Project base, Map<String, byte[]> staged, List<ConsistencyIssue> issues) {
        return heal(base, staged, issues, Set.of());
    }

    @Override
    public Outcome heal(Project base, Map<String, byte[]> staged, List<ConsistencyIssue> issues, Set<String> authoritative) {
        HealingConfig.of(base);
        Set<String> fixed = authoritative.stream().map(PathGuard::normalize).collect(java.util.stream.Collectors.toUnmodifiableSet());
        HealingPolicy policy = registry.policy().orElseGet(() -> HealingConfig.of(base).policy());
        Healing h = new Healing(base, staged, issues, fixed, policy);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < issues.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> phase(issues.get(i).type())));
        for (int k = 0; k < order.size(); k++) {
            int index = order.get(k);
            if (!independent(issues.get(index))) {
                h.one(index);
                continue;
            }
            List<Integer> group = new ArrayList<>(List.of(index));
            while (k + 1 < order.size() && issues.get(order.get(k + 1)).type().equals(issues.get(index).type())
                    && independent(issues.get(order.get(k + 1)))) {
                group.add(order.get(++k));
            }
            h.together(group);
        }
        return new Outcome(List.of(h.actions), h.kept);
    }

    /**
     * Whether a built-in detector's issue of this type depends only on its own file's text and on the project's names
     * and files, so that fixes of several such issues in different files, each writing only its own file (one that
     * defines no entity), cannot affect one another and may be verified together.
     */
    private static boolean independent(ConsistencyIssue issue) {
        return (issue.type().equals(IssueTypes.BROKEN_REFERENCE) || issue.type().equals(IssueTypes.STALE_RENAME))
                && issue.detector().equals(issue.type()) && !issue.file().isBlank();
    }

    /** A fix not verified yet: the first strategy's result for an issue, writing only the issue's file. */
    private record Tentative(int index, ConsistencyIssue issue, FixStrategy strategy, FixResult result, Map<String, byte[]> writes) {}

    /** One heal: the state so far, the issues' actions and the writes kept. */
    private final class Healing {
        private final Project base;
        private final List<ConsistencyIssue> issues;
        private final Set<String> authoritative;
        private final HealingPolicy policy;
        private final Instant detectedAt = clock.instant();
        private final Map<String, byte[]> layer;
        private final Map<String, byte[]> kept = new LinkedHashMap<>();
        private final SelfHealingAction[] actions;
        private final Set<String> done = new HashSet<>();
        private Project state;
        private ConsistencyVerifier.Detection current;

        Healing(Project base, Map<String, byte[]> staged, List<ConsistencyIssue> issues, Set<String> authoritative, HealingPolicy policy) {
            this.base = base;
            this.issues = issues;
            this.authoritative = authoritative;
            this.policy = policy;
            this.layer = new LinkedHashMap<>(staged);
            this.actions = new SelfHealingAction[issues.size()];
            this.state = scanner.overlay(base, layer);
            this.current = verifier.detect(state);
        }

        /** Settles an issue listed twice or no longer detected; false when it is still to be fixed. */
        private boolean settled(int index) {
            ConsistencyIssue issue = issues.get(index);
            if (!done.add(issue.id())) {
                actions[index] = action(issue, detectedAt, false, true, false, FixOutcome.NOT_APPLICABLE, "none", "the same issue is listed twice", List.of());
                return true;
            }
            if (gone(issue)) {
                actions[index] = action(issue, detectedAt, false, true, false, FixOutcome.NOT_APPLICABLE, "none",
                        "no longer detected" + (kept.isEmpty() ? "" : " (resolved by an earlier fix)"), List.of());
                return true;
            }
            Optional<String> held = heldForAuthor(issue);
            if (held.isPresent()) {
                record(index, false, FixOutcome.NEEDS_HUMAN, "review-marking", held.get(), Set.of());
                return true;
            }
            return false;
        }

        /**
         * Why the issue is the author's to settle, when a run marked it for review because a fix would have changed a
         * file the author had just changed (the sidecar holds that run's entry for it, from {@value #HELD_FOR_AUTHOR}):
         * healing it afterwards would undo the author's edit. The hold ends when the entry is removed.
         */
        private Optional<String> heldForAuthor(ConsistencyIssue issue) {
            if (issue.file().isBlank() || authoritative.contains(PathGuard.normalize(issue.file()))) {
                return Optional.empty();
            }
            String sidecar = base.config().reviewSidecar(issue.file());
            Optional<byte[]> bytes;
            try {
                bytes = new AttemptWriter(guard, layer, policy, base.config()::kindOf, Set.of()).read(sidecar);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            return bytes.flatMap(b -> dev.continuity.core.handlers.ReviewMarkingHandler.entries(new String(b, java.nio.charset.StandardCharsets.UTF_8))
                    .stream().filter(e -> e.source().equals(HELD_FOR_AUTHOR) && e.execution().equals("heal:" + issue.id())).findFirst())
                    .map(e -> "held for the author: a fix would change " + issue.file() + ", which the author changed in the run that found this issue ("
                            + e.at() + "); it is marked for review in " + sidecar + ". Settle it by hand, or delete that review entry to let healing fix it");
        }

        /** Whether the state so far shows the issue gone: its detector ran, and did not find it. */
        private boolean gone(ConsistencyIssue issue) {
            return verifier.knows(issue.detector()) && !current.failedDetectors().contains(issue.detector()) && !current.contains(issue.id());
        }

        /** Fixes one issue on the state so far, verifying the fix on its own. */
        void one(int index) {
            if (!settled(index)) {
                attemptAlone(index);
            }
        }

        private void attemptAlone(int index) {
            ConsistencyIssue issue = issues.get(index);
            Attempt a = attempt(base, issue, state, layer, current, policy, authoritative, 0, true);
            layer.putAll(a.writes());
            kept.putAll(a.writes());
            if (a.fixed()) {
                state = a.state();
                current = a.detection();
            }
            record(index, a.fixed(), a.outcome(), a.strategyId(), a.description(), a.writes().keySet());
        }

        private void record(int index, boolean fixed, FixOutcome outcome, String strategy, String description, Set<String> files) {
            ConsistencyIssue issue = issues.get(index);
            actions[index] = action(issue, detectedAt, fixed, fixed, !fixed, outcome, strategy, description, List.copyOf(files));
            meters.counter("continuity.healing.actions", "type", issue.type(), "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
            LOG.debug("{} {}: {}", outcome, issue.id(), description);
        }

        /**
         * Fixes independent issues of one type: each first strategy's fix (a built-in one) that writes only its issue's own file, in
         * files no other of them writes, is verified together with the others, with one detection instead of one
         * each; a group that does not pass is split in halves, down to single fixes, and an issue whose fix does not
         * pass alone, or that got no such fix, is fixed on its own afterwards, as {@link #one} does. A project with a
         * hundred broken links is healed with a few detections instead of a hundred.
         */
        void together(List<Integer> group) {
            List<Tentative> tentative = new ArrayList<>();
            List<Integer> alone = new ArrayList<>();
            Set<String> files = new HashSet<>();
            Set<String> defining = new HashSet<>();
            state.entities().forEach(e -> defining.add(e.definedIn()));
            for (int index : group) {
                if (settled(index)) {
                    continue;
                }
                ConsistencyIssue issue = issues.get(index);
                Optional<Tentative> t = defining.contains(issue.file()) || files.contains(issue.file()) ? Optional.empty() : tentative(index);
                t.ifPresentOrElse(x -> {
                    tentative.add(x);
                    files.add(x.issue().file());
                }, () -> alone.add(index));
            }
            List<Integer> failed = new ArrayList<>();
            verifyTogether(tentative, failed);
            alone.addAll(failed);
            Map<Integer, Integer> position = new java.util.HashMap<>();
            for (int i = 0; i < group.size(); i++) {
                position.put(group.get(i), i);
            }
            alone.sort(Comparator.comparingInt(position::get));
            for (int index : alone) {
                if (!gone(issues.get(index))) {
                    attemptAlone(index);
                } else {
                    actions[index] = action(issues.get(index), detectedAt, false, true, false, FixOutcome.NOT_APPLICABLE, "none",
                            "no longer detected (resolved by an earlier fix)", List.of());
                }
            }
        }

        /**
         * The first strategy's fix of the issue, when it is a built-in one (pure: a second call, alone, changes nothing
         * and counts nothing twice) and applies a fix that writes the issue's file and nothing else.
         */
        private Optional<Tentative> tentative(int index) {
            ConsistencyIssue issue = issues.get(index);
            List<FixStrategy> strategies = registry.strategiesFor(issue);
            if (strategies.isEmpty() || !(strategies.getFirst() instanceof dev.continuity.healing.fix.ReferenceRepairStrategy
                    || strategies.getFirst() instanceof dev.continuity.healing.fix.RenameCompletionStrategy)) {
                return Optional.empty();
            }
            FixStrategy s = strategies.getFirst();
            AttemptWriter writer = new AttemptWriter(guard, layer, policy, base.config()::kindOf, authoritative);
            FixResult r = call(s, issue, new Ctx(state, writer, clock), writer, policy.strategyTimeout());
            Map<String, byte[]> changes = writer.changes();
            if (r.outcome() != FixOutcome.APPLIED || !writer.denied().isEmpty() || !changes.keySet().equals(Set.of(issue.file()))) {
                return Optional.empty();        // tried again alone, where every outcome is handled
            }
            return Optional.of(new Tentative(index, issue, s, r, changes));
        }

        /** Keeps the fixes that pass together, splitting a group that does not; {@code failed} gets the rest. */
        private void verifyTogether(List<Tentative> group, List<Integer> failed) {
            if (group.isEmpty()) {
                return;
            }
            Map<String, byte[]> writes = new LinkedHashMap<>();
            group.forEach(t -> writes.putAll(t.writes()));
            Map<String, byte[]> newLayer = new LinkedHashMap<>(layer);
            newLayer.putAll(writes);
            Project after = scanner.overlay(base, newLayer);
            ConsistencyVerifier.Detection detection = verifier.detect(after);
            boolean passed = group.stream().allMatch(t -> verifier.verify(t.issue(), current, detection, after, writes.keySet()).passed());
            if (passed) {
                layer.putAll(writes);
                kept.putAll(writes);
                state = after;
                current = detection;
                group.forEach(t -> record(t.index(), true, FixOutcome.APPLIED, t.strategy().id(), t.result().description(), t.writes().keySet()));
            } else if (group.size() == 1) {
                failed.add(group.getFirst().index());
            } else {
                int half = group.size() / 2;
                verifyTogether(group.subList(0, half), failed);
                verifyTogether(group.subList(half, group.size()), failed);
            }
        }
    }

    private static double phase(String type) {
        int i = IssueTypes.ALL.indexOf(type);
        return i >= 0 ? i : IssueTypes.ALL.indexOf(IssueTypes.STALE_DERIVED) - 0.5;
    }

    private static SelfHealingAction action(ConsistencyIssue issue, Instant at, boolean applied, boolean verified, boolean manual, FixOutcome outcome,
                                            String strategy, String description, List<String> files) {
        return new SelfHealingAction(issue.type(), at, issue.severity(), applied, description, verified, manual, outcome, strategy, issue, files);
    }

    /**
     * Tries the strategies for one issue on {@code state} (= base + {@code layer}). With {@code annotate}, a
     * {@code NEEDS_HUMAN} result's review marks are kept; follow-up attempts do not annotate.
     */
    private Attempt attempt(Project base, ConsistencyIssue issue, Project state, Map<String, byte[]> layer, ConsistencyVerifier.Detection before,
                            HealingPolicy policy, Set<String> authoritative, int depth, boolean annotate) {
        List<FixStrategy> strategies = registry.strategiesFor(issue);
        if (strategies.isEmpty()) {
            return new Attempt(false, "none", FixOutcome.NEEDS_HUMAN, "no fix strategy handles " + issue.type() + ": " + summary(issue), Map.of(),
                    state, before);
        }
        List<String> notes = new ArrayList<>();
        List<String> denials = new ArrayList<>();
        boolean authors = false;
        FixOutcome worst = FixOutcome.NOT_APPLICABLE;
        String lastTried = strategies.getFirst().id();
        for (FixStrategy s : strategies) {
            lastTried = s.id();
            AttemptWriter writer = new AttemptWriter(guard, layer, policy, base.config()::kindOf, authoritative);
            FixResult r = call(s, issue, new Ctx(state, writer, clock), writer, policy.strategyTimeout());
            Map<String, byte[]> changes = writer.changes();
            if (!writer.denied().isEmpty()) {
                authors |= writer.deniedAuthoritative();
                denials.add(writer.denied().getFirst());
                notes.add(s.id() + ": not allowed: " + writer.denied().getFirst());
                worst = FixOutcome.NEEDS_HUMAN;
                continue;
            }
            switch (r.outcome()) {
                case APPLIED -> {
                    Map<String, byte[]> content = new LinkedHashMap<>(changes);
                    content.keySet().removeIf(HealingPolicy::isReviewSidecar);
                    if (content.isEmpty()) {
                        notes.add(s.id() + ": reported APPLIED but changed nothing: " + r.description());
                        worst = max(worst, FixOutcome.FAILED);
                        continue;
                    }
                    Verified verified = verifyAndFollowUp(base, issue, s, r, changes, layer, before, policy, authoritative, depth);
                    if (verified.attempt().isPresent()) {
                        String prior = notes.isEmpty() ? "" : " (after: " + String.join("; ", notes) + ")";
                        Attempt a = verified.attempt().get();
                        return new Attempt(true, a.strategyId(), FixOutcome.APPLIED, a.description() + prior, a.writes(), a.state(), a.detection());
                    }
                    notes.add(s.id() + ": " + r.description() + " — reverted: " + verified.revertReason());
                    worst = FixOutcome.NEEDS_HUMAN;
                }
                case NEEDS_HUMAN -> {
                    // final: the strategy says the fix is not safe, so no lower-priority strategy may apply one
                    notes.add(s.id() + ": " + r.description());
                    Map<String, byte[]> marks = new LinkedHashMap<>(changes);
                    marks.keySet().removeIf(p -> !HealingPolicy.isReviewSidecar(p));
                    if (!annotate) {
                        return new Attempt(false, s.id(), FixOutcome.NEEDS_HUMAN, String.join(" | ", notes), Map.of(), state, before);
                    }
                    if (marks.isEmpty() || !denials.isEmpty()) {
                        // the mark says why no fix was applied: the strategy's reason, or the writes that were refused
                        List<String> why = new ArrayList<>(denials.stream().distinct().toList());
                        boolean own = marks.isEmpty();
                        if (own) {
                            why.add(s.id() + ": " + r.description());
                        }
                        marks = markForReview(base, issue, String.join("; ", why),
                                authors ? HELD_FOR_AUTHOR : own ? "fix strategy " + s.id() : "detector " + issue.detector(), layer, policy, notes);
                    }
                    return new Attempt(false, s.id(), FixOutcome.NEEDS_HUMAN, String.join(" | ", notes), marks, state, before);
                }
                case FAILED -> {
                    notes.add(s.id() + ": failed: " + r.description());
                    worst = max(worst, FixOutcome.FAILED);
                }
                case NOT_APPLICABLE -> notes.add(s.id() + ": not applicable: " + r.description());
            }
        }
        if (worst == FixOutcome.NOT_APPLICABLE) {
            worst = FixOutcome.NEEDS_HUMAN;
            notes.addFirst("no strategy could fix it: " + summary(issue));
        }
        return new Attempt(false, lastTried, worst, String.join(" | ", notes), Map.of(), state, before);
    }

    /**
     * Marks the issue's file for review with the evidence and {@code why} no fix was applied (the reason of a strategy
     * that answered {@code NEEDS_HUMAN} without a mark of its own, or the refused writes: a read-only file, a file the
     * author changed, the policy), in the sidecar like {@code review-marking}, with the same execution
     * {@code heal:<issue id>}; the outcome goes into {@code notes}. Returns the sidecar's new content, or nothing when it
     * cannot be marked.
     */
    private Map<String, byte[]> markForReview(Project base, ConsistencyIssue issue, String why, String source, Map<String, byte[]> layer,
                                              HealingPolicy policy, List<String> notes) {
        if (issue.file().isBlank()) {
            return Map.of();
        }
        AttemptWriter writer = new AttemptWriter(guard, layer, policy, base.config()::kindOf, Set.of());
        if (writer.read(issue.file()).isEmpty()) {
            return Map.of();
        }
        String evidence = String.join("; ", issue.evidence());
        String reason = "[" + issue.type() + "] " + issue.message() + (evidence.isEmpty() ? "" : " — " + evidence) + " (" + why + ")"
                + issue.suggestion().map(x -> " (suggestion: " + x + ")").orElse("");
        String sidecar = base.config().reviewSidecar(issue.file());
        try {
            dev.continuity.api.spi.HandlerResult marked = dev.continuity.core.handlers.ReviewMarkingHandler.mark(writer, issue.file(), sidecar,
                    new dev.continuity.core.handlers.ReviewMarkingHandler.ReviewEntry(reason, source, "heal:" + issue.id(),
                            clock.instant()), false);
            String what = (marked.outcome() == dev.continuity.api.StepOutcome.UPDATED ? "marked for review in " : "already marked for review in ") + sidecar;
            if (notes.stream().noneMatch(n -> n.contains("marked for review in " + sidecar))) {
                notes.add(what);
            }
        } catch (RuntimeException e) {
            notes.add("not marked for review: " + e.getMessage());
            return Map.of();
        }
        Map<String, byte[]> marks = new LinkedHashMap<>(writer.changes());
        marks.keySet().removeIf(p -> !HealingPolicy.isReviewSidecar(p));
        return marks;
    }

    private static FixOutcome max(FixOutcome a, FixOutcome b) {
        return a == FixOutcome.NEEDS_HUMAN || b == FixOutcome.NEEDS_HUMAN ? FixOutcome.NEEDS_HUMAN
                : a == FixOutcome.FAILED || b == FixOutcome.FAILED ? FixOutcome.FAILED : FixOutcome.NOT_APPLICABLE;
    }

    /** A verified attempt, or why the fix was reverted. */
    private record Verified(Optional<Attempt> attempt, String revertReason) {
        static Verified reverted(String why) {
            return new Verified(Optional.empty(), why);
        }
    }

    /** Verifies an applied fix on the staged state; tries follow-up fixes for the issues it introduced. */
    private Verified verifyAndFollowUp(Project base, ConsistencyIssue issue, FixStrategy s, FixResult r, Map<String, byte[]> changes,
                                                Map<String, byte[]> layer, ConsistencyVerifier.Detection before, HealingPolicy policy,
                                                Set<String> authoritative, int depth) {
        Map<String, byte[]> newLayer = new LinkedHashMap<>(layer);
        newLayer.putAll(changes);
        Project after = scanner.overlay(base, newLayer);
        ConsistencyVerifier.Detection detection = verifier.detect(after);
        ConsistencyVerifier.Verification v = verifier.verify(issue, before, detection, after, changes.keySet());
        if (!v.issueGone() || !v.problems().isEmpty()) {
            return Verified.reverted(!v.problems().isEmpty() ? String.join("; ", v.problems()) : "the issue is still detected after the fix");
        }
        Map<String, byte[]> writes = new LinkedHashMap<>(changes);
        StringBuilder description = new StringBuilder(r.description());
        List<ConsistencyIssue> introduced = new ArrayList<>(v.introduced());
        introduced.sort(Comparator.comparingDouble(i -> phase(i.type())));
        for (ConsistencyIssue follow : introduced) {
            if (depth >= policy.maxFollowUps()) {
                return Verified.reverted("it introduced " + follow.id() + " (" + follow.message() + ") and no follow-up fix is allowed any deeper");
            }
            if (!detection.contains(follow.id())) {
                continue;
            }
            Attempt a = attempt(base, follow, after, newLayer, detection, policy, authoritative, depth + 1, false);
            if (!a.fixed()) {
                return Verified.reverted("it introduced " + follow.id() + " (" + follow.message() + "), which no follow-up could fix");
            }
            newLayer.putAll(a.writes());
            writes.putAll(a.writes());
            after = a.state();
            detection = a.detection();
            description.append("; then ").append(a.description());
        }
        Set<String> was = new HashSet<>();
        before.issues().forEach(i -> was.add(i.id()));
        List<ConsistencyIssue> left = detection.issues().stream().filter(i -> !was.contains(i.id())).toList();
        if (!left.isEmpty() || detection.contains(issue.id())) {
            return Verified.reverted(left.isEmpty() ? "the issue came back after the follow-up fixes"
                    : "it introduced " + left.getFirst().id() + " (" + left.getFirst().message() + ")");
        }
        return new Verified(Optional.of(new Attempt(true, s.id(), FixOutcome.APPLIED, description.toString(), writes, after, detection)), "");
    }

    /**
     * Calls a strategy, and fails the call if the issue's file changed on disk meanwhile: a strategy must write through
     * its staging writer, and one that writes to disk directly would escape the verification and the transaction.
     */
    private FixResult call(FixStrategy s, ConsistencyIssue issue, FixContext ctx, AttemptWriter writer, Duration timeout) {
        Optional<DiskState> before = DiskState.of(guard, issue.file());
        FixResult r = callGuarded(s, issue, ctx, writer, timeout);
        Optional<DiskState> after = DiskState.of(guard, issue.file());
        if (!before.equals(after)) {
            failure(s, issue, null);
            return FixResult.failed("strategy " + s.id() + " changed " + issue.file() + " on disk while it ran, instead of writing through "
                    + "context.writer(); its result is discarded, and the file is left as it is on disk now: check it");
        }
        return r;
    }

    /**
     * What a file on disk is: absent, or its size, modification time and SHA-256. Empty when the path cannot be
     * resolved inside the root (nothing to compare).
     */
    private record DiskState(boolean exists, long size, long modified, String sha256) {
        static Optional<DiskState> of(PathGuard guard, String file) {
            Path path;
            try {
                path = guard.resolve(file);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            try {
                if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(new DiskState(false, -1, -1, ""));
                }
                long modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).toMillis();
                byte[] bytes = Files.readAllBytes(path);
                return Optional.of(new DiskState(true, bytes.length, modified, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))));
            } catch (IOException e) {
                return Optional.of(new DiskState(true, -1, -1, "unreadable: " + e.getMessage()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }
    }

    /** Calls a strategy on a virtual thread, with a time limit; what it throws is contained. */
    private FixResult callGuarded(FixStrategy s, ConsistencyIssue issue, FixContext ctx, AttemptWriter writer, Duration timeout) {
        CompletableFuture<FixResult> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().name("continuity-fix-" + s.id()).start(() -> {
            try {
                result.complete(s.apply(issue, ctx));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            FixResult r = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) {
                failure(s, issue, null);
                return FixResult.failed("strategy " + s.id() + " returned no result");
            }
            return r;
        } catch (TimeoutException e) {
            writer.close();
            t.interrupt();
            failure(s, issue, e);
            return FixResult.failed("strategy " + s.id() + " did not finish within " + timeout.toMillis() + " ms; its writes were dropped");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AttemptWriter.PolicyDenied) {
                return FixResult.failed(cause.getMessage());
            }
            failure(s, issue, cause);
            return FixResult.failed("strategy " + s.id() + " threw " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.close();
            t.interrupt();
            return FixResult.failed("healing was interrupted");
        }
    }

    private void failure(FixStrategy s, ConsistencyIssue issue, Throwable cause) {
        LOG.warn("fix strategy {} failed on {}", s.id(), issue.id(), cause);
        meters.counter("continuity.plugin.failures", "plugin", s.id()).increment();
    }

    private static String summary(ConsistencyIssue issue) {
        return issue.file() + (issue.line() > 0 ? ":" + issue.line() : "") + ": " + issue.message()
                + (issue.evidence().isEmpty() ? "" : " — " + String.join("; ", issue.evidence()));
    }

    /** Builds a {@link SelfHealingEngine} for use without an orchestrator (tests, tools). */
    public static final class Builder {
        private final ProjectScanner scanner;
        private final List<IssueDetector> detectors = new ArrayList<>();
        private FixStrategyRegistry registry;
        private InstantSource clock;
        private MeterRegistry meters;

        private Builder(ProjectScanner scanner) {
            this.scanner = Objects.requireNonNull(scanner, "scanner");
        }

        /**
         * Adds a detector, after those added before. There is none by default, so add the detectors to run and to
         * verify fixes with (e.g. {@link BuiltIns#detectors()}); an issue whose detector is not added cannot be verified.
         *
         * @param detector the detector
         * @return this builder
         * @throws NullPointerException when {@code detector} is null
         */
        public Builder detector(IssueDetector detector) {
            detectors.add(Objects.requireNonNull(detector, "detector"));
            return this;
        }

        /**
         * Adds detectors, in order, after those added before (see {@link #detector}).
         *
         * @param list the detectors
         * @return this builder
         * @throws NullPointerException when a detector is null
         */
        public Builder detectors(List<? extends IssueDetector> list) {
            list.forEach(this::detector);
            return this;
        }

        /**
         * The strategies and the policy; by default a registry of the {@link BuiltIns#strategies() built-in
         * strategies} with each project's own policy. May be set once.
         *
         * @param registry the registry
         * @return this builder
         * @throws IllegalStateException when a registry was already set
         */
        public Builder registry(FixStrategyRegistry registry) {
            if (this.registry != null) {
                throw new IllegalStateException("registry was already set");
            }
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The clock of detection times and of what fixes write (review entries); the system clock by default. May be
         * set once.
         *
         * @param clock the clock
         * @return this builder
         * @throws IllegalStateException when a clock was already set
         */
        public Builder clock(InstantSource clock) {
            if (this.clock != null) {
                throw new IllegalStateException("clock was already set");
            }
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where detector and strategy failures and healing outcomes are counted; a private
         * {@code SimpleMeterRegistry} by default. May be set once.
         *
         * @param meters the registry
         * @return this builder
         * @throws IllegalStateException when a registry was already set
         */
        public Builder meterRegistry(MeterRegistry meters) {
            if (this.meters != null) {
                throw new IllegalStateException("meterRegistry was already set");
            }
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /** {@return the engine} */
        public SelfHealingEngine build() {
            return new SelfHealingEngine(scanner, detectors, registry == null ? FixStrategyRegistry.builder().builtIns().build() : registry,
                    clock == null ? InstantSource.system() : clock, meters == null ? new SimpleMeterRegistry() : meters);
        }
    }
}
