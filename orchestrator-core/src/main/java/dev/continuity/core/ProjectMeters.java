package dev.continuity.core;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The meters of one orchestrator on the builder's registry: every meter it registers (its own, the executor's, the
 * request queue's, the healing stage's and Resilience4j's bound ones) carries the tag {@code project} with the
 * orchestrator's {@link #project() name}, so orchestrators sharing a registry never share a meter — without the tag,
 * Micrometer keeps the first orchestrator's gauge and silently drops the second's. Closing removes the orchestrator's
 * gauges (its live state, which would otherwise go on reporting a closed orchestrator and keep it reachable); its
 * counters and timers stay, with their totals.
 *
 * <p>A {@link CompositeMeterRegistry} of the one target registry with the {@code project} common tag: the target's own
 * common tags and filters still apply. The target is never closed here.
 */
final class ProjectMeters {
    /** The tag naming the orchestrator. */
    static final String TAG = "project";
    /** The longest tag value: a name, not a path. */
    static final int MAX_LENGTH = 64;
    /** A gauge every orchestrator registers, to tell whether a project tag is taken on a registry. */
    private static final String PROBE = "continuity.concurrency.limit";

    private final String project;
    private final MeterRegistry target;
    private final CompositeMeterRegistry registry;

    private ProjectMeters(MeterRegistry target, String project) {
        this.project = project;
        this.target = target;
        this.registry = new CompositeMeterRegistry(target.config().clock());
        registry.config().commonTags(TAG, project);
        registry.add(target);
    }

    /**
     * The meters of an orchestrator named {@code project} on {@code target}.
     *
     * @throws IllegalStateException when an open orchestrator on {@code target} already has that name
     */
    static ProjectMeters of(MeterRegistry target, String project) {
        Objects.requireNonNull(target, "meterRegistry");
        String p = checkedName(project);
        if (taken(target, p)) {
            throw new IllegalStateException("an open orchestrator on this MeterRegistry already tags its meters " + TAG + "=" + p
                    + "; two orchestrators would report each other's state: give this one another name with "
                    + "Orchestrators.builder(..).meterTag(..), or close the other first");
        }
        return new ProjectMeters(target, p);
    }

    /**
     * The meters of the orchestrator of {@code root} when no name was given: named after its project folder, or, when
     * an open orchestrator on {@code target} already has that name (two folders named alike), the folder's name and a
     * short hash of its absolute path, {@code saga-1a2b3c4d}: different for different folders, the same on every run.
     */
    static ProjectMeters forRoot(MeterRegistry target, Path root) {
        Objects.requireNonNull(target, "meterRegistry");
        String name = defaultName(root);
        if (taken(target, name)) {
            String hash = String.format("%08x", root.toAbsolutePath().normalize().toString().hashCode());
            name = (name.length() > MAX_LENGTH - 9 ? name.substring(0, MAX_LENGTH - 9) : name) + "-" + hash;
        }
        return of(target, name);
    }

    private static boolean taken(MeterRegistry target, String project) {
        return target.find(PROBE).tag(TAG, project).gauge() != null;
    }

    /** The default name of an orchestrator: its project folder's name ({@code root} for a file-system root). */
    static String defaultName(Path root) {
        Path name = root.toAbsolutePath().normalize().getFileName();
        String s = name == null ? "root" : name.toString();
        if (s.length() <= MAX_LENGTH) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return s.substring(0, end);
    }

    /** Rejects a blank or overlong name. */
    static String checkedName(String project) {
        Objects.requireNonNull(project, "meterTag");
        if (project.isBlank()) {
            throw new IllegalArgumentException("meterTag must not be blank");
        }
        if (project.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("meterTag must be at most " + MAX_LENGTH + " characters (a name, not a path), was "
                    + project.length());
        }
        return project;
    }

    /** The value of the {@code project} tag. */
    String project() {
        return project;
    }

    /** Where the orchestrator's components register their meters. */
    MeterRegistry registry() {
        return registry;
    }

    /** Removes this orchestrator's gauges from the target registry; counters and timers stay. Idempotent. */
    void close() {
        for (Meter m : List.copyOf(registry.getMeters())) {
            if (m instanceof Gauge) {
                registry.remove(m);
                // the composite forwards the removal; removing from the target too covers older forwarding rules
                target.removeByPreFilterId(m.getId());
            }
        }
    }
}
