package dev.continuity.core.project;

import dev.continuity.api.ConfigurationException;
import dev.continuity.api.FileKind;
import dev.continuity.api.ProjectFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code continuity.yaml}; collects every problem before failing. A section the file leaves out keeps its
 * default ({@link ProjectConfig#defaults()}), so a file holding only {@code healing:} or {@code services:} changes just
 * that; a section the file gives replaces the default ({@code entities: []} means no entity files).
 */
public final class ProjectConfigLoader {
    /** The config file's name at the project root. */
    public static final String CONFIG_FILE = "continuity.yaml";
    /**
     * The config file's other name at the project root, for writing tools that take every visible file in their folder
     * for their own (Manuskript deletes, when it saves, the files of its folder it did not write): hidden files are
     * left alone by them, and by the scan.
     */
    public static final String HIDDEN_CONFIG_FILE = ".continuity.yaml";
    /** The only {@code version} the loader reads (the key may be left out). */
    static final String SUPPORTED_VERSION = "1";

    static final Set<String> DEFAULT_YAML_KEYS = Set.of("plot", "parent", "chapters", "characters", "character", "pov", "locations",
            "location", "home", "setup", "payoff", "related", "references", "depends_on", "source", "sources", "place", "places");
    /** Top-level sections kept for optional modules, uninterpreted: {@code healing} (orchestrator-healing). */
    public static final Set<String> EXTENSION_SECTIONS = Set.of("healing");
    static final Set<String> DEFAULT_CHILD_KEYS = Set.of("chapters", "scenes", "children", "parts");

    static final ProjectConfig DEFAULTS = new ProjectConfig(
            List.of(
                    new ProjectConfig.KindRule(Glob.of("10_*/**"), FileKind.CONCEPT),
                    new ProjectConfig.KindRule(Glob.of("20_*/**"), FileKind.PLOT),
                    new ProjectConfig.KindRule(Glob.of("30_*/キャラクター/**"), FileKind.CHARACTER),
                    new ProjectConfig.KindRule(Glob.of("30_*/{年表,timeline}*"), FileKind.TIMELINE),
                    new ProjectConfig.KindRule(Glob.of("30_*/**"), FileKind.SETTING),
                    new ProjectConfig.KindRule(Glob.of("40_*/**"), FileKind.MANUSCRIPT),
                    new ProjectConfig.KindRule(Glob.of("50_*/伏線*"), FileKind.FORESHADOWING),
                    new ProjectConfig.KindRule(Glob.of("50_*/**"), FileKind.NOTE)),
            List.of(new ProjectConfig.EntityRule(Glob.of("30_*/キャラクター/*"), "character", "name", "aliases", Optional.empty())),
            new ProjectConfig.ReferenceOptions(DEFAULT_YAML_KEYS, DEFAULT_CHILD_KEYS, true, true, true, Set.of("tag"), Set.of("*"), Set.of(), true),
            List.of(), List.of(), List.of());

    private final HardenedYaml yaml;

    /**
     * A loader that parses {@code continuity.yaml} with the given parser, so that the config is held to the same limits
     * as the project's files.
     *
     * @param yaml the parser
     */
    public ProjectConfigLoader(HardenedYaml yaml) {
        this.yaml = yaml;
    }

    /**
     * The config of the project at {@code root}: its {@code continuity.yaml} (or {@code .continuity.yaml}), or the
     * defaults when it has none.
     *
     * @param root the project root
     * @return the config
     * @throws dev.continuity.api.ConfigurationException when the config is invalid, listing every problem, or when the
     *                                                   project has both files
     * @throws ProjectFileException                      when it cannot be read or is not valid YAML
     */
    public ProjectConfig load(Path root) {
        return configFile(root).map(name -> load(root.resolve(name), name)).orElseGet(ProjectConfig::defaults);
    }

    /**
     * The name of the project's config file at {@code root}: {@value #CONFIG_FILE} or {@value #HIDDEN_CONFIG_FILE};
     * empty when it has neither.
     *
     * @param root the project root
     * @return the file's name, relative to the root
     * @throws dev.continuity.api.ConfigurationException when both exist (which one is meant cannot be told)
     */
    public static Optional<String> configFile(Path root) {
        boolean visible = Files.isRegularFile(root.resolve(CONFIG_FILE));
        boolean hidden = Files.isRegularFile(root.resolve(HIDDEN_CONFIG_FILE));
        if (visible && hidden) {
            throw new ConfigurationException(CONFIG_FILE, List.of("the project has both " + CONFIG_FILE + " and " + HIDDEN_CONFIG_FILE
                    + "; keep one of them"));
        }
        return visible ? Optional.of(CONFIG_FILE) : hidden ? Optional.of(HIDDEN_CONFIG_FILE) : Optional.empty();
    }

    /**
     * Reads a config file.
     *
     * @param file the config file
     * @param name how errors name it (e.g. {@code continuity.yaml})
     * @return the config
     * @throws dev.continuity.api.ConfigurationException when the config is invalid, listing every problem
     * @throws ProjectFileException                      when it cannot be read or is not valid YAML
     */
    public ProjectConfig load(Path file, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProjectFileException(name, 0, "cannot read the config: " + e.getMessage(), e);
        }
        String text = Utf8.decode(name, bytes);
        Object plain = yaml.parse(name, text).map(YamlNode::toPlain).orElse(Map.of());
        if (!(plain instanceof Map<?, ?> root)) {
            throw new ConfigurationException(name, List.of("the config must be a YAML mapping"));
        }
        return parse(name, root);
    }

    ProjectConfig parse(String name, Map<?, ?> root) {
        List<String> problems = new ArrayList<>();
        Set<String> known = new java.util.TreeSet<>(Set.of("version", "kinds", "entities", "references", "rules", "derived", "ignore", "services",
                "review"));
        known.addAll(EXTENSION_SECTIONS);
        root.keySet().stream().filter(k -> !known.contains(k)).forEach(k -> problems.add("unknown key '" + k + "' (known: " + known + ")"));
        Object version = root.get("version");
        if (version != null && !SUPPORTED_VERSION.equals(str(version))) {
            problems.add("version: '" + str(version) + "' is not supported (this library reads version " + SUPPORTED_VERSION
                    + ")");
        }
        Map<String, Object> extensions = new java.util.LinkedHashMap<>();
        for (String section : EXTENSION_SECTIONS) {
            Object value = root.get(section);
            if (value instanceof Map<?, ?>) {
                extensions.put(section, value);
            } else if (value != null && !"".equals(value)) {
                problems.add(section + " must be a mapping");
            }
        }

        List<ProjectConfig.KindRule> kinds = new ArrayList<>();
        for (Map<?, ?> m : maps(root.get("kinds"), "kinds", problems)) {
            unknownKeys(m, "kinds", KIND_KEYS, problems);
            Optional<Glob> glob = glob(m.get("glob"), "kinds.glob", problems);
            String kind = str(m.get("kind"));
            if (kind.isBlank()) {
                problems.add("kinds: the entry of glob '" + str(m.get("glob")) + "' has no kind (known: " + List.of(FileKind.values()) + ")");
                continue;
            }
            try {
                FileKind k = FileKind.valueOf(kind.toUpperCase(Locale.ROOT));
                glob.ifPresent(g -> kinds.add(new ProjectConfig.KindRule(g, k)));
            } catch (IllegalArgumentException e) {
                problems.add("kinds: unknown kind '" + kind + "' (known: " + List.of(FileKind.values()) + ")");
            }
        }
        List<ProjectConfig.EntityRule> entities = new ArrayList<>();
        for (Map<?, ?> m : maps(root.get("entities"), "entities", problems)) {
            unknownKeys(m, "entities", ENTITY_KEYS, problems);
            Optional<Glob> glob = glob(m.get("glob"), "entities.glob", problems);
            String type = str(m.get("type"));
            if (type.isBlank()) {
                problems.add("entities: each entry needs a type");
            }
            String nameField = m.containsKey("name") ? str(m.get("name")) : "name";
            String aliases = m.containsKey("aliases") ? str(m.get("aliases")) : "aliases";
            Optional<String> id = m.containsKey("id") ? Optional.of(str(m.get("id"))) : Optional.empty();
            glob.ifPresent(g -> entities.add(new ProjectConfig.EntityRule(g, type, nameField, aliases, id)));
        }
        ProjectConfig.ReferenceOptions refs = DEFAULTS.references();
        if (root.get("references") instanceof Map<?, ?> r) {
            unknownKeys(r, "references", REFERENCE_KEYS, problems);
            refs = new ProjectConfig.ReferenceOptions(
                    r.containsKey("yamlKeys") ? strings(r.get("yamlKeys")) : refs.yamlKeys(),
                    r.containsKey("childKeys") ? strings(r.get("childKeys")) : refs.childKeys(),
                    bool(r, "frontMatter", true, problems), bool(r, "markdownLinks", true, problems), bool(r, "wikilinks", true, problems),
                    r.containsKey("definingTags") ? strings(r.get("definingTags")) : refs.definingTags(),
                    r.containsKey("tags") ? strings(r.get("tags")) : refs.tags(),
                    r.containsKey("headers") ? strings(r.get("headers")) : refs.headers(),
                    bool(r, "mentions", true, problems),
                    patterns(r.get("patterns"), problems));
        } else if (root.containsKey("references")) {
            problems.add("references must be a mapping");
        }
        List<ProjectConfig.FileRule> rules = new ArrayList<>();
        for (String rule : strings(root.get("rules"))) {
            String[] parts = rule.split("\\s*->\\s*");
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                problems.add("rules: '" + rule + "' is not of the form 'from -> to'");
            } else {
                checkInside(parts[0], "rules", problems);
                checkInside(parts[1], "rules", problems);
                Set<String> bound = placeholders(parts[0]);
                placeholders(parts[1]).stream().filter(v -> !bound.contains(v)).forEach(v -> problems.add("rules: '" + rule
                        + "' uses {" + v + "} on the right that its left side does not bind (it binds " + bound + ")"));
                rules.add(new ProjectConfig.FileRule(parts[0].trim(), parts[1].trim()));
            }
        }
        List<ProjectConfig.DerivedRule> derived = new ArrayList<>();
        for (Map<?, ?> m : maps(root.get("derived"), "derived", problems)) {
            unknownKeys(m, "derived", DERIVED_KEYS, problems);
            String path = str(m.get("path"));
            if (path.isBlank() || str(m.get("generator")).isBlank()) {
                problems.add("derived: each entry needs a path and a generator (the built-in one is 'character-appearance-index')");
            }
            checkInside(path, "derived.path", problems);
            List<Glob> sources = new ArrayList<>();
            for (String s : strings(m.get("sources"))) {
                glob(s, "derived.sources", problems).ifPresent(sources::add);
            }
            derived.add(new ProjectConfig.DerivedRule(path, str(m.get("generator")), sources));
        }
        List<Glob> ignore = new ArrayList<>();
        for (String s : strings(root.get("ignore"))) {
            glob(s, "ignore", problems).ifPresent(ignore::add);
        }
        Map<String, dev.continuity.core.execute.ServiceConfig> services = ServicesSection.parse(root.get("services"), problems);
        Optional<String> reviewFolder = reviewFolder(root.get("review"), problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(name, problems);
        }
        // a section the file leaves out keeps its default; a section it gives, even empty, replaces the default
        return new ProjectConfig(root.containsKey("kinds") && !kinds.isEmpty() ? kinds : DEFAULTS.kinds(),
                root.containsKey("entities") ? entities : DEFAULTS.entities(), refs, rules, derived, ignore, services,
                extensions, reviewFolder);
    }

    /**
     * The {@code review:} section's folder: a relative path inside the project, outside {@code .continuity/}, with
     * {@code /}; empty when the section or its folder is left out.
     */
    private static Optional<String> reviewFolder(Object section, List<String> problems) {
        if (section == null || "".equals(section)) {
            return Optional.empty();
        }
        if (!(section instanceof Map<?, ?> m)) {
            problems.add("review must be a mapping");
            return Optional.empty();
        }
        unknownKeys(m, "review", List.of("folder"), problems);
        if (!m.containsKey("folder") || m.get("folder") == null) {
            return Optional.empty();
        }
        String folder = str(m.get("folder")).strip();
        while (folder.endsWith("/")) {
            folder = folder.substring(0, folder.length() - 1);
        }
        if (folder.isEmpty() || folder.equals(".")) {
            return Optional.empty();
        }
        int before = problems.size();
        checkInside(folder, "review.folder", problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        String norm = PathGuard.normalize(folder);
        if (norm.equals(".continuity") || norm.startsWith(".continuity/")) {
            problems.add("review.folder: '" + folder + "' is inside .continuity/, which is reserved for Continuity's own state");
        }
        return problems.size() == before ? Optional.of(norm) : Optional.empty();
    }

    private static final List<String> KIND_KEYS = List.of("glob", "kind");
    private static final List<String> ENTITY_KEYS = List.of("glob", "type", "name", "aliases", "id");
    private static final List<String> REFERENCE_KEYS = List.of("yamlKeys", "childKeys", "frontMatter", "markdownLinks", "wikilinks",
            "definingTags", "tags", "headers", "mentions", "patterns");
    private static final List<String> PATTERN_KEYS = List.of("regex", "glob", "split", "target");

    /** The {@code references.patterns} entries: each a regex with a group for the reference, checked here. */
    private static List<ProjectConfig.ReferencePattern> patterns(Object value, List<String> problems) {
        List<ProjectConfig.ReferencePattern> out = new ArrayList<>();
        for (Map<?, ?> m : maps(value, "references.patterns", problems)) {
            unknownKeys(m, "references.patterns", PATTERN_KEYS, problems);
            String regex = str(m.get("regex"));
            if (regex.isEmpty()) {
                problems.add("references.patterns: each entry needs a regex");
                continue;
            }
            java.util.regex.Pattern compiled;
            try {
                compiled = java.util.regex.Pattern.compile(regex);
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.add("references.patterns: '" + regex + "' is not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
                continue;
            }
            if (compiled.matcher("").groupCount() == 0) {
                problems.add("references.patterns: '" + regex + "' has no group: write the reference as (?<ref>...)"
                        + " (or as its first group)");
                continue;
            }
            if (compiled.matcher("").matches()) {
                problems.add("references.patterns: '" + regex + "' matches the empty text; a reference must be written with"
                        + " at least one character");
                continue;
            }
            String target = m.containsKey("target") ? str(m.get("target")) : "entity";
            if (!List.of("entity", "file", "any").contains(target)) {
                problems.add("references.patterns: target '" + target + "' of '" + regex + "' is none of entity, file, any");
                continue;
            }
            Optional<Glob> glob = m.containsKey("glob") ? glob(m.get("glob"), "references.patterns.glob", problems) : Optional.empty();
            if (m.containsKey("glob") && glob.isEmpty()) {
                continue;
            }
            out.add(new ProjectConfig.ReferencePattern(glob, compiled, m.containsKey("split") ? str(m.get("split")) : "", target));
        }
        return out;
    }
    private static final List<String> DERIVED_KEYS = List.of("path", "generator", "sources");
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([A-Za-z]\\w*)\\}");

    /** A key of a section's entry that the library does not read is a mistake (a typo keeps the default silently). */
    private static void unknownKeys(Map<?, ?> m, String where, List<String> known, List<String> problems) {
        m.keySet().stream().map(ProjectConfigLoader::str).filter(k -> !known.contains(k))
                .forEach(k -> problems.add(where + ": unknown key '" + k + "' (known: " + known + ")"));
    }

    private static Set<String> placeholders(String pattern) {
        Set<String> out = new LinkedHashSet<>();
        java.util.regex.Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void checkInside(String path, String where, List<String> problems) {
        String p = path.trim().replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*") || ("/" + p + "/").contains("/../")) {
            problems.add(where + ": path '" + path + "' escapes the project root");
        }
    }

    private static Optional<Glob> glob(Object value, String where, List<String> problems) {
        String g = str(value);
        if (g.isBlank()) {
            problems.add(where + " is missing");
            return Optional.empty();
        }
        checkInside(g.replaceAll("\\\\(.)", "$1"), where, problems);   // a glob's \x is the character x, not a separator
        try {
            return Optional.of(Glob.of(g));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static List<Map<?, ?>> maps(Object value, String where, List<String> problems) {
        if (value == null || "".equals(value)) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(where + " must be a list");
            return List.of();
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m) {
                out.add(m);
            } else {
                problems.add(where + ": each entry must be a mapping, found '" + o + "'");
            }
        }
        return out;
    }

    private static boolean bool(Map<?, ?> m, String key, boolean dflt, List<String> problems) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        String s = str(v).toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes")) {
            return true;
        }
        if (s.equals("false") || s.equals("no")) {
            return false;
        }
        problems.add("references." + key + " must be true or false, was '" + v + "'");
        return dflt;
    }

    static Set<String> strings(Object value) {
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof List<?> list) {
            list.forEach(o -> { if (!str(o).isBlank()) out.add(str(o)); });
        } else if (value != null && !str(value).isBlank()) {
            out.add(str(value));
        }
        return out;
    }

    static String str(Object o) {
        return o == null ? "" : String.valueOf(o).trim();
    }
}
