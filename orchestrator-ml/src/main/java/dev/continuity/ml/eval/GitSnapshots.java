package dev.continuity.ml.eval;

import dev.continuity.ml.features.AdjacencyLinkGraph;
import dev.continuity.ml.features.ContentIndex;
import dev.continuity.ml.features.ContentLinkExtractor;
import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.Terms;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.git.GitTreeReader;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * {@link RepositorySnapshots} read from git with JGit: the content files of a commit's tree, and the
 * link graph built from those files' contents at that commit (links are extracted once per blob), and the edit
 * evidence of a commit: the terms each changed file lost against its parent, and the terms of every content file
 * at the parent (tokenized once per blob).
 *
 * <p>Not thread-safe.
 */
public final class GitSnapshots implements RepositorySnapshots, AutoCloseable {

    private final GitTreeReader reader;
    private final boolean links;
    // Every cache is bounded: a walk over a long history asks for the trees of consecutive commits, which share
    // almost all their blobs, so the blobs of the latest trees are what is worth keeping.
    private final Map<String, Map<String, ObjectId>> trees = lru(() -> 32);
    private final Map<String, List<ContentLinkExtractor.Link>> blobLinks = lru(this::blobLimit);
    private final Map<String, AdjacencyLinkGraph> graphs = lru(() -> 8);
    private final Map<ObjectId, Map<String, Integer>> blobTerms = lru(this::blobLimit);
    private final Map<String, ContentIndex> contentIndexes = lru(() -> 8);
    private int largestTree;
    // document frequencies of the terms of the tree last asked for, and that tree
    private final Map<String, ObjectId> frequencyTree = new HashMap<>();
    private final Map<String, Integer> frequencies = new HashMap<>();
    private String frequencyCommit;
    private long frequencyVersion;

    /**
     * @param repo    the repository (the caller keeps ownership)
     * @param options what the content files are
     * @param links   whether to build link graphs (false: every graph is empty)
     */
    public GitSnapshots(Repository repo, GitMiningOptions options, boolean links) {
        this.reader = new GitTreeReader(repo, options);
        this.links = links;
    }

    @Override
    public Set<String> contentFilesAt(String commit) {
        return tree(commit).keySet();
    }

    @Override
    public LinkGraph linkGraphAt(String commit) {
        if (!links) {
            return LinkGraph.empty();
        }
        return graphs.computeIfAbsent(commit, c -> {
            Map<String, ObjectId> files = tree(c);
            Map<String, List<ContentLinkExtractor.Link>> all = new HashMap<>();
            files.forEach((path, blob) -> all.put(path, blobLinks.computeIfAbsent(path + ':' + blob.name(),
                    k -> ContentLinkExtractor.extract(path, new String(reader.read(blob), StandardCharsets.UTF_8)))));
            return ContentLinkExtractor.graphOfLinks(files.keySet(), all);
        });
    }

    /**
     * What {@code tx} removed from each of its files (against its parent commit), which terms it removed everywhere
     * from a file that still exists, and the terms of the content files at the parent; {@link EditEvidence#none()}
     * for a record without commit and parent.
     */
    @Override
    public EditEvidence editsOf(UpdateHistoryRecord tx) {
        if (tx.commit().isEmpty() || tx.parentCommit().isEmpty()) {
            return EditEvidence.none();
        }
        Map<String, ObjectId> before = tree(tx.parentCommit().get());
        Map<String, ObjectId> after = tree(tx.commit().get());
        Map<String, Set<String>> vanished = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> swept = new LinkedHashMap<>();
        for (ChangedFile c : tx.changedFiles()) {
            ObjectId b = before.get(c.path());
            if (b == null) {
                continue;
            }
            ObjectId a = after.get(c.path());
            vanished.put(c.path(), Terms.vanished(terms(b), a == null ? Map.of() : terms(a),
                    EditEvidence.MAX_TERMS_PER_FILE));
            if (a != null) {
                swept.put(c.path(), Terms.swept(terms(b), terms(a), EditEvidence.MIN_SWEEP_OCCURRENCES,
                        EditEvidence.MAX_TERMS_PER_FILE));
            }
        }
        String parent = tx.parentCommit().get();
        ContentIndex content = contentIndexes.computeIfAbsent(parent, p -> new TreeIndex(p, before));
        return new EditEvidence(vanished, swept, content);
    }

