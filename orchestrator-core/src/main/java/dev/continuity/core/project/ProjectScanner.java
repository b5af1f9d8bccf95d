package dev.continuity.core.project;

import dev.continuity.api.Diagnostic;
import dev.continuity.api.EdgeKind;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.ProjectFileException;
import dev.continuity.api.Reference;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.DependencyExtractor;
import dev.continuity.api.spi.RawReference;
import dev.continuity.api.spi.SourceFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scans a project root into a {@link Project}. Keeps the files it parsed, so that a rescan re-reads only files whose
 * size or modification time changed and re-parses only those whose content hash changed. Thread-safe.
 *
 * <p>Files that cannot be read as they must be (malformed YAML, invalid UTF-8, aliases, nesting too deep) become
 * {@link Severity#ERROR} diagnostics naming the file and line, and are left out of the project. Hidden files, binary
 * files and symbolic links are skipped with a diagnostic. {@code .continuity/} and {@code .git/} are ignored. A file
 * the file system refuses to read is an {@code unreadable} error with the cause in words ("cannot read: permission
 * denied"), and a link to a file that exists but could not be read says so rather than that the file does not exist.
 */
public final class ProjectScanner {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectScanner.class);
    private static final Set<String> IGNORED_DIRS = Set.of(".continuity", ".git");
    private static final Set<String> BINARY_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "webp", "pdf", "zip", "gz", "jar", "class",
            "exe", "dll", "so", "mp3", "mp4", "wav", "ogg", "docx", "xlsx", "odt", "epub", "ttf", "otf", "woff", "woff2", "ico", "bin");
    /** Review sidecars written by the review-marking handler; Continuity's own notes, not project content. */
    public static final String REVIEW_SIDECAR = ".review.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]\\w*)\\}");

    /**
     * A regular expression that matches (as a whole) the project-relative paths, {@code /}-separated, a scan with this
     * configuration keeps by their names: none of their folders or their own name hidden, not ignored by
     * {@code config}, not a review sidecar, not binary by extension. Git history mined with it holds the files a scan
     * of the project lists (those that are valid, at least), so that what is learned about is what is ranked.
     */
    public static String keptPathsRegex(ProjectConfig config) {
        StringBuilder re = new StringBuilder("(?!(?:.*/)?\\.)");
        re.append("(?!.*").append(Pattern.quote(REVIEW_SIDECAR)).append("$)");
        re.append("(?!.*\\.(?i:").append(String.join("|", new java.util.TreeSet<>(BINARY_EXTENSIONS))).append(")$)");
        for (Glob g : config.ignore()) {
            re.append("(?!(?:").append(g.regex().pattern()).append(")$)");
        }
        return re.append(".+").toString();
    }

    private final Path root;
    private final ProjectConfig config;
    private final SourceParser parser;
    private final List<DependencyExtractor> extractors;
    private final PathGuard guard;
    private final FileReader reader;

    /** Reads a file's bytes: {@link Files#readAllBytes}, or a stand-in for tests that need a read to fail. */
    @FunctionalInterface
    interface FileReader {
        byte[] read(Path file) throws IOException;
    }
    private final Map<String, ParsedFile> parsed = new ConcurrentHashMap<>();
    private final Map<String, MentionCache> mentions = new ConcurrentHashMap<>();

    private record MentionCache(String hash, int dictionary, List<MentionMatcher.Match> matches) {}

    private record ResolvedCache(String hash, int dictionary, int fileSet, int index, List<Reference> references, List<Diagnostic> diagnostics) {}

    private final Map<String, ResolvedCache> resolved = new ConcurrentHashMap<>();
    private volatile Project lastProject;
    private final Map<String, EntityCache> definedCache = new ConcurrentHashMap<>();

    private record EntityCache(String hash, List<EntityInfo> entities) {}
    private static final Pattern HAS_EXTENSION = Pattern.compile(".*\\.[A-Za-z0-9]{1,5}$");

    /**
     * A scanner of one project root. Nothing is read until the first scan.
     *
     * @param root       the project root; made absolute and normalised
     * @param config     how to read the project (from {@link ProjectConfigLoader}, or {@link ProjectConfig#defaults()})
     * @param yaml       the parser of YAML files and front matter, with its limits
     * @param extractors extra dependency extractors, run after the built-in ones on every parsed file; copied
     * @throws java.io.UncheckedIOException when the root does not exist or cannot be resolved
     */
    public ProjectScanner(Path root, ProjectConfig config, HardenedYaml yaml, List<DependencyExtractor> extractors) {
        this(root, config, yaml, extractors, Files::readAllBytes);
    }

    ProjectScanner(Path root, ProjectConfig config, HardenedYaml yaml, List<DependencyExtractor> extractors, FileReader reader) {
        this.reader = reader;
        this.root = root.toAbsolutePath().normalize();
        this.config = config;
        this.parser = new SourceParser(yaml, config);
        this.extractors = List.copyOf(extractors);
        this.guard = new PathGuard(this.root);
    }

    /** {@return the project root, absolute and normalised} */
    public Path root() {
        return root;
    }

    /** {@return the configuration the scanner reads the project with} */
    public ProjectConfig config() {
        return config;
    }

    /** Scans the whole root (re-parsing only what changed since the last scan by this scanner). */
    public synchronized Project scan(Map<String, String> formerNames) {
        if (!Files.isDirectory(root)) {
            throw new ProjectFileException(root.toString(), 0, "project root is not a directory");
        }
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, BasicFileAttributes> found = walk(diagnostics);
        parsed.keySet().retainAll(found.keySet());
        mentions.keySet().retainAll(found.keySet());
        SortedMap<String, ParsedFile> files = new TreeMap<>();
        found.forEach((path, attrs) -> load(path, attrs, diagnostics).ifPresent(f -> files.put(path, f)));
        return assemble(files, diagnostics, formerNames);
    }

    /** Scans the whole root. */
    public Project scan() {
        return scan(Map.of());
    }

    /**
     * Rescans only {@code changed} paths (added, modified or deleted) on top of {@code previous}, without walking the
     * tree: for hosts that know what changed (a file watcher, an editor's save).
     */
    public synchronized Project rescan(Project previous, Collection<String> changed, Map<String, String> formerNames) {
        List<Diagnostic> diagnostics = new ArrayList<>(previous.diagnostics().stream()
                .filter(d -> !changed.contains(d.file()) && !d.code().startsWith("reference-")).toList());
        SortedMap<String, ParsedFile> files = new TreeMap<>(previous.parsedFiles());
        for (String raw : changed) {
            String path = PathGuard.normalize(raw);
            Path abs = guard.resolve(path);
            files.remove(path);
            parsed.remove(path);
            if (Files.isRegularFile(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !skipByName(path, diagnostics)) {
                try {
                    BasicFileAttributes attrs = Files.readAttributes(abs, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                    load(path, attrs, diagnostics).ifPresent(f -> files.put(path, f));
                } catch (IOException e) {
                    diagnostics.add(new Diagnostic(path, 0, Severity.ERROR, "unreadable", cannotRead(e)));
                }
            }
        }
        return assemble(files, diagnostics, formerNames);
    }

    /**
     * The project as it would be if {@code staged} contents were written over {@code base}: staged files are parsed from
     * the given bytes, every other file is taken from {@code base} as it is, and entities and references are resolved
     * again. Nothing is read from or written to disk for the staged files, and the result does not become the
     * scanner's last scan, so the next {@link #scan()} still sees the disk. Staged content that cannot be read as it
     * must be (invalid UTF-8, malformed YAML) becomes an {@link Severity#ERROR} diagnostic naming the file, as in a
     * scan; staged review sidecars, hidden and ignored files are left out, as in a scan.
     *
     * @param base   a scan of this scanner's root
     * @param staged new contents by project-relative path (new files allowed)
     */
    public synchronized Project overlay(Project base, Map<String, byte[]> staged) {
        if (staged.isEmpty()) {
            return base;
        }
        java.util.Set<String> paths = new java.util.HashSet<>();
        staged.keySet().forEach(p -> paths.add(PathGuard.normalize(p)));
        List<Diagnostic> diagnostics = new ArrayList<>(base.diagnostics().stream()
                .filter(d -> !paths.contains(d.file()) && !d.code().startsWith("reference-") && !d.code().equals("duplicate-entity")).toList());
        SortedMap<String, ParsedFile> files = new TreeMap<>(base.parsedFiles());
        for (Map.Entry<String, byte[]> e : staged.entrySet()) {
            String path = PathGuard.normalize(e.getKey());
            files.remove(path);
            if (skipByName(path, new ArrayList<>())) {
                continue;
            }
            byte[] bytes = e.getValue();
            if (Utf8.looksBinary(bytes)) {
                diagnostics.add(new Diagnostic(path, 0, Severity.WARNING, "binary-skipped", "binary content (NUL bytes) skipped"));
                continue;
            }
            try {
                ParsedFile file = parser.parse(path, config.kindOf(path), bytes.length, -1, sha256(bytes), Utf8.decode(path, bytes));
                files.put(path, extractors.isEmpty() ? file : withExtracted(file));
            } catch (ProjectFileException ex) {
                diagnostics.add(new Diagnostic(path, ex.line().orElse(0), Severity.ERROR, "unreadable",
                        ex.getMessage().substring(ex.getMessage().indexOf(": ") + 2)));
            }
        }
        return build(files, diagnostics, base.formerNames());
    }

    /**
     * Whether a file or folder has a {@code \} in its name where it is no separator (not on Windows). Project paths are
     * {@code /}-separated strings, and a {@code \} in one is read as a separator (a path typed on Windows), so such a
     * name would stand for another file: it is skipped with a warning that names it, as it is on disk.
     */
    private boolean backslashInName(Path path, List<Diagnostic> diagnostics) {
        if (java.io.File.separatorChar == '\\' || path.getFileName().toString().indexOf('\\') < 0) {
            return false;
        }
        boolean folder = Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        diagnostics.add(new Diagnostic(root.relativize(path) + (folder ? "/" : ""), 0, Severity.WARNING, "name-skipped",
                (folder ? "folder" : "file") + " skipped: its name holds a '\\', which Continuity reads as a folder "
                        + "separator, as Windows does; rename it to include it"));
        return true;
    }

    private Map<String, BasicFileAttributes> walk(List<Diagnostic> diagnostics) {
        Map<String, BasicFileAttributes> found = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    if (IGNORED_DIRS.contains(name) && dir.getParent().equals(root)
                            || config.reviewFolder().filter(f -> f.equals(guard.relativize(dir))).isPresent()) {
                        return FileVisitResult.SKIP_SUBTREE;        // Continuity's own: no diagnostic
                    }
                    if (name.startsWith(".")) {
                        diagnostics.add(new Diagnostic(guard.relativize(dir) + "/", 0, Severity.INFO, "hidden-skipped", "hidden folder skipped"));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (backslashInName(dir, diagnostics)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (backslashInName(file, diagnostics)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String rel = guard.relativize(file);
                    if (attrs.isSymbolicLink()) {
                        diagnostics.add(new Diagnostic(rel, 0, Severity.WARNING, "symlink-skipped", "symbolic link skipped (links are not followed)"));
                    } else if (attrs.isRegularFile() && !skipByName(rel, diagnostics)) {
                        found.put(rel, attrs);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    diagnostics.add(new Diagnostic(guard.relativize(file), 0, Severity.ERROR, "unreadable", cannotRead(exc)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk project root " + root, e);
        }
        return found;
    }

    /**
     * Why a file could not be read, in words and without its absolute path (the diagnostic names the project-relative
     * file): "cannot read: permission denied", or the operating system's reason.
     */
    static String cannotRead(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "cannot read: permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "cannot read: the file no longer exists";
        }
        String reason = e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            reason = e instanceof java.nio.file.FileSystemException ? "an I/O error" : e.getClass().getSimpleName();
        }
        return "cannot read: " + reason;
    }

    private boolean skipByName(String rel, List<Diagnostic> diagnostics) {
        String name = rel.substring(rel.lastIndexOf('/') + 1);
        if (rel.equals(ProjectConfigLoader.HIDDEN_CONFIG_FILE)) {
            return true;                                             // the config: read as such, not scanned
        }
        if (name.startsWith(".")) {
            diagnostics.add(new Diagnostic(rel, 0, Severity.INFO, "hidden-skipped", "hidden file skipped"));
            return true;
        }
        if (config.ignored(rel) || name.endsWith(REVIEW_SIDECAR)) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0 && BINARY_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            diagnostics.add(new Diagnostic(rel, 0, Severity.INFO, "binary-skipped", "binary file skipped (by extension)"));
            return true;
        }
        return false;
    }

    private Optional<ParsedFile> load(String path, BasicFileAttributes attrs, List<Diagnostic> diagnostics) {
        long size = attrs.size();
        long modified = attrs.lastModifiedTime().toMillis();
        ParsedFile cached = parsed.get(path);
        if (cached != null && cached.size() == size && cached.modified() == modified) {
            return Optional.of(cached);
        }
        byte[] bytes;
        try {
            bytes = reader.read(root.resolve(path));
        } catch (IOException e) {
            diagnostics.add(new Diagnostic(path, 0, Severity.ERROR, "unreadable", cannotRead(e)));
            return Optional.empty();
        }
        String hash = sha256(bytes);
        if (cached != null && cached.hash().equals(hash)) {
            ParsedFile same = new ParsedFile(path, cached.kind(), size, modified, hash, cached.text(), cached.yaml(), cached.headers(),
                    cached.bodyOffset(), cached.references());
            parsed.put(path, same);
            return Optional.of(same);
        }
        if (Utf8.looksBinary(bytes)) {
            diagnostics.add(new Diagnostic(path, 0, Severity.WARNING, "binary-skipped", "binary content (NUL bytes) skipped"));
            return Optional.empty();
        }
        try {
            String text = Utf8.decode(path, bytes);
            FileKind kind = config.kindOf(path);
            ParsedFile file = parser.parse(path, kind, size, modified, hash, text);
            if (!extractors.isEmpty()) {
                file = withExtracted(file);
            }
            parsed.put(path, file);
            return Optional.of(file);
        } catch (ProjectFileException e) {
            diagnostics.add(new Diagnostic(path, e.line().orElse(0), Severity.ERROR, "unreadable", e.getMessage().substring(e.getMessage().indexOf(": ") + 2)));
            return Optional.empty();
        }
    }

    private ParsedFile withExtracted(ParsedFile file) {
        List<RawReference> refs = new ArrayList<>(file.references());
        SourceFile source = new SourceFile(file.path(), file.kind(), file.text(), file.bodyOffset(), file.metadata());
        for (DependencyExtractor extractor : extractors) {
            try {
                refs.addAll(extractor.extract(source));
            } catch (RuntimeException e) {
                LOG.warn("extractor {} failed on {}", extractor.id(), file.path(), e);
            }
        }
        return new ParsedFile(file.path(), file.kind(), file.size(), file.modified(), file.hash(), file.text(), file.yaml(), file.headers(),
                file.bodyOffset(), refs);
    }

    private Project assemble(SortedMap<String, ParsedFile> files, List<Diagnostic> diagnostics, Map<String, String> formerNames) {
        Project last = lastProject;
        if (last != null && last.formerNames().equals(formerNames) && sameFiles(last.parsedFiles(), files)
                && last.diagnostics().stream().filter(d -> !d.code().startsWith("reference-") && !d.code().equals("duplicate-entity")).toList().equals(diagnostics)) {
            return last;
        }
        Project project = build(files, diagnostics, formerNames);
        lastProject = project;
        return project;
    }

    private static boolean sameFiles(Map<String, ParsedFile> a, Map<String, ParsedFile> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, ParsedFile> e : b.entrySet()) {
            if (a.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Project build(SortedMap<String, ParsedFile> files, List<Diagnostic> diagnostics, Map<String, String> formerNames) {
        Set<String> unreadable = new java.util.TreeSet<>();
        diagnostics.stream().filter(d -> d.code().equals("unreadable")).forEach(d -> unreadable.add(d.file()));
        Set<String> attachments = new java.util.TreeSet<>();
        diagnostics.stream().filter(d -> d.code().equals("binary-skipped")).forEach(d -> attachments.add(d.file()));
        List<EntityInfo> entities = new ArrayList<>();
        Map<String, EntityInfo> index = new HashMap<>();
        for (ParsedFile f : files.values()) {
            EntityCache ec = definedCache.get(f.path());
            if (ec == null || !ec.hash().equals(f.hash())) {
                ec = new EntityCache(f.hash(), definedEntities(f));
                definedCache.put(f.path(), ec);
            }
            for (EntityInfo e : ec.entities()) {
                EntityInfo clash = index.get(e.name());
                if (clash != null && clash.name().equals(e.name())) {
                    diagnostics.add(new Diagnostic(f.path(), e.line(), Severity.WARNING, "duplicate-entity",
                            "entity '" + e.name() + "' is also defined in " + clash.definedIn()));
                    continue;
                }
                entities.add(e);
            }
        }
        configWarnings(files, diagnostics);
        for (EntityInfo e : entities) {
            index.put(e.name(), e);
        }
        for (EntityInfo e : entities) {
            e.aliases().forEach(a -> index.putIfAbsent(a, e));
            if (!e.id().isEmpty()) {
                index.putIfAbsent(e.id(), e);
            }
        }
        Map<String, String> former = new LinkedHashMap<>();
        formerNames.forEach((oldName, newName) -> {
            EntityInfo e = index.get(newName);
            if (e != null && !index.containsKey(oldName)) {
                index.put(oldName, e);
                former.put(oldName, newName);
            }
        });
        Map<String, String> dictionary = new TreeMap<>();
        for (EntityInfo e : entities) {
            for (String n : e.allNames()) {
                if (!mentionable(n)) {
                    diagnostics.add(new Diagnostic(e.definedIn(), e.line(), Severity.WARNING, "short-name",
                            "'" + n + "' (a name of " + e.type() + " '" + e.name() + "') is one character long: it is not looked for in"
                                    + " prose, where it cannot be told apart from ordinary text (a rename of it changes only links,"
                                    + " tags and YAML values that name it)"));
                    continue;
                }
                dictionary.putIfAbsent(n, e.name());
            }
        }
        // a former name or alias stands for its entity, whose vertex is named after the entity's name (not the alias)
        former.forEach((o, n) -> {
            if (mentionable(o)) {
                dictionary.putIfAbsent(o, index.get(o).name());
            }
        });
        int dictionaryId = dictionary.hashCode();
        MentionMatcher matcher = config.references().mentions() ? MentionMatcher.of(dictionary) : MentionMatcher.of(Map.of());

        List<Reference> refs = new ArrayList<>();
        List<RuleMatcher> rules = config.rules().stream().map(RuleMatcher::new).toList();
        Map<String, Set<String>> ownNames = new HashMap<>();
        for (EntityInfo e : entities) {
            ownNames.computeIfAbsent(e.definedIn(), k -> new java.util.HashSet<>()).add(e.name());
        }
        int fileSetId = (files.keySet().hashCode() * 31 + unreadable.hashCode()) * 31 + attachments.hashCode();
        int indexId = index.entrySet().stream().mapToInt(e -> e.getKey().hashCode() * 31 + e.getValue().name().hashCode()).sum();
        for (ParsedFile f : files.values()) {
            ResolvedCache cached = resolved.get(f.path());
            if (cached != null && cached.hash().equals(f.hash()) && cached.dictionary() == dictionaryId && cached.fileSet() == fileSetId
                    && cached.index() == indexId) {
                refs.addAll(cached.references());
                diagnostics.addAll(cached.diagnostics());
                continue;
            }
            List<Reference> fileRefs = new ArrayList<>();
            List<Diagnostic> fileDiagnostics = new ArrayList<>();
            resolveFile(f, files, unreadable, attachments, index, matcher, dictionaryId, ownNames.getOrDefault(f.path(), Set.of()), former, rules, fileRefs,
                    fileDiagnostics);
            resolved.put(f.path(), new ResolvedCache(f.hash(), dictionaryId, fileSetId, indexId, List.copyOf(fileRefs), List.copyOf(fileDiagnostics)));
            refs.addAll(fileRefs);
            diagnostics.addAll(fileDiagnostics);
        }
        resolved.keySet().retainAll(files.keySet());
        definedCache.keySet().retainAll(files.keySet());
        return new Project(root, config, files, entities, index, refs, diagnostics, former);
    }

    private void resolveFile(ParsedFile f, Map<String, ParsedFile> files, Set<String> unreadable, Set<String> attachments, Map<String, EntityInfo> index,
                             MentionMatcher matcher, int dictionaryId,
                             Set<String> own, Map<String, String> former, List<RuleMatcher> rules, List<Reference> refs, List<Diagnostic> diagnostics) {
        TextLines lines = null;
        for (RawReference raw : f.references()) {
            Reference r = resolve(f, raw, files, unreadable, attachments, index, diagnostics);
            if (r != null) {
                refs.add(r);
            }
        }
        if (!matcher.isEmpty() && f.kind() != FileKind.CONFIG) {
            Spans explicit = new Spans(f.references());
            List<int[]> notes = SourceParser.reviewNoteSpans(f);
            for (MentionMatcher.Match m : mentionsOf(f, matcher, dictionaryId)) {
                String written = f.text().substring(m.start(), m.end());
                if ((own.contains(m.name()) && !former.containsKey(written)) || explicit.overlaps(m.start(), m.end())
                        || overlaps(notes, m.start(), m.end()) || onMetaLine(f.text(), m.start())) {
                    continue;
                }
                if (lines == null) {
                    lines = new TextLines(f.text());
                }
                refs.add(new Reference(f.path(), lines.lineOf(m.start()), m.start(), m.end(), written, m.name(), true, EdgeKind.MENTIONS, "mention", true));
            }
        }
        for (RuleMatcher rule : rules) {
            rule.target(f.path()).ifPresent(target -> {
                boolean exists = files.containsKey(target);
                if (!target.equals(f.path())) {
                    refs.add(new Reference(f.path(), 0, 0, 0, rule.rule().from() + " -> " + rule.rule().to(), target, false, EdgeKind.RULE, "rule", exists));
                    if (!exists) {
                        diagnostics.add(new Diagnostic(f.path(), 0, Severity.WARNING, "reference-unresolved",
                                "rule '" + rule.rule().from() + " -> " + rule.rule().to() + "' names " + target + missing(target, unreadable)));
                    }
                }
            });
        }
    }

    /**
     * Whether {@code at} is on a novelWriter meta line ({@code %%~name: Alice in Wonderland}, {@code %%~path:}, ...): the
     * tool's mirror of its project tree, which it rewrites itself; a name there is no mention, and renaming it would
     * break the line's hash. The scan finds no mention there, so a rename does not reach it; what looks for a name
     * left behind after a rename skips it too.
     *
     * @param text a file's text
     * @param at   an offset in it
     * @return whether the line holding {@code at} starts with {@code %%~}
     */
    public static boolean onMetaLine(String text, int at) {
        int start = text.lastIndexOf('\n', at - 1) + 1;
        return text.startsWith("%%~", start);
    }

    /**
     * Whether prose is searched for {@code name}: not for a name of one character ({@code の}, {@code 凛}, {@code Q}),
     * which occurs inside ordinary words, so that its mentions, and a rename of it, would reach text that is no name.
     */
    static boolean mentionable(String name) {
        return name.codePointCount(0, name.length()) > 1;
    }

    private List<MentionMatcher.Match> mentionsOf(ParsedFile f, MentionMatcher matcher, int dictionaryId) {
        MentionCache cached = mentions.get(f.path());
        if (cached != null && cached.dictionary() == dictionaryId && cached.hash().equals(f.hash())) {
            return cached.matches();
        }
        List<MentionMatcher.Match> matches = matcher.find(f.text(), 0, f.text().length());
        mentions.put(f.path(), new MentionCache(f.hash(), dictionaryId, matches));
        return matches;
    }

    /** Whether {@code [start, end)} overlaps one of a few spans (a file's review notes: seldom more than one). */
    private static boolean overlaps(List<int[]> spans, int start, int end) {
        for (int[] s : spans) {
            if (start < s[1] && s[0] < end) {
                return true;
            }
        }
        return false;
    }

    /**
     * The spans of a file's explicit references, to ask whether a mention overlaps one of them in O(log n): sorted by
     * start, with the largest end among each prefix. A file such as a timeline of thousands of events holds tens of
     * thousands of explicit references and as many mentions of the same names; testing every pair made scanning it
     * quadratic.
     */
    static final class Spans {
        private final int[] starts;
        private final int[] maxEnds;

        Spans(List<RawReference> references) {
            int n = references.size();
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                RawReference r = references.get(i);
                packed[i] = ((long) r.start() << 32) | (r.end() & 0xffffffffL);
            }
            java.util.Arrays.sort(packed);
            starts = new int[n];
            maxEnds = new int[n];
            int max = Integer.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                starts[i] = (int) (packed[i] >> 32);
                max = Math.max(max, (int) packed[i]);
                maxEnds[i] = max;
            }
        }

        /** Whether some span {@code [s, e)} has {@code start < e && s < end}. */
        boolean overlaps(int start, int end) {
            int lo = 0;
            int hi = starts.length;
            while (lo < hi) {               // the number of spans that start before end
                int mid = (lo + hi) >>> 1;
                if (starts[mid] < end) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo > 0 && maxEnds[lo - 1] > start;
        }
    }

    /**
     * A reference resolved against the project, or {@code null} for a link to an attachment that exists (an image, a
     * PDF: a binary file the scan skips), which is no dependency between text files and nothing to repair.
     */
    private @Nullable Reference resolve(ParsedFile f, RawReference raw, Map<String, ParsedFile> files, Set<String> unreadable,
                                        Set<String> attachments, Map<String, EntityInfo> index, List<Diagnostic> diagnostics) {
        String text = raw.text();
        boolean looksLikePath = text.contains("/") || HAS_EXTENSION.matcher(text).matches();
        boolean wikilink = raw.syntax().equals("wikilink");
        if (!raw.hint().equals("entity") && (looksLikePath || raw.hint().equals("file"))) {
            Optional<String> file = resolvePath(f.path(), text, diagnostics, raw.line()).map(path -> asNamedOnDisk(path, files));
            if (file.isPresent() && files.containsKey(file.get())) {
                return new Reference(f.path(), raw.line(), raw.start(), raw.end(), text, file.get(), false, raw.kind(), raw.syntax(), true);
            }
            if (file.isPresent() && attachments.contains(file.get())) {
                return null;
            }
            if (file.isPresent() && raw.hint().equals("file")) {
                diagnostics.add(new Diagnostic(f.path(), raw.line(), Severity.WARNING, "reference-unresolved",
                        "links to " + file.get() + missing(file.get(), unreadable) + inOtherCase(f.path(), text, file.get(), files)));
                return new Reference(f.path(), raw.line(), raw.start(), raw.end(), text, file.get(), false, raw.kind(), raw.syntax(), false);
            }
            if (file.isEmpty()) {
                return new Reference(f.path(), raw.line(), raw.start(), raw.end(), text, text, false, raw.kind(), raw.syntax(), false);
            }
        }
        EntityInfo e = index.get(text);
        if (e != null) {
            return new Reference(f.path(), raw.line(), raw.start(), raw.end(), text, e.name(), true, raw.kind(), raw.syntax(), true);
        }
        if (wikilink) {
            int reported = diagnostics.size();
            Optional<String> note = wikiNote(f, raw, files, attachments, diagnostics);
            if (note.isPresent()) {
                return attachments.contains(note.get()) ? null
                        : new Reference(f.path(), raw.line(), raw.start(), raw.end(), text, note.get(), false, raw.kind(), raw.syntax(), true);
            }
            if (diagnostics.size() > reported) {        // ambiguous, and said so
                return new Reference(f.path(), raw.line(), raw.start(), raw.end(), text, text, false, raw.kind(), raw.syntax(), false);
            }
        }
        if (looksLikePath) {
            Optional<String> file = resolvePath(f.path(), text, diagnostics, raw.line());
            diagnostics.add(new Diagnostic(f.path(), raw.line(), Severity.WARNING, "reference-unresolved",
                    "refers to " + text + missing(file.orElse(text), unreadable) + inOtherCase(f.path(), text, file.orElse(text), files)));
            return new Reference(f.path(), raw.line(), raw.start(), raw.end(), text, file.orElse(text), false, raw.kind(), raw.syntax(), false);
        }
        diagnostics.add(new Diagnostic(f.path(), raw.line(), Severity.INFO, "reference-unresolved", "refers to '" + text + "', which is no known file or entity"));
        return new Reference(f.path(), raw.line(), raw.start(), raw.end(), text, text, true, raw.kind(), raw.syntax(), false);
    }

    /** The index of {@link #asNamedOnDisk} for this file set: the last one, or a new one. */
    private NfcIndex nfcIndex(Map<String, ParsedFile> files) {
        NfcIndex index = nfcIndex;
        if (index == null || index.files() != files) {
            Map<String, String> byNfc = new HashMap<>();
            Map<String, String> byFolded = new HashMap<>();
            for (String p : files.keySet()) {
                String nfc = java.text.Normalizer.normalize(p, java.text.Normalizer.Form.NFC);
                byNfc.putIfAbsent(nfc, p);
                byFolded.putIfAbsent(nfc.toLowerCase(Locale.ROOT), p);
            }
            index = new NfcIndex(files, byNfc, byFolded);
            nfcIndex = index;
        }
        return index;
    }

    /** The index of {@link #asNamedOnDisk}, for the last file set it was asked about. */
    private volatile NfcIndex nfcIndex;

    private record NfcIndex(Map<String, ParsedFile> files, Map<String, String> byNfc, Map<String, String> byFolded) {}

    /**
     * {@code path} as the project's file of the same name is written on disk, when they differ only in Unicode
     * normalisation: macOS writes file names decomposed (NFD: カ + ゛ for ガ), while links typed in the text are
     * composed (NFC), and a project copied from a Mac keeps its NFD names. Unchanged when no file has that name.
     */
    private String asNamedOnDisk(String path, Map<String, ParsedFile> files) {
        if (files.containsKey(path)) {
            return path;
        }
        return nfcIndex(files).byNfc().getOrDefault(java.text.Normalizer.normalize(path, java.text.Normalizer.Form.NFC), path);
    }

    /** The index of {@link #wikiNote}, for the last file set it was asked about. */
    private volatile NoteIndex noteIndex;

    /**
     * The project's files as a wikilink names them: by path without its extension, by file name without its extension
     * and by file name, the last two case-insensitively, all in NFC.
     */
    private record NoteIndex(Map<String, ParsedFile> files, Set<String> attachments, Map<String, List<String>> byStemPath,
                             Map<String, List<String>> byStem, Map<String, List<String>> byName) {

        static NoteIndex of(Map<String, ParsedFile> files, Set<String> attachments) {
            Map<String, List<String>> byStemPath = new HashMap<>();
            Map<String, List<String>> byStem = new HashMap<>();
            Map<String, List<String>> byName = new HashMap<>();
            java.util.stream.Stream.concat(files.keySet().stream(), attachments.stream()).forEach(p -> {
                String nfc = java.text.Normalizer.normalize(p, java.text.Normalizer.Form.NFC);
                String name = nfc.substring(nfc.lastIndexOf('/') + 1);
                int dot = name.lastIndexOf('.');
                String stem = dot > 0 ? name.substring(0, dot) : name;
                byStemPath.computeIfAbsent(nfc.substring(0, nfc.length() - name.length()) + stem, k -> new ArrayList<>()).add(p);
                byStem.computeIfAbsent(stem.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
                byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(p);
            });
            return new NoteIndex(files, attachments, byStemPath, byStem, byName);
        }
    }

    /**
     * The file a wikilink names the way note-taking tools such as Obsidian resolve it, when it is no file path as
     * written and no entity: a path without its extension ({@code [[chars/alice]]} for {@code chars/alice.md}), else a
     * file name anywhere in the project, with or without its extension and in any letter case ({@code [[alice]]},
     * {@code [[map.png]]}). Among several, the referring file's own folder wins, then a Markdown note; a name still
     * shared by several files is reported as ambiguous and left unresolved.
     */
    private Optional<String> wikiNote(ParsedFile f, RawReference raw, Map<String, ParsedFile> files, Set<String> attachments,
                                      List<Diagnostic> diagnostics) {
        NoteIndex index = noteIndex;
        if (index == null || index.files() != files || !index.attachments().equals(attachments)) {
            index = NoteIndex.of(files, attachments);
            noteIndex = index;
        }
        String target = java.text.Normalizer.normalize(raw.text(), java.text.Normalizer.Form.NFC);
        String dir = f.path().substring(0, f.path().lastIndexOf('/') + 1);
        boolean hasExtension = HAS_EXTENSION.matcher(target).matches();
        List<String> candidates = List.of();
        if (!hasExtension) {
            String sibling = safeNormalize(dir + target);
            String fromRoot = safeNormalize(target);
            candidates = sibling == null ? List.of() : index.byStemPath().getOrDefault(sibling, List.of());
            if (candidates.isEmpty() && fromRoot != null) {
                candidates = index.byStemPath().getOrDefault(fromRoot, List.of());
            }
        }
        if (candidates.isEmpty() && !target.contains("/")) {
            String key = target.toLowerCase(Locale.ROOT);
            candidates = (hasExtension ? index.byName() : index.byStem()).getOrDefault(key, List.of());
            if (candidates.isEmpty() && hasExtension) {
                candidates = index.byStem().getOrDefault(key, List.of());     // [[Chapter 1.5]]: a dot in a note's name
            }
        }
        if (candidates.size() > 1) {
            List<String> near = candidates.stream().filter(p -> p.lastIndexOf('/') + 1 == dir.length() && p.startsWith(dir)).toList();
            candidates = near.isEmpty() ? candidates : near;
        }
        if (candidates.size() > 1) {
            List<String> notes = candidates.stream().filter(p -> p.toLowerCase(Locale.ROOT).endsWith(".md")).toList();
            candidates = notes.isEmpty() ? candidates : notes;
        }
        if (candidates.size() > 1) {
            diagnostics.add(new Diagnostic(f.path(), raw.line(), Severity.WARNING, "reference-ambiguous",
                    "[[" + raw.text() + "]] could be any of " + String.join(", ", candidates) + "; write the path to choose one"));
            return Optional.empty();
        }
        return candidates.stream().findFirst();
    }

    /**
     * For a link to a missing file, the file whose path differs from it in letter case only: such a link works on
     * macOS and Windows, whose file systems ignore case, and breaks on Linux ({@code heal} repairs it).
     */
    private String inOtherCase(String from, String text, String resolved, Map<String, ParsedFile> files) {
        String t = text.indexOf('%') >= 0 ? java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8) : text;
        String sibling = safeNormalize(from.substring(0, from.lastIndexOf('/') + 1) + t);
        Map<String, String> byFolded = nfcIndex(files).byFolded();
        for (String path : sibling == null ? List.of(resolved) : List.of(sibling, resolved)) {
            String found = byFolded.get(java.text.Normalizer.normalize(path, java.text.Normalizer.Form.NFC).toLowerCase(Locale.ROOT));
            if (found != null && !found.equals(path)) {
                return "; " + found + " differs from it in letter case only (a link that works on macOS and Windows, not on Linux)";
            }
        }
        return "";
    }

    /** Why a referenced file is not in the project: it does not exist, or it exists but could not be read. */
    private static String missing(String file, Set<String> unreadable) {
        return unreadable.contains(file) ? ", which exists but could not be read" : ", which does not exist";
    }

    /** A reference's path, tried relative to the referring file's folder and then to the root; refused if it escapes. */
    private Optional<String> resolvePath(String from, String target, List<Diagnostic> diagnostics, int line) {
        String t = target.indexOf('%') >= 0 ? java.net.URLDecoder.decode(target.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8) : target;
        int slash = from.lastIndexOf('/');
        String dir = slash < 0 ? "" : from.substring(0, slash + 1);
        // scanned files are regular files inside the root, reached without following links: no file-system check needed
        if (!t.startsWith("/")) {
            String sibling = safeNormalize(dir + t);
            if (sibling != null && parsed.containsKey(sibling)) {
                return Optional.of(sibling);
            }
            String fromRootFast = safeNormalize(t);
            if (fromRootFast != null && parsed.containsKey(fromRootFast)) {
                return Optional.of(fromRootFast);
            }
        }
        try {
            if (t.startsWith("/") || t.matches("^[A-Za-z]:.*")) {
                PathGuard.normalize(t);
            }
            String relative = safeNormalize(dir + t);
            if (relative != null && (Files.exists(root.resolve(relative), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || safeNormalize(t) == null)) {
                // an existing file beside the referring one, or a path that only makes sense from there
                // (../../30_設定集/ない.yaml): a missing file inside the project, not an escape
                guard.resolve(relative);
                return Optional.of(relative);
            }
            String fromRoot = PathGuard.normalize(t);
            guard.resolve(fromRoot);
            return Optional.of(fromRoot);
        } catch (dev.continuity.api.PathEscapeException e) {
            diagnostics.add(new Diagnostic(from, line, Severity.ERROR, "reference-escapes-root", e.getMessage()));
            return Optional.empty();
        }
    }

    private static String safeNormalize(String path) {
        try {
            return PathGuard.normalize(path);
        } catch (dev.continuity.api.PathEscapeException e) {
            return null;
        }
    }

    private List<EntityInfo> definedEntities(ParsedFile f) {
        List<EntityInfo> out = new ArrayList<>();
        for (ProjectConfig.EntityRule rule : config.entities()) {
            if (!rule.glob().matches(f.path())) {
                continue;
            }
            String stem = f.path().substring(f.path().lastIndexOf('/') + 1).replaceFirst("\\.[^.]+$", "");
            String name = f.field(rule.nameField()).map(String::valueOf).filter(s -> !s.isBlank()).orElse(stem).strip();
            List<String> aliases = f.field(rule.aliasesField()).map(ProjectScanner::aliasList).orElse(List.of());
            String id = rule.idField().flatMap(f::field).map(String::valueOf).map(String::strip).orElse("");
            int line = f.yaml().filter(y -> y instanceof YamlNode.Mapping).map(y -> ((YamlNode.Mapping) y).keyLines().getOrDefault(rule.nameField(), 1))
                    .orElseGet(() -> Optional.ofNullable(f.headers().get(rule.nameField())).map(ParsedFile.HeaderValue::line).orElse(1));
            out.add(new EntityInfo(rule.type(), name, aliases.stream().filter(a -> !a.equals(name)).toList(), id, f.path(), line));
            break;
        }
        if (!config.references().definingTags().isEmpty()) {
            TextLines lines = new TextLines(f.text());
            for (List<SourceParser.Value> tag : parser.definingTags(f.text())) {
                SourceParser.Value first = tag.getFirst();
                List<String> aliases = tag.stream().skip(1).map(SourceParser.Value::text).filter(a -> !a.equals(first.text())).toList();
                out.add(new EntityInfo("tag", first.text(), aliases, "", f.path(), lines.lineOf(first.start())));
            }
        }
        return out;
    }

    /**
     * Warns of an {@code entities} rule of the project's own config that can only be a mistake: its glob matches no
     * file, or no file it matches has its name field (each entity is then named after its file, which a misspelt
     * field name does silently). The default rules are left alone: a project need not have every folder they name.
     */
    private void configWarnings(SortedMap<String, ParsedFile> files, List<Diagnostic> diagnostics) {
        Set<String> defaults = new java.util.HashSet<>();
        ProjectConfig.defaults().entities().forEach(r -> defaults.add(r.glob().pattern()));
        for (ProjectConfig.EntityRule rule : config.entities()) {
            if (defaults.contains(rule.glob().pattern())) {
                continue;
            }
            List<ParsedFile> matched = files.values().stream().filter(f -> rule.glob().matches(f.path())).toList();
            if (matched.isEmpty()) {
                diagnostics.add(new Diagnostic("continuity.yaml", 0, Severity.WARNING, "config-unmatched",
                        "entities: the glob '" + rule.glob().pattern() + "' matches no file of the project, so it defines no "
                                + rule.type()));
            } else if (matched.stream().noneMatch(f -> f.field(rule.nameField()).map(String::valueOf).filter(v -> !v.isBlank()).isPresent())) {
                String first = matched.getFirst().path();
                diagnostics.add(new Diagnostic("continuity.yaml", 0, Severity.WARNING, "config-name-field",
                        "entities: no file that '" + rule.glob().pattern() + "' matches has the field '" + rule.nameField() + "', so each of its "
                                + matched.size() + " " + rule.type() + "(s) is named after its file (" + first.substring(first.lastIndexOf('/') + 1)
                                + "); is the field spelt as the files write it?"));
            }
        }
    }

    private static List<String> aliasList(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(ProjectScanner::stripBrackets).filter(s -> !s.isBlank()).toList();
        }
        return java.util.Arrays.stream(String.valueOf(value).split("[,、]")).map(ProjectScanner::stripBrackets).filter(s -> !s.isBlank()).toList();
    }

    private static String stripBrackets(String s) {
        String t = s.strip();
        if (t.length() > 2 && (t.startsWith("「") && t.endsWith("」") || t.startsWith("『") && t.endsWith("』"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies a rule {@code from -> to} with placeholders. */
    record RuleMatcher(ProjectConfig.FileRule rule, Pattern from, List<String> names) {
        RuleMatcher(ProjectConfig.FileRule rule) {
            this(rule, compile(rule.from()), placeholders(rule.from()));
        }

        Optional<String> target(String path) {
            Matcher m = from.matcher(path);
            if (!m.matches()) {
                return Optional.empty();
            }
            String to = rule.to();
            for (int i = 0; i < names.size(); i++) {
                to = to.replace("{" + names.get(i) + "}", m.group(i + 1));
            }
            try {
                return Optional.of(PathGuard.normalize(to));
            } catch (dev.continuity.api.PathEscapeException e) {
                return Optional.empty();
            }
        }

        private static Pattern compile(String from) {
            StringBuilder re = new StringBuilder();
            Matcher m = PLACEHOLDER.matcher(from);
            int last = 0;
            while (m.find()) {
                re.append(Glob.toRegex(from.substring(last, m.start()))).append("([^/]+?)");
                last = m.end();
            }
            re.append(Glob.toRegex(from.substring(last)));
            return Pattern.compile(re.toString());
        }

        private static List<String> placeholders(String from) {
            List<String> out = new ArrayList<>();
            Matcher m = PLACEHOLDER.matcher(from);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }
    }

    /** The entities that {@code text} would define if it were the content of {@code path} (for rename detection). */
    public List<EntityInfo> definedEntitiesOf(String path, String text) {
        ParsedFile f = parser.parse(path, config.kindOf(path), text.length(), 0, "", text);
        return definedEntities(f);
    }

    /** The content hash the scanner uses (SHA-256, hex). */
    public static String hashOf(byte[] bytes) {
        return sha256(bytes);
    }
}
