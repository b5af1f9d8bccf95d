package dev.continuity.ml;

import dev.continuity.ml.eval.GitSnapshots;
import dev.continuity.ml.features.ContentIndex;
import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.EditSource;
import dev.continuity.ml.features.Terms;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.git.GitTreeReader;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edit evidence of a project on disk: what the change removed from each changed file (its text at git {@code HEAD},
 * or the {@code rename.from} name of a rename, against its text now) and the terms of the other files, tokenized once
 * per file version (size and modification time) and kept for the next prediction.
 */
final class ProjectEdits {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectEdits.class);

    private record Cached(long size, FileTime modified, Set<String> terms) {
    }

    private final Path root;
    private final String include;
    private final Map<String, Cached> terms = new ConcurrentHashMap<>();

    ProjectEdits(Path root, String include) {
        this.root = root;
        this.include = include;
    }

    /**
     * The evidence of a change to {@code changed}; {@code renamedFrom} is a name the change replaced, when the caller
     * knows it. {@link EditEvidence#none()} when nothing vanished.
     */
    EditEvidence current(List<String> changed, Optional<String> renamedFrom, Collection<String> candidates) {
        Map<String, Set<String>> vanished = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> swept = new LinkedHashMap<>();
        Map<String, String> before = headTexts(changed);
        for (String f : changed) {
            Set<String> gone = new LinkedHashSet<>();
            String old = before.get(f);
            if (old != null) {
                Optional<String> now = read(f);
                Map<String, Integer> oldCounts = Terms.counts(old);
                Map<String, Integer> newCounts = Terms.counts(now.orElse(""));
                gone.addAll(Terms.vanished(oldCounts, newCounts, EditEvidence.MAX_TERMS_PER_FILE));
                if (now.isPresent()) {
                    swept.put(f, Terms.swept(oldCounts, newCounts, EditEvidence.MIN_SWEEP_OCCURRENCES,
                            EditEvidence.MAX_TERMS_PER_FILE));
                }
            }
            renamedFrom.ifPresent(name -> gone.addAll(Terms.counts(name).keySet()));
            if (!gone.isEmpty()) {
                vanished.put(f, gone);
            }
        }
        if (vanished.isEmpty()) {
            return EditEvidence.none();
        }
        return new EditEvidence(vanished, swept, ContentIndex.of(Set.copyOf(candidates), this::termsOf));
    }

    /** The edit evidence of mined commits, from the project's git repository (none when it is not one). */
    EditSource history() {
        if (!Files.isDirectory(root.resolve(".git"))) {
            return EditSource.none();
        }
        try {
            Repository repo = new FileRepositoryBuilder().setGitDir(root.resolve(".git").toFile()).setMustExist(true).build();
            GitSnapshots snapshots = new GitSnapshots(repo, GitMiningOptions.including(include), false);
            return new EditSource() {
                @Override
                public EditEvidence editsOf(UpdateHistoryRecord record) {
                    return snapshots.editsOf(record);
                }

                @Override
                public void close() {
                    snapshots.close();
                    repo.close();
                }
            };
        } catch (IOException e) {
            LOG.warn("cannot open the git repository of {}; training without edit evidence", root, e);
            return EditSource.none();
        }
    }

    private Set<String> termsOf(String file) {
        Path p = root.resolve(file);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            Cached c = terms.get(file);
            if (c != null && c.size() == a.size() && c.modified().equals(a.lastModifiedTime())) {
                return c.terms();
            }
            Set<String> t = a.size() > GitTreeReader.MAX_BLOB_BYTES ? Set.of()
                    : Set.copyOf(Terms.counts(Files.readString(p, StandardCharsets.UTF_8)).keySet());
            terms.put(file, new Cached(a.size(), a.lastModifiedTime(), t));
            return t;
        } catch (IOException | UncheckedIOException e) {
            return Set.of();
        }
    }

    private Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(root.resolve(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The changed files' texts at {@code HEAD}; empty when the project is not a git repository. */
    private Map<String, String> headTexts(List<String> files) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isDirectory(root.resolve(".git"))) {
            return out;
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(root.resolve(".git").toFile()).setMustExist(true)
                .build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                return out;
            }
            RevCommit commit = walk.parseCommit(head);
            for (String f : files) {
                try (TreeWalk tw = TreeWalk.forPath(repo, f, commit.getTree())) {
                    if (tw == null) {
                        continue;
                    }
                    ObjectLoader loader = repo.open(tw.getObjectId(0));
                    if (loader.getSize() <= GitTreeReader.MAX_BLOB_BYTES) {
                        out.put(f, new String(loader.getCachedBytes(GitTreeReader.MAX_BLOB_BYTES), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("no HEAD text for the edit evidence of {}", files, e);
        }
        return out;
    }
}
