package dev.continuity.ml;

import dev.continuity.ml.features.ContentIndex;
import dev.continuity.ml.features.Terms;
import dev.continuity.ml.git.GitTreeReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The terms ({@link Terms}) of a project's files on disk, tokenized once per file version (size and modification
 * time), and an inverted index of them (each term with the files that hold it) kept up to date as files change. A
 * prediction asks where the terms a change removed still are; the index answers with the holders of those terms, where
 * looking into every file's terms for every removed term would cost most of a prediction in a project of thousands of
 * files. Thread-safe: one lock guards the cache and the index, and what {@link #snapshot} returns is immutable.
 */
final class ProjectTerms {

    private record Cached(long size, FileTime modified, Set<String> terms) {
    }

    /** The ids of the files holding one term: a growable array, unordered; and the term, the one copy of it kept. */
    private static final class Holders {
        private final String term;
        private int[] ids = new int[4];
        private int size;

        Holders(String term) {
            this.term = term;
        }

        void add(int id) {
            if (size == ids.length) {
                ids = java.util.Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
        }

        void remove(int id) {
            for (int i = 0; i < size; i++) {
                if (ids[i] == id) {
                    ids[i] = ids[--size];
                    return;
                }
            }
        }
    }

    private final Path root;
    private final Map<String, Cached> cache = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, Holders> postings = new HashMap<>();

    ProjectTerms(Path root) {
        this.root = root;
    }

    /**
     * The content of {@code candidates} as they are on disk now (each file read again when its size or modification
     * time changed; an unreadable file, or one larger than {@link GitTreeReader#MAX_BLOB_BYTES}, has no terms), with the
     * holders of {@code asked} at hand.
     *
     * @param candidates the files the index covers
     * @param asked      the terms whose holders the caller will ask for ({@link ContentIndex#holders}); the holders of
     *                   other terms are found by looking into every file
     * @return an immutable index
     */
    synchronized ContentIndex snapshot(Collection<String> candidates, Collection<String> asked) {
        Map<String, Set<String>> termsByFile = new HashMap<>(Math.max(16, candidates.size() * 2));
        BitSet covered = new BitSet(names.size());
        int cachedCandidates = 0;
        for (String file : candidates) {
            Set<String> terms = refresh(file);
            termsByFile.put(file, terms);
            cachedCandidates += cache.containsKey(file) ? 1 : 0;
            if (!terms.isEmpty()) {
                covered.set(ids.get(file));
            }
        }
        Map<String, Collection<String>> holders = new HashMap<>();
        for (String term : asked) {
            Holders h = postings.get(term);
            if (h == null || holders.containsKey(term)) {
                continue;
            }
            List<String> files = new ArrayList<>(h.size);
            for (int i = 0; i < h.size; i++) {
                if (covered.get(h.ids[i])) {
                    files.add(names.get(h.ids[i]));
                }
            }
            if (!files.isEmpty()) {
                holders.put(term, Collections.unmodifiableList(files));
            }
        }
        if (cache.size() > cachedCandidates) {
            forgetDeleted(termsByFile.keySet());
        }
        return new Snapshot(Collections.unmodifiableMap(termsByFile), Collections.unmodifiableMap(holders),
                Set.copyOf(asked));
    }

    /** The number of files whose terms are cached (for tests). */
    synchronized int cachedFiles() {
        return cache.size();
    }

    /** {@return the size of the inverted index: {terms, postings (a file id each), capacity of the id arrays}} */
    synchronized long[] indexSize() {
        long entries = 0;
        long capacity = 0;
        for (Holders h : postings.values()) {
            entries += h.size;
            capacity += h.ids.length;
        }
        return new long[]{postings.size(), entries, capacity};
    }

    /** The file's terms now; the cache and the index follow a file that changed, and forget one that cannot be read. */
    private Set<String> refresh(String file) {
        Path path = root.resolve(file);
        Cached cached = cache.get(file);
        Set<String> terms;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (cached != null && cached.size() == attributes.size()
                    && cached.modified().equals(attributes.lastModifiedTime())) {
                return cached.terms();
            }
            terms = attributes.size() > GitTreeReader.MAX_BLOB_BYTES ? Set.of()
                    : Terms.counts(Files.readString(path, StandardCharsets.UTF_8)).keySet();
        } catch (IOException | UncheckedIOException e) {
            forget(file);
            return Set.of();
        }
        int id = ids.computeIfAbsent(file, f -> {
            names.add(f);
            return names.size() - 1;
        });
        Set<String> before = cached == null ? Set.of() : cached.terms();
        for (String t : before) {
            if (!terms.contains(t)) {
                unpost(t, id);
            }
        }
        // each file's set holds the one copy of a term the index keeps: the files of a project share most of their
        // words, and a copy per file would cost several times the index itself
        String[] shared = new String[terms.size()];
        int n = 0;
        for (String t : terms) {
            Holders h = postings.get(t);
            if (h == null) {
                h = new Holders(t);
                postings.put(t, h);
            }
            if (!before.contains(t)) {
                h.add(id);
            }
            shared[n++] = h.term;
        }
        Set<String> kept = Set.of(shared);
        cache.put(file, new Cached(attributes.size(), attributes.lastModifiedTime(), kept));
        return kept;
    }

    private void forget(String file) {
        Cached cached = cache.remove(file);
        if (cached != null) {
            int id = ids.get(file);
            cached.terms().forEach(t -> unpost(t, id));
        }
    }

    private void unpost(String term, int id) {
        Holders h = postings.get(term);
        if (h != null) {
            h.remove(id);
            if (h.size == 0) {
                postings.remove(term);
            }
        }
    }

    /** Forgets the cached files outside {@code current} that no longer exist (a deleted or renamed file). */
    private void forgetDeleted(Set<String> current) {
        List<String> gone = new ArrayList<>();
        for (String file : cache.keySet()) {
            if (!current.contains(file) && !Files.exists(root.resolve(file))) {
                gone.add(file);
            }
        }
        gone.forEach(this::forget);
    }

    /** One moment's content of the candidates, with the holders of the asked terms. */
    private static final class Snapshot implements ContentIndex {
        private final Map<String, Set<String>> termsByFile;
        private final Map<String, Collection<String>> holders;
        private final Set<String> asked;
        private final Map<String, Collection<String>> looked = new ConcurrentHashMap<>();

        Snapshot(Map<String, Set<String>> termsByFile, Map<String, Collection<String>> holders, Set<String> asked) {
            this.termsByFile = termsByFile;
            this.holders = holders;
            this.asked = asked;
        }

        @Override
        public Set<String> termsOf(String file) {
            return termsByFile.getOrDefault(file, Set.of());
        }

        @Override
        public int documentCount() {
            return termsByFile.size();
        }

        @Override
        public int documentFrequency(String term) {
            return holdersOf(term).size();
        }

        @Override
        public Optional<Map<String, Collection<String>>> holders(Collection<String> terms) {
            Map<String, Collection<String>> out = new HashMap<>();
            for (String t : terms) {
                Collection<String> files = holdersOf(t);
                if (!files.isEmpty()) {
                    out.put(t, files);
                }
            }
            return Optional.of(out);
        }

        private Collection<String> holdersOf(String term) {
            if (asked.contains(term)) {
                return holders.getOrDefault(term, List.of());
            }
            return looked.computeIfAbsent(term, t -> termsByFile.entrySet().stream()
                    .filter(e -> e.getValue().contains(t)).map(Map.Entry::getKey).toList());
        }
    }
}
