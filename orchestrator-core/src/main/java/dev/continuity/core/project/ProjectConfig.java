package dev.continuity.core.project;

import dev.continuity.api.FileKind;
import dev.continuity.core.execute.ServiceConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to read a project: the content of {@code continuity.yaml}, or {@link #defaults()} for the numbered-folder
 * layout of the specification ({@code 10_企画/}, {@code 20_プロット/}, {@code 30_設定集/}, {@code 40_原稿/}, {@code 50_管理資料/}).
 *
 * @param kinds      glob to file kind, first match wins; unmatched text files are {@link FileKind#OTHER}
 * @param entities   where entities are defined
 * @param references which reference syntaxes to read
 * @param rules      explicit file-to-file rules such as {@code 40_原稿/第{v}巻/第{n}話.md -> 20_プロット/第{v}巻/第{n}章.yaml}
 * @param derived    generated files and their sources
 * @param ignore     globs of files to leave out of the scan
 * @param services   resilience settings per service (the {@code services:} section), for the services it names
 * @param extensions sections that optional modules read themselves (such as {@code healing:}), by key, as plain maps,
 *                   lists and strings; the core does not interpret them
 * @param reviewFolder the folder (relative to the root, {@code /}-separated) that holds the review sidecars, mirroring
 *                   the project's paths ({@code review: folder:}); empty: each sidecar lies beside its file
 */
public record ProjectConfig(List<KindRule> kinds, List<EntityRule> entities, ReferenceOptions references, List<FileRule> rules,
                            List<DerivedRule> derived, List<Glob> ignore, Map<String, ServiceConfig> services, Map<String, Object> extensions,
                            Optional<String> reviewFolder) {

    /**
     * Copies the lists and maps (the maps keep their order); rejects null {@code references}, a null
     * {@code reviewFolder} and null elements of the lists.
     */
    public ProjectConfig {
        Objects.requireNonNull(reviewFolder, "reviewFolder");
        kinds = List.copyOf(kinds);
        entities = List.copyOf(entities);
        Objects.requireNonNull(references, "references");
        rules = List.copyOf(rules);
        derived = List.copyOf(derived);
        ignore = List.copyOf(ignore);
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A config whose review sidecars lie beside their files. */
    public ProjectConfig(List<KindRule> kinds, List<EntityRule> entities, ReferenceOptions references, List<FileRule> rules,
                         List<DerivedRule> derived, List<Glob> ignore, Map<String, ServiceConfig> services, Map<String, Object> extensions) {
        this(kinds, entities, references, rules, derived, ignore, services, extensions, Optional.empty());
    }

    /** A config without {@code services:} or extension sections. */
    public ProjectConfig(List<KindRule> kinds, List<EntityRule> entities, ReferenceOptions references, List<FileRule> rules,
                         List<DerivedRule> derived, List<Glob> ignore) {
        this(kinds, entities, references, rules, derived, ignore, Map.of(), Map.of());
    }

    /**
     * Where the review requests for a file go when they cannot go into its front matter: {@code <file>.review.yaml}
     * beside it, or under the {@linkplain #reviewFolder() review folder} at the same relative path
     * ({@code .review/outline/a.md.review.yaml}). A writing tool that reads every file of its folders (Manuskript
     * loads every file under {@code characters/} as a character) needs the sidecars elsewhere.
     *
     * @param file the file, relative to the root, with {@code /}
     * @return the sidecar's path, relative to the root
     */
    public String reviewSidecar(String file) {
        return reviewFolder.map(f -> f + "/" + file).orElse(file) + ProjectScanner.REVIEW_SIDECAR;
    }

    /** An extension section (e.g. {@code healing}) as a plain map, if the config has it. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> extension(String key) {
        return extensions.get(key) instanceof Map<?, ?> m ? Optional.of((Map<String, Object>) m) : Optional.empty();
    }

    /** A glob and the kind it gives. */
    public record KindRule(Glob glob, FileKind kind) {}

    /**
     * Entities defined by files matching {@code glob}.
     *
     * @param glob        which files
     * @param type        entity type, e.g. {@code character}
     * @param nameField   field holding the name (YAML key, front matter key or {@code Key:} header); the file stem if absent
     * @param aliasesField field holding aliases (a list or a comma-separated string)
     * @param idField     field holding an id other files refer to (Manuskript {@code ID}), optional
     */
    public record EntityRule(Glob glob, String type, String nameField, String aliasesField, Optional<String> idField) {}

    /**
     * Which references to read.
     *
     * @param yamlKeys      YAML / front matter keys whose values name files or entities (the file depends on them)
     * @param childKeys     keys whose values name parts of this file (outline chapters): the parts depend on this file
     * @param frontMatter   read front matter of Markdown files
     * @param markdownLinks read {@code [text](path)}
     * @param wikilinks     read {@code [[name]]}
     * @param definingTags  {@code @tag:} names that define an entity ({@code @tag: John | John Smith})
     * @param tags          {@code @name:} lines that reference entities ({@code @char: Bob}); {@code *} reads all
     * @param headers       {@code Key: value} header keys whose values name entities (names or ids)
     * @param mentions      find entity names and aliases in prose
     * @param patterns      reference syntaxes of the project's own, as regular expressions
     */
    public record ReferenceOptions(Set<String> yamlKeys, Set<String> childKeys, boolean frontMatter, boolean markdownLinks, boolean wikilinks,
                                   Set<String> definingTags, Set<String> tags, Set<String> headers, boolean mentions,
                                   List<ReferencePattern> patterns) {
        /** Copies the sets and the list; rejects null sets, a null list and null elements. */
        public ReferenceOptions {
            yamlKeys = Set.copyOf(yamlKeys);
            childKeys = Set.copyOf(childKeys);
            definingTags = Set.copyOf(definingTags);
            tags = Set.copyOf(tags);
            headers = Set.copyOf(headers);
            patterns = List.copyOf(patterns);
        }

        /** Options without patterns of the project's own. */
        public ReferenceOptions(Set<String> yamlKeys, Set<String> childKeys, boolean frontMatter, boolean markdownLinks, boolean wikilinks,
                                Set<String> definingTags, Set<String> tags, Set<String> headers, boolean mentions) {
            this(yamlKeys, childKeys, frontMatter, markdownLinks, wikilinks, definingTags, tags, headers, mentions, List.of());
        }

        boolean readsTag(String tag) {
            return tags.contains("*") || tags.contains(tag);
        }
    }

    /**
     * A reference syntax of the project's own ({@code references: patterns:}): every match of {@code regex} in a file
     * refers to what its group {@code ref} (or, without one, its first group) holds, such as Manuskript's
     * {@code {C:2:Philip}} or {@code characters="1,5"}.
     *
     * @param glob   the files it applies to; empty: every file
     * @param regex  the expression
     * @param split  a separator that splits the group's text into several references ({@code ,}); empty: one
     * @param target what a reference names: {@code entity} (a name, an alias or an id), {@code file} (a path) or
     *               {@code any} (a path when it looks like one, else an entity)
     */
    public record ReferencePattern(Optional<Glob> glob, java.util.regex.Pattern regex, String split, String target) {
        /** Rejects nulls and an unknown target. */
        public ReferencePattern {
            Objects.requireNonNull(glob, "glob");
            Objects.requireNonNull(regex, "regex");
            Objects.requireNonNull(split, "split");
            if (!Set.of("entity", "file", "any").contains(target)) {
                throw new IllegalArgumentException("target must be entity, file or any, got " + target);
            }
        }

        /** The group that holds the reference: {@code ref} when the expression names one, else 1. */
        String group(java.util.regex.Matcher m) {
            return regex.namedGroups().containsKey("ref") ? m.group("ref") : m.group(1);
        }

        int start(java.util.regex.Matcher m) {
            return regex.namedGroups().containsKey("ref") ? m.start("ref") : m.start(1);
        }
    }

    /** A rule {@code from -> to}: placeholders like {@code {v}} bind in {@code from} and fill {@code to}. */
    public record FileRule(String from, String to) {}

    /** A derived file, its generator id and the globs of its sources. */
    public record DerivedRule(String path, String generator, List<Glob> sources) {
        /** Copies {@code sources}. */
        public DerivedRule {
            sources = List.copyOf(sources);
        }
    }

    /** The kind of a path, by the first matching rule. */
    public FileKind kindOf(String path) {
        if (path.equals(ProjectConfigLoader.CONFIG_FILE) || path.equals(ProjectConfigLoader.HIDDEN_CONFIG_FILE)) {
            return FileKind.CONFIG;
        }
        for (KindRule rule : kinds) {
            if (rule.glob().matches(path)) {
                return rule.kind();
            }
        }
        return FileKind.OTHER;
    }

    /**
     * Whether the {@code ignore:} globs leave a path out of the scan. (The scanner also skips hidden and binary files,
     * review sidecars, {@code .continuity/} and {@code .git/}, whatever the config says.)
     *
     * @param path relative to the project root, with {@code /}
     * @return whether an {@code ignore} glob matches it
     */
    public boolean ignored(String path) {
        return ignore.stream().anyMatch(g -> g.matches(path));
    }

    /** The defaults for the specification's numbered-folder layout. */
    public static ProjectConfig defaults() {
        return ProjectConfigLoader.DEFAULTS;
    }
}
