package dev.continuity.ml.eval;

import dev.continuity.ml.features.AdjacencyLinkGraph;
import dev.continuity.ml.features.ContentIndex;
import dev.continuity.ml.features.ContentLinkExtractor;
import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.git.GitTreeReader;
import dev.continuity.ml.history.UpdateHistoryRecord;
import dev.continuity.ml.text.TermBag;
import dev.continuity.ml.text.TermDictionary;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * {@link RepositorySnapshots} read from git with JGit: the content files of a commit's tree, and the
 * link graph built from those files' contents at that commit (links are extracted once per blob), and the edit
 * evidence of a commit: the terms each changed file lost against its parent, and the terms of every content file
 * at the parent (tokenized once per blob).
 *
 * <p>Not thread-safe: one thread at a time uses it. The {@link EditEvidence} it returns is the exception: once handed
 * to another thread through a synchronizing hand-over (a blocking queue), that thread may read it while this object
 * goes on to later commits.
 */
public final class GitSnapshots implements RepositorySnapshots, AutoCloseable {

    /** The texts of the current tree kept for line differences: at most this many characters (64 MB). */
    static final long MAX_KEPT_CHARS = 32L << 20;

    /** A longer text is tokenized whole, and not kept (a chapter is some 10,000 to 100,000 characters). */
    static final int MAX_DIFFED_CHARS = 256 << 10;

    private final GitTreeReader reader;
    private final boolean links;
    // Every cache is bounded: a walk over a long history asks for the trees of consecutive commits, which share
    // almost all their blobs, so the blobs of the latest trees are what is worth keeping.
    private final Map<String, Map<String, ObjectId>> trees = lru(() -> 32);
    private final Map<String, List<ContentLinkExtractor.Link>> blobLinks = lru(this::blobLimit);
    private final Map<String, AdjacencyLinkGraph> graphs = lru(() -> 8);
    // the bags and texts of the blobs read lately (those of the current tree are kept apart, in frequencyBags and
    // frequencyTexts)
    private final Map<ObjectId, Blob> blobs = lru(() -> 256);
    // written under its own lock, so that evidence read on another thread can look up a term
    private final TermDictionary dictionary = new TermDictionary();
    private final TermBag.Builder bags = new TermBag.Builder(dictionary);
    private int largestTree;
    // document frequencies (by term id) of the terms of the tree last asked for, that tree, and its files' bags
    private final Map<String, ObjectId> frequencyTree = new HashMap<>();
    private final Map<String, TermBag> frequencyBags = new HashMap<>();
    // the texts of the current tree's files: a new version of one is tokenized by its changed lines only; at most
    // MAX_KEPT_CHARS characters in all (a file whose text is not kept is tokenized whole)
    private final Map<String, char[]> frequencyTexts = new HashMap<>();
    private long keptChars;
    private final long maxKeptChars;
    private int[] frequencies = new int[1024];
    private String frequencyCommit;
    // an immutable copy of frequencyBags, made when evidence first needs it after the tree moved
    private Map<String, TermBag> frequencySnapshot;

    /**
     * @param repo    the repository (the caller keeps ownership)
     * @param options what the content files are
     * @param links   whether to build link graphs (false: every graph is empty)
     */
    public GitSnapshots(Repository repo, GitMiningOptions options, boolean links) {
        this(repo, options, links, MAX_KEPT_CHARS);
    }

    /** As the public constructor, keeping at most {@code maxKeptChars} characters of texts (tests). */
    GitSnapshots(Repository repo, GitMiningOptions options, boolean links, long maxKeptChars) {
        this.reader = new GitTreeReader(repo, options);
        this.links = links;
        this.maxKeptChars = maxKeptChars;
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
        String parent = tx.parentCommit().get();
        Map<String, ObjectId> before = tree(parent);
        Map<String, ObjectId> after = tree(tx.commit().get());
        frequenciesAt(parent, before);
        if (frequencySnapshot == null) {
            frequencySnapshot = Map.copyOf(frequencyBags);
        }
        Map<String, Set<String>> vanished = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> swept = new LinkedHashMap<>();
        Map<String, int[]> known = new HashMap<>();
        for (ChangedFile c : tx.changedFiles()) {
            TermBag b = frequencyBags.get(c.path());
            if (b == null) {
                continue;
            }
            ObjectId a = after.get(c.path());
            TermBag now = a == null ? TermBag.EMPTY : blob(a, c.path()).bag();
            Set<String> lost = TermBag.vanished(b, now, dictionary, EditEvidence.MAX_TERMS_PER_FILE);
            vanished.put(c.path(), lost);
            lost.forEach(t -> know(t, known));
            if (a != null) {
                Map<String, Integer> gone = TermBag.swept(b, now, dictionary, EditEvidence.MIN_SWEEP_OCCURRENCES,
                        EditEvidence.MAX_TERMS_PER_FILE);
                swept.put(c.path(), gone);
                gone.keySet().forEach(t -> know(t, known));
            }
        }
        return new EditEvidence(vanished, swept, new TreeIndex(frequencySnapshot, known, dictionary.snapshot()));
    }

    /** Resolves a term of the current tree: its id and its document frequency there. */
    private void know(String term, Map<String, int[]> known) {
        known.computeIfAbsent(term, t -> {
            int id = dictionary.find(t);
            return new int[] {id, frequencies[id]};
        });
    }

