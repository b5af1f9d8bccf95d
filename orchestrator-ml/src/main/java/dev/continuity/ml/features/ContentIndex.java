package dev.continuity.ml.features;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The terms ({@link Terms}) of the project's files as they were <em>before</em> the change: which file contains a
 * term, and how many files do. The edit-propagation features ask it where the text an edit removed still occurs.
 */
public interface ContentIndex {

    /** The terms of {@code file} before the change; empty when the file or its content is unknown. */
    Set<String> termsOf(String file);

    /** The number of files the index covers. */
    int documentCount();

    /** The number of files that contain {@code term}. */
    int documentFrequency(String term);

    /**
     * The files of this index that hold each of {@code terms}, when the index keeps an inverted index at hand; empty
     * (the default) when it does not, and {@link #termsOf} then answers file by file. The edit-propagation features ask
     * it for the terms a change removed: with it, a prediction costs the holders of those terms instead of a look into
     * every file for every term.
     *
     * @param terms the terms
     * @return each of {@code terms} that some file holds, with those files (each once; the size is the term's
     *         {@link #documentFrequency}); or empty when the index cannot tell without reading every file
     */
    default Optional<Map<String, Collection<String>>> holders(Collection<String> terms) {
        return Optional.empty();
    }

    /** An index that knows nothing. */
    static ContentIndex empty() {
        return Empty.INSTANCE;
    }

    /**
     * An index over {@code files}, whose terms {@code termsOf} gives on demand (it is called at most once per file
     * and may read the file lazily). Document frequencies are computed on first use and remembered. Thread-safe
     * when {@code termsOf} is.
     */
    static ContentIndex of(Set<String> files, Function<String, Set<String>> termsOf) {
        return new Lazy(Set.copyOf(files), Objects.requireNonNull(termsOf, "termsOf"));
    }

    /** An index over the given term sets. */
    static ContentIndex of(Map<String, Set<String>> termsByFile) {
        Map<String, Set<String>> copy = Map.copyOf(termsByFile);
        return of(copy.keySet(), f -> copy.getOrDefault(f, Set.of()));
    }

    /** The index that knows nothing. */
    enum Empty implements ContentIndex {
        /** The one empty index: no document, no term. */
        INSTANCE;

        @Override
        public Set<String> termsOf(String file) {
            return Set.of();
        }

        @Override
        public int documentCount() {
            return 0;
        }

        @Override
        public int documentFrequency(String term) {
            return 0;
        }
    }

    /** Terms read on demand, frequencies memoized. */
    final class Lazy implements ContentIndex {
        private final Set<String> files;
        private final Function<String, Set<String>> source;
        private final Map<String, Set<String>> terms = new ConcurrentHashMap<>();
        private final Map<String, Integer> frequencies = new ConcurrentHashMap<>();

        private Lazy(Set<String> files, Function<String, Set<String>> source) {
            this.files = files;
            this.source = source;
        }

        @Override
        public Set<String> termsOf(String file) {
            if (!files.contains(file)) {
                return Set.of();
            }
            return terms.computeIfAbsent(file, f -> Objects.requireNonNull(source.apply(f), "terms of " + f));
        }

        @Override
        public int documentCount() {
            return files.size();
        }

        @Override
        public int documentFrequency(String term) {
            return frequencies.computeIfAbsent(term, t -> {
                int n = 0;
                for (String f : files) {
                    if (termsOf(f).contains(t)) {
                        n++;
                    }
                }
                return n;
            });
        }
    }
}
