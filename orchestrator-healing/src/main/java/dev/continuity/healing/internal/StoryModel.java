package dev.continuity.healing.internal;

import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.Reference;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.YamlNode;
import dev.continuity.healing.HealingConfig;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The story as the project's metadata tells it: timeline events, chapters with their story dates, characters with
 * their life dates, manuscripts with the chapter they tell. Built from one snapshot and one config; cached for the
 * last snapshot, since every detector of a detection run reads the same one.
 */
public final class StoryModel {
    private static final Pattern VOLUME_IN_PATH = Pattern.compile("第(\\d+)巻|(?:^|/)(?:vol(?:ume)?[-_ ]?)(\\d+)(?:/|$)", Pattern.CASE_INSENSITIVE);

    /** A timeline event. */
    public record Event(String id, String file, int line, int index, Optional<LocalDate> date, Optional<YamlNode.Scalar> dateNode,
                        List<String> causes, List<YamlNode.Scalar> characters, int charactersLine, String title, YamlNode.Mapping node) {
        /** The last day the date may mean: a month- or year-only date is the whole month or year. */
        public Optional<LocalDate> dateEnd() {
            return end(dateNode, date);
        }

        /** The date as written ({@code 1245-03}), or "no date". */
        public String writtenDate() {
            return written(dateNode, date);
        }
    }

    /** A chapter plot (or anything dated with a story date, a volume and a chapter number). */
    public record Chapter(String file, Optional<Integer> volume, Optional<Integer> chapter, Optional<LocalDate> storyDate,
                          Optional<YamlNode.Scalar> storyDateNode, List<YamlNode.Scalar> characters, List<String> events, boolean flashback,
                          YamlNode.Mapping node) {
        /** The last day the story date may mean: a month- or year-only date is the whole month or year. */
        public Optional<LocalDate> storyDateEnd() {
            return end(storyDateNode, storyDate);
        }

        /** The story date as written, or "no date". */
        public String writtenDate() {
            return written(storyDateNode, storyDate);
        }

        /** "第3巻第2章" style label, or the file. */
        public String label() {
            return volume.isPresent() && chapter.isPresent() ? "vol. " + volume.get() + " ch. " + chapter.get() + " (" + file + ")" : file;
        }
    }

    /**
     * A character's life dates: {@code birth} and {@code death} are the first day each may mean, {@code birthEnd} and
     * {@code deathEnd} the last (they differ when a date is written without the day or month: {@code 1245-03}).
     */
    public record Person(EntityInfo entity, Optional<LocalDate> birth, Optional<LocalDate> birthEnd, String birthWritten, int birthLine,
                         Optional<LocalDate> death, Optional<LocalDate> deathEnd, String deathWritten, int deathLine,
                         String deathKey, YamlNode.Mapping node) {}

    private static Optional<LocalDate> end(Optional<YamlNode.Scalar> node, Optional<LocalDate> start) {
        return node.flatMap(n -> StoryDates.parseEnd(n.value())).or(() -> start);
    }

    private static String written(Optional<YamlNode.Scalar> node, Optional<LocalDate> date) {
        return node.map(n -> n.value().strip()).filter(v -> !v.isEmpty()).orElse(date.map(LocalDate::toString).orElse("no date"));
    }

    /** A manuscript and the chapter it tells. */
    public record Manuscript(String file, Optional<Chapter> chapter, List<YamlNode.Scalar> characters, Optional<Integer> volume, YamlNode.Mapping node) {}

    private final ProjectSnapshot snapshot;
    private final HealingConfig config;
    private final Map<String, Event> events = new LinkedHashMap<>();
    private final List<Chapter> chapters = new ArrayList<>();
    /** Each chapter by its file (a file is at most one chapter). */
    private final Map<String, Chapter> chapterByFile = new java.util.HashMap<>();
    private final Map<String, Person> people = new LinkedHashMap<>();
    private final List<Manuscript> manuscripts = new ArrayList<>();

    /** The last model built; softly held, so that a large project can be collected when memory runs short. */
    private static volatile java.lang.ref.SoftReference<StoryModel> last = new java.lang.ref.SoftReference<>(null);

    /** The model of a snapshot (cached for the last snapshot and config). */
    public static StoryModel of(ProjectSnapshot snapshot, HealingConfig config) {
        StoryModel l = last.get();
        if (l != null && l.snapshot == snapshot && l.config == config) {
            return l;
        }
        StoryModel m = new StoryModel(snapshot, config, l);
        last = new java.lang.ref.SoftReference<>(m);
        return m;
    }

    /**
     * What one file tells: its timeline events with an id (in order, duplicates included), or the manuscript it is
     * (without its chapter, which depends on the other files), or the chapter it is. {@code source} is the parsed file it
     * was read from, so that a model of the next state (healing detects again after every fix, on a state that differs
     * in a file or two) reads again only the files that changed.
     */
    private record FileFacts(Object source, List<Event> events, Optional<Manuscript> manuscript, Optional<Chapter> chapter) {}

