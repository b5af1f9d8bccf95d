package dev.continuity.healing;

import dev.continuity.api.ConfigurationException;
import dev.continuity.api.FileKind;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.Glob;
import dev.continuity.core.project.Project;
import dev.continuity.healing.internal.StoryDates;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the detectors read a project and what the fixes may do: the {@code healing:} section of {@code continuity.yaml}.
 * Every key is optional; {@link #defaults()} fits the numbered-folder layout ({@code 30_設定集/年表.yaml} with
 * {@code events}, character sheets with {@code birth_date} / {@code death_date}, chapter plots with
 * {@code story_date}, {@code 50_管理資料/伏線リスト.yaml} with {@code deadline_volume}). See {@code docs/healing.md}.
 *
 * <pre>{@code
 * HealingConfig config = HealingConfig.defaults().toBuilder()
 *         .similarity(0.8)
 *         .policy(HealingPolicy.defaults().toBuilder().allowManuscripts(true).build())
 *         .build();
 * }</pre>
 *
 * @param similarity    the similarity (0..1, by edit distance) a repair candidate for a broken reference must reach
 * @param margin        how much closer than the runner-up the candidate must be to count as unique
 * @param timeline      keys of the timeline's events
 * @param characters    keys of character sheets
 * @param chapters      keys of chapter plots and manuscripts
 * @param foreshadowing keys of foreshadowing lists
 * @param attributes    which attributes are compared across files, and which keys name the entity a mapping is about
 * @param required      required fields, by file kind or glob
 * @param disabled      ids of detectors that are switched off
 * @param policy        what automatic fixes may change
 */
