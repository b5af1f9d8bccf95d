package dev.continuity.core.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of an update plan, as the optimiser sees it.
 *
 * <p>Predecessors are <em>indices</em> into {@link SchedulingProblem#tasks()}: the step may start
 * only after every predecessor has finished. {@code service} names the remote service the step
 * uses (an LLM, a web API); a service's bulkhead or rate limit is modelled as a renewable resource
 * whose capacity is given by {@link SchedulingProblem#serviceCapacity()}. {@code
 * failureProbability} is the probability that the step fails (independently of the others); it
 * feeds the {@linkplain SafetyModel safety model}.
 *
 * <pre>{@code
 * Task draft = Task.builder("chapter-03").duration(40).predecessors(0, 1)
 *     .service("llm").failureProbability(0.1).build();
 * }</pre>
 *
 * @param id                 a non-blank identifier, unique within a problem
 * @param duration           the estimated duration, finite and {@code >= 0} (seconds by convention)
 * @param predecessors       indices of the tasks that must finish first, no duplicates
 * @param service            the service whose capacity the step consumes while it runs, if any
 * @param failureProbability probability of failure in {@code [0, 1]}
 */
public record Task(
        String id,
        double duration,
        List<Integer> predecessors,
        Optional<String> service,
        double failureProbability) {

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(predecessors, "predecessors");
        Objects.requireNonNull(service, "service");
        if (id.isBlank()) {
            throw new IllegalArgumentException("task id must not be blank: '" + id + "'");
        }
        if (!Double.isFinite(duration) || duration < 0) {
            throw new IllegalArgumentException(
                    "task '" + id + "': duration must be finite and >= 0, was " + duration);
        }
        if (!(failureProbability >= 0 && failureProbability <= 1)) {
            throw new IllegalArgumentException("task '" + id
                    + "': failureProbability must be in [0, 1], was " + failureProbability);
        }
        predecessors = List.copyOf(predecessors);
        if (predecessors.stream().distinct().count() != predecessors.size()) {
            throw new IllegalArgumentException(
                    "task '" + id + "': duplicate predecessor in " + predecessors);
        }
        for (int p : predecessors) {
            if (p < 0) {
                throw new IllegalArgumentException(
                        "task '" + id + "': predecessor index must be >= 0, was " + p);
            }
        }
        if (service.isPresent() && service.get().isBlank()) {
            throw new IllegalArgumentException("task '" + id + "': service name must not be blank");
        }
    }

    /** A task without service and without failure risk. */
    public static Task of(String id, double duration, int... predecessors) {
        return builder(id).duration(duration).predecessors(predecessors).build();
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public Builder toBuilder() {
        Builder b = new Builder(id).duration(duration).predecessors(predecessors)
                .failureProbability(failureProbability);
        service.ifPresent(b::service);
        return b;
    }

    /** Builder for {@link Task}; defaults: duration 0, no predecessors, no service, probability 0. */
    public static final class Builder {
        private final String id;
        private double duration;
        private List<Integer> predecessors = List.of();
        private Optional<String> service = Optional.empty();
        private double failureProbability;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        public Builder duration(double duration) {
            this.duration = duration;
            return this;
        }

        public Builder predecessors(int... predecessors) {
            List<Integer> list = new ArrayList<>(predecessors.length);
            for (int p : predecessors) {
                list.add(p);
            }
            this.predecessors = list;
            return this;
        }

        public Builder predecessors(List<Integer> predecessors) {
            this.predecessors = List.copyOf(predecessors);
            return this;
        }

        public Builder service(String service) {
            this.service = Optional.of(service);
            return this;
        }

        public Builder noService() {
            this.service = Optional.empty();
            return this;
        }

        public Builder failureProbability(double failureProbability) {
            this.failureProbability = failureProbability;
            return this;
        }

        public Task build() {
            return new Task(id, duration, predecessors, service, failureProbability);
        }
    }
}
