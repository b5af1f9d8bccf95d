package dev.continuity.ml;

import dev.continuity.ml.eval.GitSnapshots;
import dev.continuity.ml.features.ContentIndex;
import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.EditSource;
import dev.continuity.ml.features.Terms;
import dev.continuity.ml.history.ChangeKind;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.git.GitTreeReader;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
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

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The edit evidence of a project on disk: what the change removed from each changed file (its text at git {@code HEAD},
 * or the {@code rename.from} name of a rename, against its text now) and the terms of the other files, tokenized once
 * per file version (size and modification time) and kept for the next prediction, with the files each term is in
 * ({@link ProjectTerms}).
 */
final class ProjectEdits {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectEdits.class);

    private final Path root;
    private final String include;
    private final ProjectTerms terms;

    ProjectEdits(Path root, String include) {
        this.root = root;
        this.include = include;
        this.terms = new ProjectTerms(root);
    }

    /**
     * The evidence of a change to {@code changed}; {@code renamedFrom} is a name the change replaced, when the caller
     * knows it. {@link EditEvidence#none()} when nothing vanished.
     */
    EditEvidence current(List<String> changed, Optional<String> renamedFrom, Collection<String> candidates) {
        Map<String, Set<String>> vanished = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> swept = new LinkedHashMap<>();
        Map<String, String> before = headTexts(changed).map(HeadTexts::texts).orElse(Map.of());
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
        Set<String> asked = new LinkedHashSet<>();
        vanished.values().forEach(asked::addAll);
        swept.values().forEach(s -> asked.addAll(s.keySet()));
        return new EditEvidence(vanished, swept, terms.snapshot(candidates, asked));
    }

    /** The terms of the project's files, with their inverted index. */
    ProjectTerms terms() {
        return terms;
    }

    /** The edit evidence of mined commits, from the project's git repository (none when it is not one). */
    EditSource history() {
        Optional<GitLocation> git = locate(root);
        if (git.isEmpty()) {
            return EditSource.none();
        }
        GitLocation at = git.get();
        try {
            Repository repo = new FileRepositoryBuilder().setGitDir(at.gitDir()).setMustExist(true).build();
            GitSnapshots snapshots = new GitSnapshots(repo, GitMiningOptions.including(at.repoInclude(include)), false);
            return new EditSource() {
                @Override
                public EditEvidence editsOf(UpdateHistoryRecord record) {
                    return at.toProject(snapshots.editsOf(at.toRepository(record)));
                }

                @Override
                public Optional<Set<String>> filesBefore(UpdateHistoryRecord record) {
                    if (record.source() != dev.continuity.ml.history.RecordSource.GIT) {
                        return Optional.empty();
                    }
                    try {
                        return record.parentCommit().map(parent -> snapshots.contentFilesAt(parent).stream()
                                .map(at::strip).collect(java.util.stream.Collectors.toUnmodifiableSet()));
                    } catch (RuntimeException e) {      // a tree that cannot be read: the files the history knows
                        LOG.debug("cannot list the files before {}", record.id(), e);
                        return Optional.empty();
                    }
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

    private Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(root.resolve(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Where a project sits in a git repository: the repository's git directory, and the project folder's path inside
     * its work tree ({@code ""} at the top, else {@code "books/saga/"}), which prefixes the repository's paths of the
     * project's files.
     *
     * @param gitDir the git directory ({@code .git}, or the one a linked work tree's {@code .git} file names)
     * @param prefix the project folder inside the work tree, ending with {@code /}; empty at the top
     */
    record GitLocation(File gitDir, String prefix) {
        /** The repository path of a project path. */
        String repoPath(String projectPath) {
            return prefix + projectPath;
        }

        /** A regular expression over repository paths that matches the project's files {@code include} matches. */
        String repoInclude(String include) {
            return prefix.isEmpty() ? include : java.util.regex.Pattern.quote(prefix) + "(?:" + include + ")";
        }

        /** A record mined from the repository with the project's paths (every mined file is under the prefix). */
        UpdateHistoryRecord toProject(UpdateHistoryRecord r) {
            return prefix.isEmpty() ? r : withPaths(r, path -> path.startsWith(prefix) ? path.substring(prefix.length()) : path);
        }

        /** A record of the project with the repository's paths. */
        UpdateHistoryRecord toRepository(UpdateHistoryRecord r) {
            return prefix.isEmpty() ? r : withPaths(r, this::repoPath);
        }

        private static UpdateHistoryRecord withPaths(UpdateHistoryRecord r, java.util.function.UnaryOperator<String> f) {
            return new UpdateHistoryRecord(r.id(), r.commit(), r.parentCommit(), r.time(), r.author(), r.source(),
                    r.changedFiles().stream().map(c -> new ChangedFile(f.apply(c.path()), c.linesAdded(), c.linesDeleted(),
                            c.kind())).toList(),
                    r.predictedFiles().stream().map(f).toList(), r.affectedFiles().stream().map(f).toList(),
                    r.stepDurations(), r.failures());
        }

        /** Evidence over the repository's paths, seen with the project's. */
        EditEvidence toProject(EditEvidence e) {
            if (prefix.isEmpty() || e.isEmpty()) {
                return e;
            }
            Map<String, Set<String>> vanished = new LinkedHashMap<>();
            e.vanishedTerms().forEach((k, v) -> vanished.put(strip(k), v));
            Map<String, Map<String, Integer>> swept = new LinkedHashMap<>();
            e.sweptTerms().forEach((k, v) -> swept.put(strip(k), v));
            ContentIndex inner = e.content();
            ContentIndex content = new ContentIndex() {
                @Override
                public Set<String> termsOf(String file) {
                    return inner.termsOf(repoPath(file));
                }

                @Override
                public int documentCount() {
                    return inner.documentCount();
                }

                @Override
                public int documentFrequency(String term) {
                    return inner.documentFrequency(term);
                }
            };
            return new EditEvidence(vanished, swept, content);
        }

        /** The project path of a repository path under the prefix. */
        String strip(String path) {
            return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
        }
    }

    /**
     * The git repository the project is in: its folder is the top of a work tree ({@code .git} a directory, or, in a
     * linked work tree made by {@code git worktree add} or a submodule, a file naming it), or a folder inside one (the
     * nearest repository above it). Empty when there is none, or only a bare one.
     */
    /**
     * The {@code user.name} of the project's git repository (its own config, or the user's and the system's, as git
     * reads them): who makes the changes on this machine, as git would record them. Empty outside a repository.
     */
    Optional<String> gitUser() {
        Optional<String> known = gitUser;
        if (known == null) {
            known = readGitUser();
            gitUser = known;       // read once: a repository's user seldom changes while a tool runs
        }
        return known;
    }

    private volatile Optional<String> gitUser;

    private Optional<String> readGitUser() {
        Optional<GitLocation> git = locate(root);
        if (git.isEmpty()) {
            return Optional.empty();
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(git.get().gitDir()).setMustExist(true).build()) {
            return Optional.ofNullable(repo.getConfig().getString("user", null, "name")).map(String::strip).filter(n -> !n.isEmpty());
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("cannot read the git user of {}", root, e);
            return Optional.empty();
        }
    }

    static Optional<GitLocation> locate(Path root) {
        try {
            Path real = root.toRealPath();
            FileRepositoryBuilder b = new FileRepositoryBuilder().findGitDir(real.toFile());
            if (b.getGitDir() == null) {
                return Optional.empty();
            }
            Path holder = real;
            while (holder != null && !Files.exists(holder.resolve(".git"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                holder = holder.getParent();
            }
            if (holder != null && Files.isRegularFile(holder.resolve(".git"))) {
                // a .git file names a git directory elsewhere (a clone made with --separate-git-dir): its work tree is the
                // folder of the file, not the git directory's parent, which JGit would take
                b = new FileRepositoryBuilder().setWorkTree(holder.toFile());
            }
            try (Repository repo = b.setMustExist(true).build()) {
                if (repo.isBare()) {
                    return Optional.empty();
                }
                Path top = repo.getWorkTree().toPath().toRealPath();
                if (!real.startsWith(top)) {
                    return Optional.empty();
                }
                String prefix = top.relativize(real).toString().replace(File.separatorChar, '/');
                return Optional.of(new GitLocation(repo.getDirectory(), prefix.isEmpty() ? "" : prefix + "/"));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("{} is in no usable git repository", root, e);
            return Optional.empty();
        }
    }

    /**
     * The changes to {@code files} since {@code HEAD}, with the lines added and deleted counted as git counts them
     * (histogram diff), so that a prediction sees the change magnitude the model learned from mined commits. A file
     * not at {@code HEAD} is added, one gone from disk deleted; without a repository (or a {@code HEAD}) each file is
     * a modification of unknown size (0 lines), as the history of such a project records it.
     */
    List<ChangedFile> changes(List<String> files) {
        Optional<HeadTexts> head = headTexts(files);
        List<ChangedFile> out = new ArrayList<>(files.size());
        for (String f : files) {
            if (head.isEmpty() || head.get().tooLarge().contains(f)) {
                out.add(ChangedFile.modified(f));
                continue;
            }
            String old = head.get().texts().get(f);
            Optional<String> now = read(f);
            if (old == null && now.isEmpty()) {
                out.add(ChangedFile.modified(f));
                continue;
            }
            String current = now.orElse("");
            if (old != null && old.indexOf('\r') < 0) {
                // a checkout with CRLF line ends (core.autocrlf, eol=crlf) of a file git stores with LF: git compares the
                // file as it would store it, or every line would count as changed
                current = current.replace("\r\n", "\n");
            }
            RawText a = new RawText(old == null ? new byte[0] : old.getBytes(StandardCharsets.UTF_8));
            RawText b = new RawText(current.getBytes(StandardCharsets.UTF_8));
            int added = 0;
            int deleted = 0;
            for (Edit e : DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                    .diff(RawTextComparator.DEFAULT, a, b)) {
                added += e.getLengthB();
                deleted += e.getLengthA();
            }
            ChangeKind kind = old == null ? ChangeKind.ADDED : now.isEmpty() ? ChangeKind.DELETED : ChangeKind.MODIFIED;
            out.add(new ChangedFile(f, added, deleted, kind));
        }
        return out;
    }

    /**
     * Texts at {@code HEAD} of the files that are there (a file missing from the map is not at {@code HEAD}), and the
     * files that are there but too large to read ({@link GitTreeReader#MAX_BLOB_BYTES}).
     */
    private record HeadTexts(Map<String, String> texts, Set<String> tooLarge) {
    }

    /** The files' texts at {@code HEAD}; empty when the project is in no git repository or it has no {@code HEAD}. */
    private Optional<HeadTexts> headTexts(List<String> files) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> tooLarge = new LinkedHashSet<>();
        Optional<GitLocation> git = locate(root);
        if (git.isEmpty()) {
            return Optional.empty();
        }
        try (Repository repo = new FileRepositoryBuilder().setGitDir(git.get().gitDir()).setMustExist(true)
                .build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                return Optional.empty();
            }
            RevCommit commit = walk.parseCommit(head);
            for (String f : files) {
                try (TreeWalk tw = TreeWalk.forPath(repo, git.get().repoPath(f), commit.getTree())) {
                    if (tw == null) {
                        continue;
                    }
                    ObjectLoader loader = repo.open(tw.getObjectId(0));
                    if (loader.getSize() <= GitTreeReader.MAX_BLOB_BYTES) {
                        out.put(f, new String(loader.getCachedBytes(GitTreeReader.MAX_BLOB_BYTES), StandardCharsets.UTF_8));
                    } else {
                        tooLarge.add(f);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("no HEAD text for the edit evidence of {}", files, e);
            return Optional.empty();
        }
        return Optional.of(new HeadTexts(out, tooLarge));
    }
}
