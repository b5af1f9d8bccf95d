package dev.continuity.healing.internal;

import dev.continuity.api.Reference;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ScanState;

import java.lang.ref.SoftReference;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file a broken file link means when the link names it in a way a person would read as the same file: in another
 * letter case ({@code chars/alicia.md} for {@code chars/Alicia.md}: a link that works on macOS and Windows and breaks on
 * Linux), with an equivalent extension ({@code .yml} for {@code .yaml}), or as a file that was moved: the file of that
 * name with the content the last recorded scan saw at the link's path (or the only one new since), and without that
 * record the only file of that name. Edit distance cannot tell these from a near-miss: {@code 第80章.yml} is as close
 * to {@code 第180章.yaml} as to {@code 第80章.yaml}.
 */
public final class FileMatches {
    private FileMatches() {}

    /** What a match is, for the report. */
    public enum Kind {
        /** Only the letter case (or the Unicode normalisation) differs. */
        LETTER_CASE("only the letter case differs"),
        /** The same path with an extension of the same format. */
        EXTENSION("the same file with the other extension of its format"),
        /** The file was moved: the one with that name and the content it had, or the only one with that name. */
        MOVED("the file was moved there");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** Why the file is taken for the one the link means. */
        public String reason() {
            return reason;
        }
    }

    /**
     * A match.
     *
     * @param written the link to write instead, in the form it was written in (relative or from the project's root)
     * @param file    the file it names
     * @param kind    how the broken link names that file
     */
    public record Match(String written, String file, Kind kind) {}

    /** Extensions of one format, each group in its usual order. */
    private static final List<List<String>> SAME_FORMAT = List.of(List.of("yaml", "yml"), List.of("md", "markdown", "mdown", "mkd", "mkdn"),
            List.of("txt", "text"), List.of("html", "htm"), List.of("jpg", "jpeg"), List.of("tif", "tiff"));

    /** Looks up paths by their letter-case-free, NFC form: by path, by path without extension, by file name. */
    private record Index(List<String> files, java.util.Set<String> all, Map<String, List<String>> byPath, Map<String, List<String>> byStemPath,
                         Map<String, List<String>> byName) {
        static Index of(List<String> files) {
            Map<String, List<String>> byPath = new HashMap<>();
            Map<String, List<String>> byStemPath = new HashMap<>();
            Map<String, List<String>> byName = new HashMap<>();
            for (String f : files) {
                String key = fold(f);
                byPath.computeIfAbsent(key, k -> new ArrayList<>(1)).add(f);
                byStemPath.computeIfAbsent(stem(key), k -> new ArrayList<>(1)).add(f);
                byName.computeIfAbsent(key.substring(key.lastIndexOf('/') + 1), k -> new ArrayList<>(1)).add(f);
            }
            return new Index(files, java.util.Set.copyOf(files), byPath, byStemPath, byName);
        }
    }

    private static volatile SoftReference<Index> last = new SoftReference<>(null);

    private static Index index(List<String> files) {
        Index index = last.get();
        if (index == null || !index.files().equals(files)) {
            index = Index.of(List.copyOf(files));
            last = new SoftReference<>(index);
        }
        return index;
    }

    /**
     * The file a broken link to a missing file means, when exactly one file matches it by letter case, then by an
     * equivalent extension, then (for a link that is not a wikilink, which finds its note anywhere already) by name; and
     * the link rewritten to it, checked to resolve to it the way the scan resolves links.
     *
     * @param project the project
     * @param r       a broken reference to a file
     * @return the match, or empty when there is none or several
     */
    public static Optional<Match> of(ProjectSnapshot project, Reference r) {
        if (r.resolved() || r.targetIsEntity() || r.syntax().equals("wikilink") || r.target().isEmpty()) {
            return Optional.empty();
        }
        Index index = index(project.files());
        String dir = r.fromFile().substring(0, r.fromFile().lastIndexOf('/') + 1);
        // the link read from its file's folder, then as the scan resolved it (from the root, when nothing was there)
        List<String> paths = new ArrayList<>();
        Optional.ofNullable(normalize(dir + decode(r.text()))).ifPresent(paths::add);
        if (!paths.contains(r.target())) {
            paths.add(r.target());
        }
        List<String> readings = paths.stream().map(FileMatches::fold).distinct().toList();
        String resolved = fold(r.target());
        for (Kind kind : List.of(Kind.LETTER_CASE, Kind.EXTENSION)) {
            for (String target : readings) {
                List<String> found = kind == Kind.LETTER_CASE ? others(index.byPath().get(target), r)
                        : others(index.byStemPath().get(stem(target)), r).stream().filter(f -> sameFormat(extension(target), extension(fold(f)))).toList();
                if (found.size() > 1) {
                    return Optional.empty();
                }
                if (found.size() == 1) {
                    return rewritten(project, index, r, found.getFirst(), kind);
                }
            }
        }
        List<String> sameName = others(index.byName().get(resolved.substring(resolved.lastIndexOf('/') + 1)), r);
        return moved(project, paths, sameName).flatMap(f -> rewritten(project, index, r, f, Kind.MOVED));
    }