    /**
     * Moves the running document frequencies to {@code tree} (the tree of {@code commit}): only the blobs that differ
     * from the tree they were at are counted out and in, so a walk over consecutive commits pays for what each commit
     * changed rather than for every file each time.
     *
     * @return the version of the frequencies, which now describe {@code tree}
     */
    private long frequenciesAt(String commit, Map<String, ObjectId> tree) {
        if (!commit.equals(frequencyCommit)) {
            Iterator<Map.Entry<String, ObjectId>> it = frequencyTree.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, ObjectId> e = it.next();
                ObjectId now = tree.get(e.getKey());
                if (now == null) {
                    count(terms(e.getValue()).keySet(), -1);
                    it.remove();
                } else if (!e.getValue().equals(now)) {
                    // an edited file: only the terms it lost or gained move the counts (an edit keeps most of them)
                    Map<String, Integer> before = terms(e.getValue());
                    Map<String, Integer> after = terms(now);
                    before.keySet().forEach(t -> {
                        if (!after.containsKey(t)) {
                            bump(t, -1);
                        }
                    });
                    after.keySet().forEach(t -> {
                        if (!before.containsKey(t)) {
                            bump(t, 1);
                        }
                    });
                    e.setValue(now);
                }
            }
            tree.forEach((path, blob) -> {
                if (!frequencyTree.containsKey(path)) {
                    count(terms(blob).keySet(), 1);
                    frequencyTree.put(path, blob);
                }
            });
            frequencyCommit = commit;
            frequencyVersion++;
        }
        return frequencyVersion;
    }

    private void count(Set<String> terms, int delta) {
        for (String t : terms) {
            bump(t, delta);
        }
    }

    /** Moves one term's document frequency by {@code delta}; a count that reaches 0 is removed. */
    private void bump(String term, int delta) {
        frequencies.merge(term, delta, (a, b) -> a + b == 0 ? null : a + b);
    }

    /**
     * The content of one tree. Its document frequencies come from the running counts while those still describe
     * this tree (the usual case: the evidence of a commit is used before the next commit's is asked for), and from a
     * scan of the tree's files otherwise.
     */
    private final class TreeIndex implements ContentIndex {
        private final Map<String, ObjectId> tree;
        private final long version;
        private final Map<String, Integer> scanned = new HashMap<>();

        TreeIndex(String commit, Map<String, ObjectId> tree) {
            this.tree = tree;
            this.version = frequenciesAt(commit, tree);
        }

        @Override
        public Set<String> termsOf(String file) {
            ObjectId blob = tree.get(file);
            return blob == null ? Set.of() : terms(blob).keySet();
        }

        @Override
        public int documentCount() {
            return tree.size();
        }

        @Override
        public int documentFrequency(String term) {
            if (version == frequencyVersion) {
                return frequencies.getOrDefault(term, 0);
            }
            return scanned.computeIfAbsent(term, t -> {
                int n = 0;
                for (ObjectId blob : tree.values()) {
                    if (terms(blob).containsKey(t)) {
                        n++;
                    }
                }
                return n;
            });
        }
    }

    private Map<String, Integer> terms(ObjectId blob) {
        return blobTerms.computeIfAbsent(blob, b -> Terms.counts(new String(reader.read(b), StandardCharsets.UTF_8)));
    }

    private Map<String, ObjectId> tree(String commit) {
        Map<String, ObjectId> tree = trees.computeIfAbsent(commit, reader::contentFilesAt);
        largestTree = Math.max(largestTree, tree.size());
        return tree;
    }

    /** Room for the blobs of two whole trees and then some: those of the latest commits stay cached. */
    private int blobLimit() {
        return 2 * largestTree + 256;
    }

    /** A map that drops its least recently used entry beyond {@code limit}. */
    private static <K, V> Map<K, V> lru(IntSupplier limit) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > limit.getAsInt();
            }
        };
    }

    @Override
    public void close() {
        reader.close();
    }
}