    /**
     * Moves the running document frequencies to {@code tree} (the tree of {@code commit}): only the blobs that differ
     * from the tree they were at are counted out and in, so a walk over consecutive commits pays for what each commit
     * changed rather than for every file each time. The bags of the files of the tree stay at hand while it is the
     * current one.
     */
    private void frequenciesAt(String commit, Map<String, ObjectId> tree) {
        if (!commit.equals(frequencyCommit)) {
            Iterator<Map.Entry<String, ObjectId>> it = frequencyTree.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, ObjectId> e = it.next();
                ObjectId now = tree.get(e.getKey());
                if (now == null) {
                    frequencyBags.remove(e.getKey()).forEachId(id -> frequencies[id]--);
                    forgetText(e.getKey());
                    it.remove();
                } else if (!e.getValue().equals(now)) {
                    // an edited file: only the terms it lost or gained move the counts (an edit keeps most of them)
                    Blob next = blob(now, e.getKey());
                    keepText(e.getKey(), next.text());
                    TermBag.difference(frequencyBags.put(e.getKey(), next.bag()), next.bag(), id -> frequencies[id]--,
                            this::countIn);
                    e.setValue(now);
                }
            }
            tree.forEach((path, blob) -> {
                if (!frequencyTree.containsKey(path)) {
                    Blob read = blob(blob, path);
                    TermBag added = read.bag();
                    keepText(path, read.text());
                    added.forEachId(this::countIn);
                    frequencyTree.put(path, blob);
                    frequencyBags.put(path, added);
                }
            });
            frequencyCommit = commit;
            frequencySnapshot = null;
        }
    }

    /** One more file holds the term numbered {@code id}. */
    private void countIn(int id) {
        if (id >= frequencies.length) {
            frequencies = Arrays.copyOf(frequencies, Math.max(id + 1, frequencies.length * 2));
        }
        frequencies[id]++;
    }

    /**
     * The content of one tree, as one commit's evidence sees it: the bags of its files, and the ids and document
     * frequencies of the terms the evidence names, resolved when it was made. Other terms are looked up in the
     * dictionary (under its lock) and counted over the bags. Everything it holds is immutable or written before it is
     * handed over, so it may be read on another thread while the snapshots go on.
     */
    private final class TreeIndex implements ContentIndex {
        private final Map<String, TermBag> bags;
        private final Map<String, int[]> known;
        private final TermDictionary.Snapshot terms;
        private final Map<String, Integer> scanned = new ConcurrentHashMap<>();

        TreeIndex(Map<String, TermBag> bags, Map<String, int[]> known, TermDictionary.Snapshot terms) {
            this.bags = bags;
            this.known = known;   // a map of this index's own, never changed after this (a hash map: fast for strings)
            this.terms = terms;
        }

        @Override
        public Set<String> termsOf(String file) {
            TermBag bag = bags.get(file);
            return bag == null ? Set.of() : new BagTerms(bag, this);
        }

        @Override
        public int documentCount() {
            return bags.size();
        }

        @Override
        public int documentFrequency(String term) {
            int[] k = known.get(term);
            if (k != null) {
                return k[1];
            }
            int id = idOf(term);
            if (id < 0) {
                return 0;
            }
            return scanned.computeIfAbsent(term, t -> {
                int n = 0;
                for (TermBag bag : bags.values()) {
                    if (bag.contains(id)) {
                        n++;
                    }
                }
                return n;
            });
        }

        /** The id of {@code term}, or -1 when no file of this tree can hold it (it was numbered later, or never). */
        int idOf(String term) {
            int[] k = known.get(term);
            if (k != null) {
                return k[0];
            }
            int id;
            synchronized (dictionary) {
                id = dictionary.find(term);
            }
            return id < terms.size() ? id : -1;
        }
    }

    /** The terms of a bag as strings. */
    private static final class BagTerms extends AbstractSet<String> {
        private final TermBag bag;
        private final TreeIndex index;

        BagTerms(TermBag bag, TreeIndex index) {
            this.bag = bag;
            this.index = index;
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof String term)) {
                return false;
            }
            int id = index.idOf(term);
            return id >= 0 && bag.contains(id);
        }

        @Override
        public Iterator<String> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < bag.size();
                }

                @Override
                public String next() {
                    if (i >= bag.size()) {
                        throw new NoSuchElementException();
                    }
                    return index.terms.term(bag.idAt(i++));
                }
            };
        }

        @Override
        public int size() {
            return bag.size();
        }
    }

    /** Keeps {@code text} as the current tree's text of {@code path} while the budget allows, else none. */
    private void keepText(String path, char[] text) {
        forgetText(path);
        if (text != null && keptChars + text.length <= maxKeptChars) {
            frequencyTexts.put(path, text);
            keptChars += text.length;
        }
    }

    private void forgetText(String path) {
        char[] old = frequencyTexts.remove(path);
        if (old != null) {
            keptChars -= old.length;
        }
    }

    /** A blob's bag, and its text when it is short enough to be diffed ({@link #MAX_DIFFED_CHARS}), else null. */
    private record Blob(char[] text, TermBag bag) {
    }

    /**
     * The text and bag of {@code blob}, a version of {@code path}: from the bag of the current tree's version of
     * {@code path} and the lines that differ when there is one, else from the whole text.
     */
    private Blob blob(ObjectId blob, String path) {
        Blob b = blobs.get(blob);
        if (b == null) {
            char[] text = new String(reader.read(blob), StandardCharsets.UTF_8).toCharArray();
            char[] base = frequencyTexts.get(path);
            TermBag bag;
            synchronized (dictionary) {
                bag = base == null || text.length > MAX_DIFFED_CHARS ? bags.bag(text, text.length)
                        : bags.bag(text, text.length, base, base.length, frequencyBags.get(path));
            }
            b = new Blob(text.length <= MAX_DIFFED_CHARS ? text : null, bag);
            blobs.put(blob, b);
        }
        return b;
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