public record HealingConfig(double similarity, double margin, Timeline timeline, Characters characters, Chapters chapters,
                            Foreshadowing foreshadowing, Attributes attributes, List<Required> required, Set<String> disabled,
                            HealingPolicy policy) {

    /** Where {@code continuity.yaml} keeps this section. */
    public static final String SECTION = "healing";

    /**
     * Rejects a {@code similarity} outside (0, 1] and a {@code margin} outside [0, 1) with an
     * {@link IllegalArgumentException}, and nulls; copies {@code required} and {@code disabled}.
     */
    public HealingConfig {
        if (!(similarity > 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity must be in (0, 1], was " + similarity);
        }
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("margin must be in [0, 1), was " + margin);
        }
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(characters, "characters");
        Objects.requireNonNull(chapters, "chapters");
        Objects.requireNonNull(foreshadowing, "foreshadowing");
        Objects.requireNonNull(attributes, "attributes");
        required = List.copyOf(required);
        disabled = Set.copyOf(disabled);
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * Keys of timeline files ({@link FileKind#TIMELINE}): a list of events, each with an id, a date, the ids of its
     * causes and the characters taking part.
     *
     * @param events     the key of the list of events
     * @param id         an event's id, which {@code causes} refer to
     * @param date       an event's date
     * @param causes     the ids of the events that cause an event (a cause must not come after its effect)
     * @param characters the characters taking part in an event
     * @param title      an event's title, for messages
     * @param storyStart the date the story starts, for {@code age_at_start}; the earliest event's date when empty
     */
    public record Timeline(String events, String id, String date, String causes, String characters, String title, Optional<LocalDate> storyStart) {
        /** Rejects a blank key and a null {@code storyStart}. */
        public Timeline {
            requireKeys(events, id, date, causes, characters, title);
            Objects.requireNonNull(storyStart, "storyStart");
        }

        /** {@return the defaults: {@code events}, {@code id}, {@code date}, {@code causes}, {@code characters}, {@code title}, no story start} */
        public static Timeline defaults() {
            return new Timeline("events", "id", "date", "causes", "characters", "title", Optional.empty());
        }
    }

    /**
     * Keys of character sheets.
     *
     * @param birthDate     the date of birth, for ages
     * @param deathDate     the date of death: the character takes part in nothing dated later
     * @param departureDate the date the character leaves the story, used as the date of death when there is none
     * @param status        the character's status, e.g. {@code alive} or {@code dead}
     * @param deadStatuses  values of {@code status} that mean the character is dead
     * @param ageAtStart    the character's age when the story starts, checked against the birth date
     * @param ages          a key of dated mappings (events, chapters) holding ages by character, e.g. {@code ages: {主人公: 18}}
     */
    public record Characters(String birthDate, String deathDate, String departureDate, String status, Set<String> deadStatuses,
                             String ageAtStart, String ages) {
        /** Rejects a blank key; copies {@code deadStatuses}. */
        public Characters {
            requireKeys(birthDate, deathDate, departureDate, status, ageAtStart, ages);
            deadStatuses = Set.copyOf(deadStatuses);
        }

        /**
         * {@return the defaults: {@code birth_date}, {@code death_date}, {@code departure_date}, {@code status} with
         * {@code dead}, {@code deceased}, {@code 死亡} or {@code 故人} meaning dead, {@code age_at_start} and {@code ages}}
         */
        public static Characters defaults() {
            return new Characters("birth_date", "death_date", "departure_date", "status", Set.of("dead", "deceased", "死亡", "故人"),
                    "age_at_start", "ages");
        }
    }

    /**
     * Keys of chapter plots (and manuscripts' front matter).
     *
     * @param storyDate  the date in the story when the chapter happens; chapters must not go back in time
     * @param volume     the chapter's volume number
     * @param chapter    the chapter's number within its volume
     * @param characters keys listing who acts in the chapter (a POV character acts too)
     * @param events     the ids of the timeline events the chapter tells
     * @param flashback  a key that, when true, exempts a chapter from story-date order
     * @param plot       the manuscript key naming its chapter plot
     */
    public record Chapters(String storyDate, String volume, String chapter, List<String> characters, String events, String flashback, String plot) {
        /** Rejects a blank key; copies {@code characters}. */
        public Chapters {
            requireKeys(storyDate, volume, chapter, events, flashback, plot);
            characters = List.copyOf(characters);
        }

        /**
         * {@return the defaults: {@code story_date}, {@code volume}, {@code chapter}, {@code characters} and {@code pov},
         * {@code events}, {@code flashback}, {@code plot}}
         */
        public static Chapters defaults() {
            return new Chapters("story_date", "volume", "chapter", List.of("characters", "pov"), "events", "flashback", "plot");
        }
    }

    /**
     * Keys of foreshadowing lists ({@link FileKind#FORESHADOWING}).
     *
     * @param list             the key of the list of foreshadowing items
     * @param id               an item's id
     * @param setup            where the foreshadowing is set up
     * @param payoff           where it is paid off; empty (or {@code null}, {@code ~}) while it is not
     * @param deadline         the key of the volume by which a setup must be paid off
     * @param status           an item's status
     * @param resolvedStatuses values of {@code status} that claim the payoff happened
     */
    public record Foreshadowing(String list, String id, String setup, String payoff, String deadline, String status, Set<String> resolvedStatuses) {
        /** Rejects a blank key; copies {@code resolvedStatuses}. */
        public Foreshadowing {
            requireKeys(list, id, setup, payoff, deadline, status);
            resolvedStatuses = Set.copyOf(resolvedStatuses);
        }

        /**
         * {@return the defaults: {@code foreshadowing}, {@code id}, {@code setup}, {@code payoff},
         * {@code deadline_volume}, {@code status} with {@code resolved}, {@code closed} or {@code 回収済み} meaning paid off}
         */
        public static Foreshadowing defaults() {
            return new Foreshadowing("foreshadowing", "id", "setup", "payoff", "deadline_volume", "status", Set.of("resolved", "closed", "回収済み"));
        }
    }

    /**
     * Attribute comparison.
     *
     * @param subjects keys that name the entity a mapping is about, in files other than its definition
     * @param compared attributes whose value must be the same wherever the entity's attribute is written
     */
    public record Attributes(List<String> subjects, List<String> compared) {
        /** Copies both lists. */
        public Attributes {
            subjects = List.copyOf(subjects);
            compared = List.copyOf(compared);
        }

        /**
         * {@return the defaults: subjects named by {@code character} or {@code name}; {@code birth_date},
         * {@code death_date}, {@code status}, {@code home}, {@code affiliation} and {@code age_at_start} compared}
         */
        public static Attributes defaults() {
            return new Attributes(List.of("character", "name"), List.of("birth_date", "death_date", "status", "home", "affiliation", "age_at_start"));
        }
    }

    /**
     * Fields that files of a kind (or matching a glob) must have; with {@code list}, every item of that list must.
     *
     * @param kind   which files, by kind
     * @param glob   which files, by glob (both: a file must match both)
     * @param list   check each mapping of this list instead of the file's top level
     * @param fields the required keys
     */
    public record Required(Optional<FileKind> kind, Optional<String> glob, Optional<String> list, List<String> fields) {
        /**
         * Rejects a rule without fields, or with neither a kind nor a glob, and a glob with an unclosed brace, with an
         * {@link IllegalArgumentException}; copies {@code fields}.
         */
        public Required {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(glob, "glob");
            glob.ifPresent(Glob::of);
            Objects.requireNonNull(list, "list");
            fields = List.copyOf(fields);
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a required-fields rule needs at least one field");
            }
            if (kind.isEmpty() && glob.isEmpty()) {
                throw new IllegalArgumentException("a required-fields rule needs a kind or a glob");
            }
        }

        /**
         * Whether the rule applies to a file: it is of the rule's kind, if it names one, and matches its glob, if it
         * names one.
         *
         * @param path     relative to the project root, with {@code /}
         * @param fileKind the file's kind
         * @return whether the file must have the rule's fields
         */
        public boolean appliesTo(String path, FileKind fileKind) {
            return kind.map(k -> k == fileKind).orElse(true) && glob.map(g -> Glob.of(g).matches(path)).orElse(true);
        }
    }

    /** The defaults for the numbered-folder layout of the seed and the sample saga. */
    public static HealingConfig defaults() {
        return new HealingConfig(0.7, 0.1, Timeline.defaults(), Characters.defaults(), Chapters.defaults(), Foreshadowing.defaults(),
                Attributes.defaults(), List.of(
                new Required(Optional.of(FileKind.CHARACTER), Optional.empty(), Optional.empty(), List.of("name", "role")),
                new Required(Optional.of(FileKind.TIMELINE), Optional.empty(), Optional.of("events"), List.of("id", "date", "title")),
                new Required(Optional.of(FileKind.FORESHADOWING), Optional.empty(), Optional.of("foreshadowing"), List.of("id", "description", "setup", "deadline_volume")),
                new Required(Optional.of(FileKind.PLOT), Optional.of("**/第*章.yaml"), Optional.empty(), List.of("title", "story_date"))),
                Set.of(), HealingPolicy.defaults());
    }

    /**
     * The config of a snapshot: the {@code healing:} section of its {@code continuity.yaml} over the defaults, or the
     * defaults for a snapshot that is not a scanned {@link Project}.
     *
     * @throws ConfigurationException listing every problem of the section
     */
    public static HealingConfig of(ProjectSnapshot snapshot) {
        if (!(snapshot instanceof Project p)) {
            return defaults();
        }
        Optional<Map<String, Object>> section = p.config().extension(SECTION);
        if (section.isEmpty()) {
            return defaults();
        }
        Cached c = cache;
        if (c != null && c.section() == section.get()) {
            return c.config();
        }
        HealingConfig config = fromYaml(section.get(), "continuity.yaml");
        cache = new Cached(section.get(), config);
        return config;
    }

    private record Cached(Map<String, Object> section, HealingConfig config) {}

    private static volatile Cached cache;

    /**
     * Reads a {@code healing:} section (plain maps, lists and strings) over the defaults.
     *
     * @param source how errors name the file
     * @throws ConfigurationException listing every problem
     */
    public static HealingConfig fromYaml(Map<String, ?> section, String source) {
        Reader r = new Reader(source);
        HealingConfig d = defaults();
        r.known(section, "", "references", "timeline", "characters", "chapters", "foreshadowing", "attributes", "required", "disabled", "policy");
        Map<String, ?> refs = r.map(section, "references");
        r.known(refs, "references.", "similarity", "margin");
        double similarity = r.number(refs, "references.similarity", d.similarity());
        double margin = r.number(refs, "references.margin", d.margin());
        if (!(similarity > 0 && similarity <= 1)) {
            r.problem("healing.references.similarity must be in (0, 1], was " + refs.get("similarity"));
            similarity = d.similarity();
        }
        if (!(margin >= 0 && margin < 1)) {
            r.problem("healing.references.margin must be in [0, 1), was " + refs.get("margin"));
            margin = d.margin();
        }

        Map<String, ?> t = r.map(section, "timeline");
        r.known(t, "timeline.", "events", "id", "date", "causes", "characters", "title", "storyStart");
        Timeline td = d.timeline();
        Optional<LocalDate> start = Optional.empty();
        if (t.containsKey("storyStart")) {
            start = StoryDates.parse(String.valueOf(t.get("storyStart")));
            if (start.isEmpty()) {
                r.problem("timeline.storyStart must be a date such as 1024-03-15, was '" + t.get("storyStart") + "'");
            }
        }
        Timeline timeline = new Timeline(r.key(t, "events", td.events()), r.key(t, "id", td.id()), r.key(t, "date", td.date()),
                r.key(t, "causes", td.causes()), r.key(t, "characters", td.characters()), r.key(t, "title", td.title()), start);

        Map<String, ?> c = r.map(section, "characters");
        r.known(c, "characters.", "birthDate", "deathDate", "departureDate", "status", "deadStatuses", "ageAtStart", "ages");
        Characters cd = d.characters();
        Characters characters = new Characters(r.key(c, "birthDate", cd.birthDate()), r.key(c, "deathDate", cd.deathDate()),
                r.key(c, "departureDate", cd.departureDate()), r.key(c, "status", cd.status()),
                r.strings(c, "deadStatuses", cd.deadStatuses()), r.key(c, "ageAtStart", cd.ageAtStart()), r.key(c, "ages", cd.ages()));

        Map<String, ?> ch = r.map(section, "chapters");
        r.known(ch, "chapters.", "storyDate", "volume", "chapter", "characters", "events", "flashback", "plot");
        Chapters chd = d.chapters();
        Chapters chapters = new Chapters(r.key(ch, "storyDate", chd.storyDate()), r.key(ch, "volume", chd.volume()), r.key(ch, "chapter", chd.chapter()),
                List.copyOf(r.strings(ch, "characters", new LinkedHashSet<>(chd.characters()))), r.key(ch, "events", chd.events()),
                r.key(ch, "flashback", chd.flashback()), r.key(ch, "plot", chd.plot()));

        Map<String, ?> f = r.map(section, "foreshadowing");
        r.known(f, "foreshadowing.", "list", "id", "setup", "payoff", "deadline", "status", "resolved");
        Foreshadowing fd = d.foreshadowing();
        Foreshadowing foreshadowing = new Foreshadowing(r.key(f, "list", fd.list()), r.key(f, "id", fd.id()), r.key(f, "setup", fd.setup()),
                r.key(f, "payoff", fd.payoff()), r.key(f, "deadline", fd.deadline()), r.key(f, "status", fd.status()),
                r.strings(f, "resolved", fd.resolvedStatuses()));

        Map<String, ?> a = r.map(section, "attributes");
        r.known(a, "attributes.", "subjects", "compare");
        Attributes attributes = new Attributes(List.copyOf(r.strings(a, "subjects", new LinkedHashSet<>(d.attributes().subjects()))),
                List.copyOf(r.strings(a, "compare", new LinkedHashSet<>(d.attributes().compared()))));

        List<Required> required = d.required();
        if (section.containsKey("required")) {
            required = new ArrayList<>();
            if (!(section.get("required") instanceof List<?> list)) {
                r.problem("required must be a list of { kind | glob, list, fields }");
            } else {
                for (Object o : list) {
                    if (!(o instanceof Map<?, ?> m)) {
                        r.problem("required: each entry must be a mapping, found '" + o + "'");
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, ?> rule = (Map<String, ?>) m;
                    r.known(rule, "required.", "kind", "glob", "list", "fields");
                    Optional<FileKind> kind = Optional.empty();
                    if (rule.containsKey("kind")) {
                        try {
                            kind = Optional.of(FileKind.valueOf(String.valueOf(rule.get("kind")).strip().toUpperCase(Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            r.problem("required: unknown kind '" + rule.get("kind") + "' (known: " + List.of(FileKind.values()) + ")");
                            continue;
                        }
                    }
                    Optional<String> glob = Optional.ofNullable(rule.get("glob")).map(String::valueOf).map(String::strip);
                    Set<String> fields = r.strings(rule, "fields", Set.of());
                    try {
                        required.add(new Required(kind, glob, Optional.ofNullable(rule.get("list")).map(String::valueOf).map(String::strip), List.copyOf(fields)));
                    } catch (IllegalArgumentException e) {
                        r.problem("required: " + e.getMessage());
                    }
                }
            }
        }
        Set<String> disabled = r.strings(section, "disabled", Set.of());
        Set<String> detectorIds = new java.util.TreeSet<>();
        BuiltIns.detectors().forEach(det -> detectorIds.add(det.id()));
        for (String id : disabled) {
            if (!detectorIds.contains(id)) {
                r.problem("healing.disabled: unknown detector id '" + id + "' (known: " + detectorIds + ")");
            }
        }

        Map<String, ?> p = r.map(section, "policy");
        r.known(p, "policy.", "writable", "manuscripts", "protect", "timeout", "followUps");
        HealingPolicy.Builder pb = d.policy().toBuilder();
        if (p.containsKey("writable")) {
            EnumSet<FileKind> kinds = EnumSet.noneOf(FileKind.class);
            for (String k : r.strings(p, "writable", Set.of())) {
                try {
                    kinds.add(FileKind.valueOf(k.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    r.problem("policy.writable: unknown kind '" + k + "'");
                }
            }
            kinds.remove(FileKind.CONFIG);
            pb.writableKinds(kinds);
        }
        if (p.containsKey("manuscripts")) {
            pb.allowManuscripts(r.bool(p, "policy.manuscripts"));
        }
        if (p.containsKey("protect")) {
            pb.protectedGlobs(List.copyOf(r.strings(p, "protect", Set.of())));
        }
        if (p.containsKey("timeout")) {
            String v = String.valueOf(p.get("timeout")).strip();
            try {
                Duration timeout = v.matches("\\d+(ms|s)") ? (v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)))
                        : Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)))) : Duration.parse(v);
                if (timeout.isNegative() || timeout.isZero()) {
                    r.problem("healing.policy.timeout must be positive, was '" + v + "'");
                } else {
                    pb.strategyTimeout(timeout);
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                r.problem("policy.timeout must be like 10s, 500ms or PT10S, was '" + v + "'");
            }
        }
        if (p.containsKey("followUps")) {
            double followUps = r.number(p, "policy.followUps", d.policy().maxFollowUps());
            if (followUps >= 0 && followUps <= 10 && followUps == Math.rint(followUps)) {
                pb.maxFollowUps((int) followUps);
            } else {
                r.problem("healing.policy.followUps must be a whole number in [0, 10], was " + p.get("followUps"));
            }
        }
        r.throwIfAny();
        try {
            return new HealingConfig(similarity, margin, timeline, characters, chapters, foreshadowing, attributes, required, disabled, pb.build());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(source, List.of("healing: " + e.getMessage()));
        }
    }

    /** {@return a builder that starts from {@link #defaults()}} */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** {@return a builder that starts from this config's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.similarity = similarity;
        b.margin = margin;
        b.timeline = timeline;
        b.characters = characters;
        b.chapters = chapters;
        b.foreshadowing = foreshadowing;
        b.attributes = attributes;
        b.required = required;
        b.disabled = disabled;
        b.policy = policy;
        return b;
    }

    /** Builds a {@link HealingConfig}; starts from {@link #defaults()}. */
    public static final class Builder {
        private double similarity;
        private double margin;
        private Timeline timeline;
        private Characters characters;
        private Chapters chapters;
        private Foreshadowing foreshadowing;
        private Attributes attributes;
        private List<Required> required;
        private Set<String> disabled;
        private HealingPolicy policy;

        private Builder() {}

        /**
         * How similar, by edit distance, a file or name must be to a broken reference to be offered as its repair;
         * 0.7 by default.
         *
         * @param similarity in (0, 1], 1 meaning identical (checked by {@link #build()})
         * @return this builder
         */
        public Builder similarity(double similarity) { this.similarity = similarity; return this; }
        /**
         * How far the best candidate's similarity must be above the runner-up's for a broken reference to be repaired
         * automatically; with a closer runner-up the repair is left to a human. 0.1 by default.
         *
         * @param margin in [0, 1) (checked by {@link #build()})
         * @return this builder
         */
        public Builder margin(double margin) { this.margin = margin; return this; }
        /**
         * The keys of the timeline's events.
         *
         * @param timeline the keys; {@link Timeline#defaults()} by default
         * @return this builder
         */
        public Builder timeline(Timeline timeline) { this.timeline = timeline; return this; }
        /**
         * The keys of character sheets.
         *
         * @param characters the keys; {@link Characters#defaults()} by default
         * @return this builder
         */
        public Builder characters(Characters characters) { this.characters = characters; return this; }
        /**
         * The keys of chapter plots and manuscripts' front matter.
         *
         * @param chapters the keys; {@link Chapters#defaults()} by default
         * @return this builder
         */
        public Builder chapters(Chapters chapters) { this.chapters = chapters; return this; }
        /**
         * The keys of foreshadowing lists.
         *
         * @param foreshadowing the keys; {@link Foreshadowing#defaults()} by default
         * @return this builder
         */
        public Builder foreshadowing(Foreshadowing foreshadowing) { this.foreshadowing = foreshadowing; return this; }
        /**
         * Which attributes are compared across files.
         *
         * @param attributes the subjects and compared attributes; {@link Attributes#defaults()} by default
         * @return this builder
         */
        public Builder attributes(Attributes attributes) { this.attributes = attributes; return this; }
        /**
         * The required-fields rules, replacing the defaults (those of character sheets, the timeline, foreshadowing
         * lists and chapter plots); an empty list checks no fields.
         *
         * @param required the rules; copied
         * @return this builder
         */
        public Builder required(List<Required> required) { this.required = List.copyOf(required); return this; }
        /**
         * Switches detectors off, replacing those switched off before; none by default.
         *
         * @param detectorIds the ids of the detectors, e.g. {@code age-mismatch}; copied
         * @return this builder
         */
        public Builder disabled(Set<String> detectorIds) { this.disabled = Set.copyOf(detectorIds); return this; }
        /**
         * What automatic fixes may change.
         *
         * @param policy the policy; {@link HealingPolicy#defaults()} by default
         * @return this builder
         */
        public Builder policy(HealingPolicy policy) { this.policy = policy; return this; }

        /**
         * The config.
         *
         * @return the config
         * @throws IllegalArgumentException when the similarity or the margin is out of range
         * @throws NullPointerException     when a value was set to null
         */
        public HealingConfig build() {
            return new HealingConfig(similarity, margin, timeline, characters, chapters, foreshadowing, attributes, required, disabled, policy);
        }
    }

    private static void requireKeys(String... keys) {
        for (String k : keys) {
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("a key name must not be blank");
            }
        }
    }

    /** Reads plain YAML values, collecting every problem. */
    private static final class Reader {
        private final String source;
        private final List<String> problems = new ArrayList<>();

        Reader(String source) {
            this.source = source;
        }

        void problem(String p) {
            problems.add(p);
        }

        void known(Map<String, ?> m, String prefix, String... keys) {
            Set<String> k = Set.of(keys);
            m.keySet().stream().filter(key -> !k.contains(key)).sorted()
                    .forEach(key -> problems.add("unknown key 'healing." + prefix + key + "' (known: " + new java.util.TreeSet<>(k) + ")"));
        }

        @SuppressWarnings("unchecked")
        Map<String, ?> map(Map<String, ?> m, String key) {
            Object v = m.get(key);
            if (v == null || "".equals(v)) {
                return Map.of();
            }
            if (v instanceof Map<?, ?> map) {
                return (Map<String, ?>) map;
            }
            problems.add("healing." + key + " must be a mapping");
            return Map.of();
        }

        String key(Map<String, ?> m, String key, String dflt) {
            Object v = m.get(key);
            return v == null || String.valueOf(v).isBlank() ? dflt : String.valueOf(v).strip();
        }

        Set<String> strings(Map<String, ?> m, String key, Set<String> dflt) {
            Object v = m.get(key);
            if (v == null) {
                return dflt;
            }
            Set<String> out = new LinkedHashSet<>();
            if (v instanceof List<?> list) {
                list.forEach(o -> {
                    if (!String.valueOf(o).isBlank()) {
                        out.add(String.valueOf(o).strip());
                    }
                });
            } else if (!String.valueOf(v).isBlank()) {
                out.add(String.valueOf(v).strip());
            }
            return out;
        }

        double number(Map<String, ?> m, String name, double dflt) {
            Object v = m.get(name.substring(name.indexOf('.') + 1));
            if (v == null) {
                return dflt;
            }
            try {
                return Double.parseDouble(String.valueOf(v).strip());
            } catch (NumberFormatException e) {
                problems.add("healing." + name + " must be a number, was '" + v + "'");
                return dflt;
            }
        }

        boolean bool(Map<String, ?> m, String name) {
            String v = String.valueOf(m.get(name.substring(name.indexOf('.') + 1))).strip().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("yes")) {
                return true;
            }
            if (!v.equals("false") && !v.equals("no")) {
                problems.add("healing." + name + " must be true or false, was '" + v + "'");
            }
            return false;
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new ConfigurationException(source, problems);
            }
        }
    }
}
