package dev.continuity.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A request to bring a project back into consistency after a change.
 *
 * <pre>{@code
 * ConsistencyUpdateRequest request = ConsistencyUpdateRequest.builder()
 *         .projectName("large_fantasy_saga")
 *         .updateType(UpdateType.PLOT_CHANGE)
 *         .changedFiles(List.of("20_プロット/全体構成.yaml"))
 *         .context("affected_volumes", List.of(3, 4, 5))
 *         .build();
 * }</pre>
 *
 * @param projectName   a display name for reports and history
 * @param updateType    the kind of change
 * @param changedFiles  the changed files, relative to the project root; a file listed twice is kept once (in the order of
 *                      its first mention)
 * @param updateContext free-form context (see {@link ChangeContext})
 * @param enhancedTypes how to carry the update out; empty means the update type's default, and so do only
 *                      {@linkplain EnhancedUpdateType#isModifier modifiers} ({@code ADAPTIVE_MERGE},
 *                      {@code PREDICTIVE_SYNC}), which are added to it
 * @param commitPolicy  when changes become visible
 * @param dryRun        plan, run the handlers on staged content and report, but write nothing: no project file, no history
 *                      (nothing is learned from a change that was not made); a report only if the orchestrator was
 *                      built to record reports
 */
public record ConsistencyUpdateRequest(
        String projectName,
        UpdateType updateType,
        List<String> changedFiles,
        Map<String, Object> updateContext,
        Set<EnhancedUpdateType> enhancedTypes,
        CommitPolicy commitPolicy,
        boolean dryRun) {

    /**
     * Rejects a null or blank project name, no changed file, a null or blank changed file (naming its index, e.g.
     * {@code changedFiles[1]}), context values that are not strings, numbers, booleans or lists of them, and nulls;
     * copies the collections.
     */
    public ConsistencyUpdateRequest {
        Copies.requireText(projectName, "projectName");
        Objects.requireNonNull(updateType, "updateType");
        changedFiles = List.copyOf(new java.util.LinkedHashSet<>(Copies.fileNames(changedFiles, "changedFiles")));
        if (changedFiles.isEmpty()) {
            throw new IllegalArgumentException("changedFiles must name at least one file");
        }
        updateContext = Copies.contextMap(updateContext);
        Objects.requireNonNull(enhancedTypes, "enhancedTypes");
        enhancedTypes.forEach(t -> Objects.requireNonNull(t, "enhancedTypes has a null element"));
        enhancedTypes = enhancedTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enhancedTypes));
        Objects.requireNonNull(commitPolicy, "commitPolicy");
    }

    /** {@return the change as the impact predictor sees it: the changed files, the update type and the context} */
    public ChangeContext changeContext() {
        return new ChangeContext(changedFiles, updateType, updateContext);
    }

    /**
     * The enhanced types in effect: the requested ones, or the update type's default; when only modifiers are requested
     * ({@code --mode ADAPTIVE_MERGE}), the default with them, so that the update still has a type that handlers support.
     *
     * @return the enhanced types in effect, never empty
     */
    public Set<EnhancedUpdateType> effectiveTypes() {
        if (enhancedTypes.stream().allMatch(EnhancedUpdateType::isModifier)) {
            EnumSet<EnhancedUpdateType> types = EnumSet.of(updateType.defaultEnhancedType());
            types.addAll(enhancedTypes);
            return Set.copyOf(types);
        }
        return enhancedTypes;
    }

    /**
     * Whether an enhanced type is in effect, as {@link #effectiveTypes()} decides.
     *
     * @param type the enhanced type
     * @return whether the request carries the update out that way
     */
    public boolean has(EnhancedUpdateType type) {
        return effectiveTypes().contains(type);
    }

    /**
     * A builder with the defaults: project name {@code project}, update type {@link UpdateType#PLOT_CHANGE}, no context,
     * the update type's default enhanced type, {@link CommitPolicy#ALL_OR_NOTHING}, not a dry run. Only the changed
     * files have no default; set the update type, which decides what the update does.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder that starts from this request's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.projectName = projectName;
        b.updateType = updateType;
        b.changedFiles.addAll(changedFiles);
        b.context.putAll(updateContext);
        b.enhancedTypes.addAll(enhancedTypes);
        b.commitPolicy = commitPolicy;
        b.dryRun = dryRun;
        return b;
    }

    /** Builds a {@link ConsistencyUpdateRequest}; the values are checked by {@link #build()}. See {@link #builder()} for the defaults. */
    public static final class Builder {
        private String projectName = "project";
        private UpdateType updateType = UpdateType.PLOT_CHANGE;
        private final List<String> changedFiles = new ArrayList<>();
        private final Map<String, Object> context = new LinkedHashMap<>();
        private final Set<EnhancedUpdateType> enhancedTypes = EnumSet.noneOf(EnhancedUpdateType.class);
        private CommitPolicy commitPolicy = CommitPolicy.ALL_OR_NOTHING;
        private boolean dryRun;

        private Builder() {}

        /**
         * A display name for reports and history; {@code project} by default.
         *
         * @param name the name; not blank (checked by {@link #build()})
         * @return this builder
         */
        public Builder projectName(String name) { this.projectName = name; return this; }
        /**
         * The kind of change; {@link UpdateType#PLOT_CHANGE} by default.
         *
         * @param type the kind of change
         * @return this builder
         */
        public Builder updateType(UpdateType type) { this.updateType = type; return this; }
        /**
         * Sets the changed files, replacing any set or added before; a file listed twice is kept once.
         *
         * @param files relative to the project root; the names are checked by {@link #build()}
         * @return this builder
         * @throws NullPointerException when {@code files} is null
         */
        public Builder changedFiles(List<String> files) {
            List<String> copy = new ArrayList<>(Objects.requireNonNull(files, "changedFiles"));
            this.changedFiles.clear();
            this.changedFiles.addAll(copy);
            return this;
        }

        /**
         * Adds a changed file to those set or added before; one already there is not added again.
         *
         * @param file relative to the project root
         * @return this builder
         * @throws NullPointerException when {@code file} is null
         */
        public Builder changedFile(String file) {
            java.util.Objects.requireNonNull(file, "file");
            if (!this.changedFiles.contains(file)) {
                this.changedFiles.add(file);
            }
            return this;
        }

        /**
         * Adds (or replaces) a context value (see {@link ChangeContext} for the keys Continuity knows).
         *
         * @param key   the context key, e.g. {@code affected_volumes}
         * @param value a string, number, boolean or list of them (checked by {@link #build()})
         * @return this builder
         */
        public Builder context(String key, Object value) { this.context.put(key, value); return this; }
        /**
         * Adds (or replaces) the given context values; the others set before are kept.
         *
         * @param values context keys and their values, each a string, number, boolean or list of them
         * @return this builder
         */
        public Builder context(Map<String, ?> values) { this.context.putAll(values); return this; }
        /**
         * Names who made the change (the context key {@value ChangeContext#AUTHOR}): the learned predictor weighs what
         * this author's own changes reached, and the run's history entry keeps the name. Without it, the predictor takes
         * the git {@code user.name} of the project's repository, if it is one.
         *
         * @param name the author's name, as the project's git log writes it
         * @return this builder
         */
        public Builder author(String name) { this.context.put(ChangeContext.AUTHOR, java.util.Objects.requireNonNull(name, "name")); return this; }
        /**
         * Adds an enhanced type; with none, the update type's {@linkplain UpdateType#defaultEnhancedType() default}.
         *
         * @param type the enhanced type; a modifier alone is added to the default
         * @return this builder
         * @throws NullPointerException when {@code type} is null
         */
        public Builder enhancedType(EnhancedUpdateType type) { this.enhancedTypes.add(Objects.requireNonNull(type, "enhancedType")); return this; }
        /**
         * When changes become visible; {@link CommitPolicy#ALL_OR_NOTHING} by default.
         *
         * @param policy the commit policy
         * @return this builder
         */
        public Builder commitPolicy(CommitPolicy policy) { this.commitPolicy = policy; return this; }
        /**
         * Plan and run on staged content but write nothing; off by default.
         *
         * @param dryRun whether to write nothing
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) { this.dryRun = dryRun; return this; }

        /**
         * The request.
         *
         * @return the request, with its collections copied
         * @throws IllegalArgumentException when no changed file is given, a changed file or the project name is blank,
         *                                  or a context value is not a string, number, boolean or list of them
         * @throws NullPointerException     when a value is null
         */
        public ConsistencyUpdateRequest build() {
            return new ConsistencyUpdateRequest(projectName, updateType, changedFiles, context, enhancedTypes, commitPolicy, dryRun);
        }
    }
}
