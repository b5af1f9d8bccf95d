package dev.continuity.ml.eval;

import dev.continuity.ml.features.AdjacencyLinkGraph;
import dev.continuity.ml.features.ContentLinkExtractor;
import dev.continuity.ml.features.LinkGraph;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.GitTreeReader;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link RepositorySnapshots} read from git with JGit: the content files of a commit's tree, and the
 * link graph built from those files' contents at that commit (links are extracted once per blob).
 *
 * <p>Not thread-safe.
 */
public final class GitSnapshots implements RepositorySnapshots, AutoCloseable {

    private final GitTreeReader reader;
    private final boolean links;
    private final Map<String, Map<String, ObjectId>> trees = new HashMap<>();
    private final Map<String, List<ContentLinkExtractor.Link>> blobLinks = new HashMap<>();
    private final Map<String, AdjacencyLinkGraph> graphs = new HashMap<>();

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

    private Map<String, ObjectId> tree(String commit) {
        return trees.computeIfAbsent(commit, reader::contentFilesAt);
    }

    @Override
    public void close() {
        reader.close();
    }
}
