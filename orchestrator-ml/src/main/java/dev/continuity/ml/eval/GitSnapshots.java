package dev.continuity.ml.eval;

import dev.continuity.ml.features.AdjacencyLinkGraph;
import dev.continuity.ml.features.ContentIndex;
import dev.continuity.ml.features.ContentLinkExtractor;
import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.Terms;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.FileChange;
import dev.continuity.ml.history.GitTreeReader;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Map<String, Map<String, ObjectId>> trees = new HashMap<>();
    private final Map<String, List<ContentLinkExtractor.Link>> blobLinks = new HashMap<>();
    private final Map<String, AdjacencyLinkGraph> graphs = new HashMap<>();
    private final Map<ObjectId, Map<String, Integer>> blobTerms = new HashMap<>();
    private final Map<String, ContentIndex> contentIndexes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ContentIndex> eldest) {
            return size() > 8;
        }
    };

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
     * What {@code tx} removed from each of its files (against its parent commit), which terms it removed everywhere from
     * a file that still exists, and the terms of the content files at the parent; {@link EditEvidence#none()} for a record without commit and parent.
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
        for (FileChange c : tx.changedFiles()) {
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
        ContentIndex content = contentIndexes.computeIfAbsent(tx.parentCommit().get(),
                p -> ContentIndex.of(before.keySet(), f -> terms(before.get(f)).keySet()));
        return new EditEvidence(vanished, swept, content);
    }

    private Map<String, Integer> terms(ObjectId blob) {
        return blobTerms.computeIfAbsent(blob, b -> Terms.counts(new String(reader.read(b), StandardCharsets.UTF_8)));
    }

    private Map<String, ObjectId> tree(String commit) {
        return trees.computeIfAbsent(commit, reader::contentFilesAt);
    }

    @Override
    public void close() {
        reader.close();
    }
}