    private final Map<String, FileFacts> facts = new java.util.HashMap<>();

    private StoryModel(ProjectSnapshot snapshot, HealingConfig config, StoryModel previous) {
        this.snapshot = snapshot;
        this.config = config;
        boolean reuse = previous != null && (previous.config == config || previous.config.equals(config));
        if (snapshot instanceof dev.continuity.core.project.Project p) {
            for (Map.Entry<String, dev.continuity.core.project.ParsedFile> e : p.parsedFiles().entrySet()) {
                dev.continuity.core.project.ParsedFile pf = e.getValue();
                FileFacts f = reuse ? previous.facts.get(e.getKey()) : null;
                if (f == null || f.source() != pf) {
                    f = read(pf, e.getKey(), pf.kind(), pf.yaml().flatMap(Documents::asMapping), config);
                }
                facts.put(e.getKey(), f);
                add(f);
            }
        } else {
            for (String file : snapshot.files()) {
                add(read(null, file, snapshot.kind(file).orElse(FileKind.OTHER), Documents.mapping(snapshot, file), config));
            }
        }
        HealingConfig.Characters ck = config.characters();
        for (EntityInfo e : snapshot.entities()) {
            if (!e.type().equals("character")) {
                continue;
            }
            Documents.mapping(snapshot, e.definedIn()).ifPresent(m -> {
                Optional<String> death = Documents.scalar(m, ck.deathDate());
                String deathKey = ck.deathDate();
                if (death.isEmpty() && Documents.scalar(m, ck.departureDate()).isPresent()) {
                    death = Documents.scalar(m, ck.departureDate());
                    deathKey = ck.departureDate();
                }
                Optional<String> birth = Documents.scalar(m, ck.birthDate());
                people.put(e.name(), new Person(e, birth.flatMap(StoryDates::parse), birth.flatMap(StoryDates::parseEnd),
                        birth.map(String::strip).orElse(""), Documents.line(m, ck.birthDate()),
                        death.flatMap(StoryDates::parse), death.flatMap(StoryDates::parseEnd), death.map(String::strip).orElse(""),
                        Documents.line(m, deathKey), deathKey, m));
            });
        }
        chapters.sort(Comparator.comparing((Chapter ch) -> ch.volume().orElse(Integer.MAX_VALUE))
                .thenComparing(ch -> ch.chapter().orElse(Integer.MAX_VALUE)).thenComparing(Chapter::file));
        for (Chapter ch : chapters) {
            chapterByFile.putIfAbsent(ch.file(), ch);
        }
        for (int i = 0; i < manuscripts.size(); i++) {
            Manuscript ms = manuscripts.get(i);
            manuscripts.set(i, new Manuscript(ms.file(), chapterOf(ms), ms.characters(), ms.volume(), ms.node()));
        }
    }

    private void add(FileFacts f) {
        for (Event e : f.events()) {
            events.putIfAbsent(e.id(), e);
        }
        f.manuscript().ifPresent(manuscripts::add);
        f.chapter().ifPresent(chapters::add);
    }

