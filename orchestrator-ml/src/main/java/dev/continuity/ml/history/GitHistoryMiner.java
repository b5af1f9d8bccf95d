package dev.continuity.ml.history;

import dev.continuity.ml.git.GitRepositories;
import dev.continuity.ml.git.GitTreeReader;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bootstraps a project's history from its git log (JGit).
 *
 * <p>One {@link UpdateHistoryRecord} per non-merge commit reachable from
 * {@link GitMiningOptions#startRef()}, oldest first (by commit time). Only content files
 * ({@link GitMiningOptions#includeRegex()}) count; commits touching none are skipped and commits
 * touching more than {@link GitMiningOptions#maxFilesPerCommit()} are dropped, and so are the commits at the boundary
 * of a shallow clone (their parents were not fetched). Content files are regular files
 * ({@link GitTreeReader#isContentMode}): a symbolic link or a submodule is none, a file replaced by a link is
 * deleted, and a change of mode alone changes no content. Rename detection is off: a rename is a deletion plus an
 * addition. Each file carries the lines added and deleted
 * (0 for binary files); the record carries the author's name and the commit time with the
 * committer's UTC offset. A commit dated before one of its parents (a skewed clock, a rebase that kept the author
 * dates) gets that parent's time (git's corrected commit date), so that time order never puts a commit before its
 * parent: a walk in time order sees no commit before what it was made on. A commit dated more than a day after the
 * miner's clock (a clock set years ahead) cannot be right: it gets its parents' time instead, so that it does not
 * drag every later commit to its date.
 */
public final class GitHistoryMiner {

    private static final Logger LOG = LoggerFactory.getLogger(GitHistoryMiner.class);

    /**
     * What one mining run kept and dropped.
     *
     * @param records        the transactions, oldest first
     * @param commitsSeen    commits reachable from the start ref
     * @param mergesSkipped  merge commits skipped
     * @param emptySkipped   commits that touched no content file
     * @param largeDropped   commits that touched more than the limit
     * @param shallowSkipped commits at the boundary of a shallow clone, skipped: their parents were not fetched, so
     *                       what they changed is unknown (against no parent, every file would look added)
     */
    public record MiningResult(List<UpdateHistoryRecord> records, int commitsSeen, int mergesSkipped,
                               int emptySkipped, int largeDropped, int shallowSkipped) {
        /** Copies {@code records}. */
        public MiningResult {
            records = List.copyOf(records);
        }

        /** A result without shallow boundary. */
        public MiningResult(List<UpdateHistoryRecord> records, int commitsSeen, int mergesSkipped, int emptySkipped,
                            int largeDropped) {
            this(records, commitsSeen, mergesSkipped, emptySkipped, largeDropped, 0);
        }
    }

    /** How far after the miner's clock a commit may be dated (another machine's clock a little ahead). */
    static final java.time.Duration FUTURE_TOLERANCE = java.time.Duration.ofDays(1);

    private final GitMiningOptions options;
    private final String folder;
    private final Pattern include;
    private final java.time.InstantSource clock;

    /**
     * A miner of the whole repository.
     *
     * @param options which files count, the commit size limit and the ref to start from
     */
    public GitHistoryMiner(GitMiningOptions options) {
        this(options, "");
    }

    /**
     * A miner that looks only under one folder of the repository (a project in a subfolder): the diffs are restricted
     * to it, so a large repository costs what its folder's history costs. The include pattern still matches whole
     * repository paths.
     *
     * @param folder the folder, {@code /}-separated, ending with {@code /} (e.g. {@code books/saga/}); empty for all
     */
    public GitHistoryMiner(GitMiningOptions options, String folder) {
        this(options, folder, java.time.InstantSource.system());
    }

    /**
     * A miner of one folder whose "now" is {@code clock}: a commit dated more than a day after it gets its parents'
     * time.
     */
    public GitHistoryMiner(GitMiningOptions options, String folder, java.time.InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.include = options.includePattern();
        Objects.requireNonNull(folder, "folder");
        if (!folder.isEmpty() && (!folder.endsWith("/") || folder.startsWith("/"))) {
            throw new IllegalArgumentException("folder must be relative and end with '/', got '" + folder + "'");
        }
        this.folder = folder;
    }

    /**
     * Mines the repository at {@code repositoryDir} (a work tree, also one whose {@code .git} is a file, or a bare repository). A branch without commits gives
     * no records.
     *
     * @throws IllegalArgumentException when the start ref resolves to nothing (e.g. a HEAD that is neither a ref nor a
     *                                  commit id)
     * @throws UncheckedIOException     when the history cannot be read (e.g. missing objects): its message has the
     *                                  cause's
     */
    public MiningResult mine(Path repositoryDir) {
        try (Repository repo = GitRepositories.open(repositoryDir)) {
            return mine(repo);
        }
    }

    /**
     * Mines only the commits that {@code minedBefore} does not reach: the commits made (or fetched, or checked out)
     * since a mining run whose start ref was at {@code minedBefore}. Every commit that run saw is an ancestor of
     * {@code minedBefore}, so none is diffed again; the history is still walked from the start, which is cheap next
     * to diffing, so each new commit gets the same corrected time as in a full run. When {@code minedBefore} is not
     * in the repository any more (garbage-collected after a rewrite) the whole history is mined.
     *
     * <p>Not for a shallow clone that was deepened since: the commits a fetch adds behind its old boundary are
     * ancestors of {@code minedBefore} too. Mine the whole history then.
     *
     * @param minedBefore the commit id the start ref resolved to when the history was last mined
     * @throws IllegalArgumentException as {@link #mine(Path)}, and when {@code minedBefore} is no commit id
     * @throws UncheckedIOException     as {@link #mine(Path)}
     */
    public MiningResult mineSince(Path repositoryDir, String minedBefore) {
        ObjectId before;
        try {
            before = ObjectId.fromString(Objects.requireNonNull(minedBefore, "minedBefore"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a commit id: '" + minedBefore + "'", e);
        }
        try (Repository repo = GitRepositories.open(repositoryDir)) {
            return mine(repo, before);
        }
    }

    /** Mines an open repository; the caller keeps ownership of {@code repo}. */
    MiningResult mine(Repository repo) {
        return mine(repo, null);
    }

    /** The commits {@code before} reaches (none when it is null or not in the repository). */
    private static java.util.Set<ObjectId> ancestors(Repository repo, ObjectId before) throws IOException {
        java.util.Set<ObjectId> out = new java.util.HashSet<>();
        if (before == null || !repo.getObjectDatabase().has(before)) {
            return out;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRetainBody(false);
            walk.markStart(walk.parseCommit(before));
            for (RevCommit c : walk) {
                out.add(c.copy());
            }
        } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw new IllegalArgumentException(before.name() + " is not a commit", e);
        }
        return out;
    }

    private MiningResult mine(Repository repo, ObjectId minedBefore) {
        List<UpdateHistoryRecord> records = new ArrayList<>();
        int seen = 0;
        int merges = 0;
        int empty = 0;
        int large = 0;
        int boundary = 0;
        try (ObjectReader reader = repo.newObjectReader();
             RevWalk walk = new RevWalk(reader);
             DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setReader(reader, repo.getConfig());
            diff.setDiffComparator(RawTextComparator.DEFAULT);
            diff.setDetectRenames(false);
            if (!folder.isEmpty()) {
                diff.setPathFilter(org.eclipse.jgit.treewalk.filter.PathFilter.create(folder.substring(0, folder.length() - 1)));
            }
            ObjectId start = repo.resolve(options.startRef());
            if (start == null) {
                Ref ref = repo.findRef(options.startRef());
                if (ref != null && ref.isSymbolic() && ref.getObjectId() == null) {
                    return new MiningResult(List.of(), 0, 0, 0, 0, 0); // a branch without commits yet
                }
                throw new IllegalArgumentException(repo.getDirectory() + ": " + options.startRef()
                        + " does not resolve to a commit");
            }
            // parents before children, so a commit's time can be held to its parents' (below)
            walk.sort(RevSort.TOPO);
            walk.sort(RevSort.COMMIT_TIME_DESC, true);
            walk.sort(RevSort.REVERSE, true);
            Map<RevCommit, Long> corrected = new HashMap<>();
            java.util.Set<ObjectId> mined = ancestors(repo, minedBefore);
            walk.markStart(walk.parseCommit(start));
            java.util.Set<ObjectId> shallow = repo.getObjectDatabase().getShallowCommits();
            long now = clock.instant().getEpochSecond();
            long latest = now + FUTURE_TOLERANCE.toSeconds();
            for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
                seen++;
                long own = commit.getCommitTime();
                long commitTime = own > latest ? Long.MIN_VALUE : own;
                for (RevCommit p : commit.getParents()) {
                    long parentTime = corrected.getOrDefault(p, (long) p.getCommitTime());
                    commitTime = Math.max(commitTime, parentTime > latest ? now : parentTime);
                }
                if (commitTime == Long.MIN_VALUE) {
                    commitTime = now;      // a root commit dated in the future
                }
                corrected.put(commit, commitTime);
                if (mined.contains(commit)) {
                    continue;         // mined by the run this one continues
                }
                if (shallow.contains(commit)) {
                    boundary++;       // a shallow clone's oldest commit: its parents are cut off, its change unknown
                    continue;
                }
                if (commit.getParentCount() > 1) {
                    merges++;
                    continue;
                }
                RevCommit parent = commit.getParentCount() == 1 ? walk.parseCommit(commit.getParent(0)) : null;
                AbstractTreeIterator oldTree = parent == null
                        ? new EmptyTreeIterator() : new CanonicalTreeParser(null, reader, parent.getTree());
                AbstractTreeIterator newTree = new CanonicalTreeParser(null, reader, commit.getTree());
                Map<String, ChangedFile> changes = new LinkedHashMap<>();
                for (DiffEntry entry : diff.scan(oldTree, newTree)) {
                    ChangedFile change = toChange(diff, entry);
                    if (change != null) {
                        changes.put(change.path(), change);
                    }
                }
                if (changes.isEmpty()) {
                    empty++;
                    continue;
                }
                if (changes.size() > options.maxFilesPerCommit()) {
                    large++;
                    LOG.debug("dropping commit {}: {} content files > {}", commit.name(), changes.size(),
                            options.maxFilesPerCommit());
                    continue;
                }
                PersonIdent committer = commit.getCommitterIdent();
                PersonIdent author = commit.getAuthorIdent();
                OffsetDateTime time = Instant.ofEpochSecond(commitTime).atOffset(committer.getZoneOffset());
                records.add(new UpdateHistoryRecord(commit.name(), Optional.of(commit.name()),
                        parent == null ? Optional.empty() : Optional.of(parent.name()), time,
                        Optional.ofNullable(author.getName()).filter(n -> !n.isBlank()), RecordSource.GIT,
                        List.copyOf(changes.values()), List.of(), List.of(), Map.of(), List.of()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mine git history of " + repo.getDirectory() + ": " + e.getMessage()
                    + GitRepositories.missingObjectHint(repo, e), e);
        }
        records.sort(java.util.Comparator.comparing(r -> r.time().toInstant()));
        LOG.info("mined {} transactions from {} commits ({} merges, {} without content files, {} larger than {}, {} at a"
                        + " shallow clone's boundary)", records.size(), seen, merges, empty, large,
                options.maxFilesPerCommit(), boundary);
        return new MiningResult(records, seen, merges, empty, large, boundary);
    }

    private ChangedFile toChange(DiffFormatter diff, DiffEntry entry) throws IOException {
        ChangeKind kind;
        String path;
        switch (entry.getChangeType()) {
            case ADD -> {
                kind = ChangeKind.ADDED;
                path = entry.getNewPath();
            }
            case DELETE -> {
                kind = ChangeKind.DELETED;
                path = entry.getOldPath();
            }
            case MODIFY -> {
                kind = ChangeKind.MODIFIED;
                path = entry.getNewPath();
            }
            default -> {
                // RENAME and COPY cannot occur with rename detection off; treat defensively as a modification.
                kind = ChangeKind.MODIFIED;
                path = entry.getNewPath();
            }
        }
        org.eclipse.jgit.lib.FileMode mode = kind == ChangeKind.DELETED ? entry.getOldMode() : entry.getNewMode();
        if (!GitTreeReader.isContentMode(mode) || !include.matcher(path).matches()) {
            return null;
        }
        if (kind == ChangeKind.MODIFIED && entry.getOldId().equals(entry.getNewId())) {
            return null;       // the mode changed (chmod +x), not the content
        }
        int added = 0;
        int deleted = 0;
        for (Edit edit : diff.toFileHeader(entry).toEditList()) {
            added += edit.getLengthB();
            deleted += edit.getLengthA();
        }
        return new ChangedFile(path, added, deleted, kind);
    }
}