    /**
     * The file of {@code sameName} the missing target was moved to. When the last recorded scan saw the target, it is
     * the one with the content the target had then, else the only one that is new since; a file the target was not
     * moved to is not guessed (it was deleted). Without that record, the only file of that name.
     */
    private static Optional<String> moved(ProjectSnapshot project, List<String> paths, List<String> sameName) {
        Optional<ScanState> state = RenameHistory.scanState(project);
        ScanState.FileState before = state.flatMap(s -> paths.stream().map(s.files()::get).filter(java.util.Objects::nonNull).findFirst()).orElse(null);
        if (before == null) {
            return sameName.size() == 1 ? Optional.of(sameName.getFirst()) : Optional.empty();
        }
        List<String> sameContent = sameName.stream()
                .filter(f -> project instanceof Project p && p.file(f).filter(pf -> pf.hash().equals(before.hash())).isPresent()).toList();
        if (sameContent.size() == 1) {
            return Optional.of(sameContent.getFirst());
        }
        List<String> isNew = sameName.stream().filter(f -> !state.get().files().containsKey(f)).toList();
        return sameContent.isEmpty() && isNew.size() == 1 ? Optional.of(isNew.getFirst()) : Optional.empty();
    }

    private static List<String> others(List<String> files, Reference r) {
        return files == null ? List.of() : files.stream().filter(f -> !f.equals(r.fromFile())).toList();
    }

    /** The link written to {@code file} in the form of the broken one, when that resolves to {@code file}. */
    private static Optional<Match> rewritten(ProjectSnapshot project, Index index, Reference r, String file, Kind kind) {
        String written = r.text();
        String dir = r.fromFile().substring(0, r.fromFile().lastIndexOf('/') + 1);
        String link;
        if (kind == Kind.MOVED) {
            link = writtenFromRoot(index, written, dir) ? file : relative(dir, file);
        } else {
            link = recased(written, file);
            if (link == null) {
                return Optional.empty();
            }
        }
        if (written.indexOf('%') >= 0 || r.syntax().equals("markdown-link") && !inAngleBrackets(project, r)) {
            link = link.replace(" ", "%20").replace("(", "%28").replace(")", "%29");
        }
        // the scan tries a link from the referring file's folder first, then from the root
        String sibling = normalize(dir + decode(link));
        boolean resolves = file.equals(sibling) || (sibling == null || !index.all().contains(sibling)) && resolvesTo(link, "", file);
        if (link.equals(written) || !resolves) {
            return Optional.empty();
        }
        return Optional.of(new Match(link, file, kind));
    }

    /**
     * Whether a link is written from the project's root ({@code 20_プロット/全体構成.yaml}) rather than from its file's
     * folder: its first folder is one of the root's, and not one of its file's folder.
     */
    private static boolean writtenFromRoot(Index index, String written, String dir) {
        String link = decode(written);
        int slash = link.indexOf('/');
        if (slash <= 0 || link.startsWith(".")) {
            return false;
        }
        String first = link.substring(0, slash + 1);
        return index.all().stream().anyMatch(f -> f.startsWith(first)) && (dir.isEmpty() || index.all().stream().noneMatch(f -> f.startsWith(dir + first)));
    }

    /**
     * {@code written} with its trailing names replaced by {@code file}'s where they differ only in letter case or
     * extension, or null when a name differs otherwise.
     */
    private static String recased(String written, String file) {
        String[] w = decode(written).split("/", -1);
        String[] f = file.split("/", -1);
        for (int i = w.length - 1, j = f.length - 1; i >= 0 && j >= 0; i--, j--) {
            String name = w[i];
            if (name.equals(".") || name.equals("..") || name.isEmpty()) {
                break;
            }
            if (name.equals(f[j])) {
                continue;
            }
            boolean last = i == w.length - 1;
            String a = fold(name);
            String b = fold(f[j]);
            if (!a.equals(b) && !(last && stem(a).equals(stem(b)) && sameFormat(extension(a), extension(b)))) {
                return null;
            }
            w[i] = f[j];
        }
        return String.join("/", w);
    }

    private static boolean inAngleBrackets(ProjectSnapshot project, Reference r) {
        return project.text(r.fromFile()).filter(t -> r.start() > 0 && r.start() <= t.length() && t.charAt(r.start() - 1) == '<').isPresent();
    }

    /** Whether {@code link}, read from folder {@code dir}, is {@code file}. */
    private static boolean resolvesTo(String link, String dir, String file) {
        String path = normalize(dir + decode(link));
        return path != null && path.equals(file);
    }

    /** The path from folder {@code dir} (empty for the root, else ending in '/') to {@code file}. */
    static String relative(String dir, String file) {
        String[] from = dir.isEmpty() ? new String[0] : dir.substring(0, dir.length() - 1).split("/");
        String[] to = file.split("/");
        int common = 0;
        while (common < from.length && common < to.length - 1 && from[common].equals(to[common])) {
            common++;
        }
        StringBuilder out = new StringBuilder();
        for (int i = common; i < from.length; i++) {
            out.append("../");
        }
        for (int i = common; i < to.length; i++) {
            out.append(to[i]).append(i < to.length - 1 ? "/" : "");
        }
        return out.toString();
    }

    /** {@code a/./b/../c} as {@code a/c}; null when it leaves the root. */
    private static String normalize(String path) {
        try {
            return dev.continuity.core.project.PathGuard.normalize(path);
        } catch (dev.continuity.api.PathEscapeException e) {
            return null;
        }
    }

    private static String decode(String link) {
        return link.indexOf('%') < 0 ? link : URLDecoder.decode(link.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String fold(String path) {
        return Normalizer.normalize(path, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    private static String stem(String path) {
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') + 1 ? path.substring(0, dot) : path;
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot > path.lastIndexOf('/') + 1 ? path.substring(dot + 1) : "";
    }

    private static boolean sameFormat(String a, String b) {
        return a.equals(b) || SAME_FORMAT.stream().anyMatch(g -> g.contains(a) && g.contains(b));
    }
}