    private static FileFacts read(Object source, String file, FileKind kind, Optional<YamlNode.Mapping> doc, HealingConfig config) {
        if (doc.isEmpty()) {
            return new FileFacts(source, List.of(), Optional.empty(), Optional.empty());
        }
        HealingConfig.Timeline t = config.timeline();
        HealingConfig.Chapters c = config.chapters();
        YamlNode.Mapping m = doc.get();
        List<Event> fileEvents = new ArrayList<>();
        if (kind == FileKind.TIMELINE) {
            List<YamlNode.Mapping> items = Documents.mappings(m, t.events());
            for (int i = 0; i < items.size(); i++) {
                YamlNode.Mapping e = items.get(i);
                Optional<String> id = Documents.scalar(e, t.id());
                if (id.isEmpty()) {
                    continue;
                }
                Optional<YamlNode.Scalar> dateNode = Documents.scalarNode(e, t.date());
                fileEvents.add(new Event(id.get(), file, e.line(), i, dateNode.flatMap(s -> StoryDates.parse(s.value())), dateNode,
                        Documents.scalars(e, t.causes()).stream().map(s -> s.value().strip()).toList(), Documents.scalars(e, t.characters()),
                        Documents.line(e, t.characters()), Documents.scalar(e, t.title()).orElse(""), e));
            }
        }
        if (kind == FileKind.MANUSCRIPT) {
            List<YamlNode.Scalar> who = new ArrayList<>();
            c.characters().forEach(k -> who.addAll(Documents.scalars(m, k)));
            return new FileFacts(source, fileEvents,
                    Optional.of(new Manuscript(file, Optional.empty(), who, Documents.integer(m, c.volume()).or(() -> volumeInPath(file)), m)),
                    Optional.empty());
        }
        if (m.get(c.storyDate()).isPresent() && kind != FileKind.TIMELINE) {
            Optional<YamlNode.Scalar> dateNode = Documents.scalarNode(m, c.storyDate());
            List<YamlNode.Scalar> who = new ArrayList<>();
            c.characters().forEach(k -> who.addAll(Documents.scalars(m, k)));
            return new FileFacts(source, fileEvents, Optional.empty(), Optional.of(new Chapter(file,
                    Documents.integer(m, c.volume()).or(() -> volumeInPath(file)), Documents.integer(m, c.chapter()),
                    dateNode.flatMap(s -> StoryDates.parse(s.value())), dateNode, who,
                    Documents.scalars(m, c.events()).stream().map(s -> s.value().strip()).toList(),
                    Documents.scalar(m, c.flashback()).map(v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")).orElse(false), m)));
        }
        return new FileFacts(source, fileEvents, Optional.empty(), Optional.empty());
    }

    /** The chapter plot a manuscript tells: the file its {@code plot} key names, else the plot its rule points to. */
    private Optional<Chapter> chapterOf(Manuscript ms) {
        List<String> targets = new ArrayList<>();
        Documents.scalar(ms.node(), config.chapters().plot()).ifPresent(targets::add);
        snapshot.referencesFrom(ms.file()).stream().filter(r -> r.syntax().equals("rule") && r.resolved()).map(Reference::target).forEach(targets::add);
        for (String t : targets) {
            Chapter ch = chapterByFile.get(t);
            if (ch != null) {
                return Optional.of(ch);
            }
        }
        return Optional.empty();
    }

    static Optional<Integer> volumeInPath(String path) {
        Matcher m = VOLUME_IN_PATH.matcher(path);
        if (m.find()) {
            return Optional.of(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
        }
        return Optional.empty();
    }

    /** The volume a file belongs to: its {@code volume} key, else a {@code 第N巻} folder. */
    public Optional<Integer> volumeOf(String path) {
        Chapter ch = chapterByFile.get(path);
        if (ch != null && ch.volume().isPresent()) {
            return ch.volume();
        }
        return Documents.mapping(snapshot, path).flatMap(m -> Documents.integer(m, config.chapters().volume())).or(() -> volumeInPath(path));
    }

    public Map<String, Event> events() {
        return events;
    }

    public List<Chapter> chapters() {
        return chapters;
    }

    public Map<String, Person> people() {
        return people;
    }

    public List<Manuscript> manuscripts() {
        return manuscripts;
    }

    /** The events that name {@code id} among their causes. */
    public List<Event> effectsOf(String id) {
        return events.values().stream().filter(e -> e.causes().contains(id)).toList();
    }

    /** The chapters that list event {@code id}. */
    public List<Chapter> chaptersTelling(String id) {
        return chapters.stream().filter(c -> c.events().contains(id)).toList();
    }

    /** The canonical name of the character a written name means, if it is a character. */
    public Optional<String> character(String written) {
        return snapshot.entity(written.strip()).filter(e -> e.type().equals("character")).map(EntityInfo::name);
    }

    /** The date the story starts: the configured one, else the earliest dated event. */
    public Optional<LocalDate> storyStart() {
        return config.timeline().storyStart().or(() -> events.values().stream().flatMap(e -> e.date().stream()).min(Comparator.naturalOrder()));
    }

    /** The latest volume that has a manuscript. */
    public Optional<Integer> latestWrittenVolume() {
        return manuscripts.stream().flatMap(m -> m.volume().stream()).max(Comparator.naturalOrder());
    }

    /** The earliest timeline date of the events a chapter tells. */
    public Optional<LocalDate> eventDate(Chapter chapter) {
        return chapter.events().stream().map(events()::get).filter(java.util.Objects::nonNull).flatMap(e -> e.date().stream())
                .min(Comparator.naturalOrder());
    }

    /**
     * The date the chapters that tell {@code event} agree on, if exactly one and it lies after every cause and not
     * after any effect.
     */
    public Optional<LocalDate> corroboratedDate(Event event) {
        List<LocalDate> told = chaptersTelling(event.id()).stream().flatMap(c -> c.storyDate().stream()).distinct().toList();
        if (told.size() != 1) {
            return Optional.empty();
        }
        LocalDate d = told.getFirst();
        return window(event).contains(d) && !d.equals(event.date().orElse(null)) ? Optional.of(d) : Optional.empty();
    }

    /** The dates an event may have: not before any cause, not after any effect. */
    public Window window(Event event) {
        LocalDate from = LocalDate.MIN;
        LocalDate to = LocalDate.MAX;
        for (String c : event.causes()) {
            Event cause = events().get(c);
            if (cause != null && cause.date().isPresent() && cause.date().get().isAfter(from)) {
                from = cause.date().get();
            }
        }
        for (Event effect : effectsOf(event.id())) {
            if (effect.date().isPresent() && effect.date().get().isBefore(to)) {
                to = effect.date().get();
            }
        }
        return new Window(from, to);
    }

    /** A closed range of dates. */
    public record Window(LocalDate from, LocalDate to) {
        public boolean contains(LocalDate d) {
            return !d.isBefore(from) && !d.isAfter(to);
        }
    }
}
