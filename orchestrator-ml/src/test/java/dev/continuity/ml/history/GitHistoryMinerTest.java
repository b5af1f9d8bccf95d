package dev.continuity.ml.history;

import dev.continuity.ml.git.GitTreeReader;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class GitHistoryMinerTest {

    @TempDir
    Path repoDir;

    private Git git;
    private long clock = Instant.parse("2024-03-01T10:00:00Z").getEpochSecond();

    @BeforeEach
    void init() throws Exception {
        git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call();
    }

    private RevCommit commit(String message, String author, Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = repoDir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            if (f.getValue() == null) {
                git.rm().addFilepattern(f.getKey()).call();
            } else {
                Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                git.add().addFilepattern(f.getKey()).call();
            }
        }
        clock += 3600;
        PersonIdent who = new PersonIdent(author, author + "@example.org", Instant.ofEpochSecond(clock),
                ZoneOffset.ofHours(9));
        return git.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
    }

    @Test
    void minesOneTransactionPerNonMergeCommitOfContentFiles() throws Exception {
        commit("start", "ann", Map.of("text/a.md", "one\ntwo\n", "text/b.md", "x\n", "README", "r\n"));
        commit("edit both", "bob", Map.of("text/a.md", "one\nTWO\nthree\n", "text/b.md", "y\n"));
        commit("readme only", "ann", Map.of("README", "r2\n"));
        // a side branch merged back: the merge commit is skipped, the branch commit is kept
        git.branchCreate().setName("side").call();
        git.checkout().setName("side").call();
        commit("side edit", "carol", Map.of("text/c.md", "c\n"));
        git.checkout().setName("main").call();
        commit("main edit", "ann", Map.of("text/a.md", "ONE\nTWO\nthree\n"));
        MergeResult merge = git.merge().include(git.getRepository().resolve("side")).setMessage("merge side").call();
        assertThat(merge.getMergeStatus().isSuccessful()).isTrue();
        // a bulk commit of 31 content files is dropped
        Map<String, String> bulk = new java.util.TreeMap<>();
        for (int i = 0; i < 31; i++) {
            bulk.put(String.format("text/bulk%02d.md", i), "v" + i + "\n");
        }
        commit("bulk", "dan", bulk);
        // a rename is a deletion plus an addition (no rename detection)
        Files.move(repoDir.resolve("text/b.md"), repoDir.resolve("text/b2.md"));
        git.rm().addFilepattern("text/b.md").call();
        commit("rename", "ann", Map.of("text/b2.md", "y\n"));

        GitHistoryMiner.MiningResult result = new GitHistoryMiner(GitMiningOptions.including("text/.*\\.md")).mine(repoDir);

        assertThat(result.mergesSkipped()).isEqualTo(1);
        assertThat(result.largeDropped()).isEqualTo(1);
        assertThat(result.emptySkipped()).isEqualTo(1);
        List<UpdateHistoryRecord> records = result.records();
        assertThat(records).extracting(r -> r.transactionFiles().stream().sorted().toList()).containsExactly(
                List.of("text/a.md", "text/b.md"),
                List.of("text/a.md", "text/b.md"),
                List.of("text/c.md"),
                List.of("text/a.md"),
                List.of("text/b.md", "text/b2.md"));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.source()).isEqualTo(RecordSource.GIT);
            assertThat(r.commit()).contains(r.id());
        });
        assertThat(records).isSortedAccordingTo((x, y) -> x.time().toInstant().compareTo(y.time().toInstant()));

        UpdateHistoryRecord edit = records.get(1);
        assertThat(edit.author()).contains("bob");
        assertThat(edit.time().getOffset()).isEqualTo(ZoneOffset.ofHours(9));
        assertThat(edit.parentCommit()).contains(records.get(0).id());
        Map<String, ChangedFile> changes = edit.changedFiles().stream()
                .collect(Collectors.toMap(ChangedFile::path, Function.identity()));
        assertThat(changes.get("text/a.md").linesAdded()).isEqualTo(2);   // TWO, three
        assertThat(changes.get("text/a.md").linesDeleted()).isEqualTo(1); // two
        assertThat(changes.get("text/b.md").magnitude()).isEqualTo(2);
        assertThat(records.get(0).parentCommit()).isEmpty();
        assertThat(records.get(0).changedFiles()).allSatisfy(c -> assertThat(c.kind()).isEqualTo(ChangeKind.ADDED));

        UpdateHistoryRecord rename = records.get(4);
        assertThat(rename.changedFiles()).extracting(ChangedFile::path, ChangedFile::kind).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("text/b.md", ChangeKind.DELETED),
                org.assertj.core.groups.Tuple.tuple("text/b2.md", ChangeKind.ADDED));
    }

    @Test
    void symbolicLinksSubmodulesAndModeChangesAreNoContent() throws Exception {
        commit("start", "ann", Map.of("text/a.md", "a\n", "text/b.md", "b\n"));
        // a symbolic link and a submodule (a gitlink: the id of a commit of another repository) whose paths match
        Files.createSymbolicLink(repoDir.resolve("text/link.md"), Path.of("a.md"));
        git.add().addFilepattern("text/link.md").call();
        org.eclipse.jgit.dircache.DirCache index = git.getRepository().lockDirCache();
        org.eclipse.jgit.dircache.DirCacheEditor editor = index.editor();
        editor.add(new org.eclipse.jgit.dircache.DirCacheEditor.PathEdit("text/sub.md") {
            @Override
            public void apply(org.eclipse.jgit.dircache.DirCacheEntry entry) {
                entry.setFileMode(org.eclipse.jgit.lib.FileMode.GITLINK);
                entry.setObjectId(org.eclipse.jgit.lib.ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
            }
        });
        editor.commit();
        RevCommit links = commit("link and submodule", "ann", Map.of("text/b.md", "b2\n"));
        // the mode alone changes
        Files.setPosixFilePermissions(repoDir.resolve("text/b.md"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        git.add().addFilepattern("text/b.md").call();
        commit("chmod", "ann", Map.of());
        // a file replaced by a symbolic link is deleted
        Files.delete(repoDir.resolve("text/a.md"));
        Files.createSymbolicLink(repoDir.resolve("text/a.md"), Path.of("b.md"));
        git.add().addFilepattern("text/a.md").call();
        commit("a becomes a link", "ann", Map.of("text/b.md", "b3\n"));

        GitHistoryMiner.MiningResult result = new GitHistoryMiner(GitMiningOptions.including("text/.*")).mine(repoDir);

        assertThat(result.records()).extracting(r -> r.changedFiles().stream().map(c -> c.path() + " " + c.kind()).sorted().toList())
                .containsExactly(
                        List.of("text/a.md ADDED", "text/b.md ADDED"),
                        List.of("text/b.md MODIFIED"),
                        List.of("text/a.md DELETED", "text/b.md MODIFIED"));
        assertThat(result.emptySkipped()).as("the chmod").isEqualTo(1);
        try (GitTreeReader reader = new GitTreeReader(git.getRepository(), GitMiningOptions.including("text/.*"))) {
            Map<String, org.eclipse.jgit.lib.ObjectId> files = reader.contentFilesAt(links.name());
            assertThat(files).containsOnlyKeys("text/a.md", "text/b.md");
            files.values().forEach(reader::read);      // every one is a blob of this repository
        }
    }

    @Test
    void treeReaderListsTheContentFilesOfACommit() throws Exception {
        RevCommit first = commit("start", "ann", Map.of("text/a.md", "[b](b.md)\n", "text/b.md", "x\n", "README", "r\n"));
        commit("more", "ann", Map.of("text/c.md", "c\n"));
        try (GitTreeReader reader = new GitTreeReader(git.getRepository(), GitMiningOptions.including("text/.*"))) {
            assertThat(reader.contentFilesAt(first.name())).containsOnlyKeys("text/a.md", "text/b.md");
            assertThat(new String(reader.read(reader.contentFilesAt(first.name()).get("text/a.md")),
                    StandardCharsets.UTF_8)).isEqualTo("[b](b.md)\n");
        }
    }

    @Test
    void aWorkTreeWhoseDotGitIsAFileIsMined(@TempDir Path other) throws Exception {
        commit("start", "ann", Map.of("text/a.md", "a\n", "text/b.md", "b\n"));
        commit("more", "ann", Map.of("text/a.md", "a2\n", "text/b.md", "b2\n"));
        // a linked work tree as `git worktree add ../wt -b wt HEAD~1` leaves it: its .git is a file naming its own git
        // directory, which names the repository's (commondir)
        git.branchCreate().setName("wt").setStartPoint("HEAD~1").call();
        Path admin = repoDir.resolve(".git/worktrees/wt");
        Path wt = other.resolve("wt");
        Files.createDirectories(admin);
        Files.createDirectories(wt);
        Files.writeString(admin.resolve("HEAD"), "ref: refs/heads/wt\n");
        Files.writeString(admin.resolve("commondir"), "../..\n");
        Files.writeString(admin.resolve("gitdir"), wt.resolve(".git") + "\n");
        Files.writeString(wt.resolve(".git"), "gitdir: " + admin + "\n");
        // a clone made with --separate-git-dir (or a submodule's checkout): .git names the git directory elsewhere
        Path separate = other.resolve("separate");
        Files.createDirectories(separate);
        Files.writeString(separate.resolve(".git"), "gitdir: " + repoDir.resolve(".git") + "\n");

        GitHistoryMiner miner = new GitHistoryMiner(GitMiningOptions.including("text/.*"));
        assertThat(miner.mine(wt).records()).as("the work tree's HEAD, one commit behind").hasSize(1);
        assertThat(miner.mine(separate).records()).hasSize(2);
    }

    @Test
    void theBoundaryOfAShallowCloneIsNoTransaction() throws Exception {
        commit("start", "ann", Map.of("text/a.md", "a\n", "text/b.md", "b\n", "text/c.md", "c\n"));
        RevCommit boundary = commit("edit a", "ann", Map.of("text/a.md", "a2\n"));
        RevCommit last = commit("edit a and b", "bob", Map.of("text/a.md", "a3\n", "text/b.md", "b2\n"));
        // what `git clone --depth 2` leaves: the oldest commit fetched is listed in .git/shallow, its parents are not there
        Files.writeString(repoDir.resolve(".git/shallow"), boundary.name() + "\n");

        GitHistoryMiner.MiningResult result = new GitHistoryMiner(GitMiningOptions.including("text/.*")).mine(repoDir);

        assertThat(result.records()).as("not the boundary as a commit that added every file")
                .extracting(UpdateHistoryRecord::id).containsExactly(last.name());
        assertThat(result.commitsSeen()).isEqualTo(2);
        assertThat(result.shallowSkipped()).isEqualTo(1);
    }

    @Test
    void aCommitDatedBeforeItsParentComesAfterItAtItsParentsTime() throws Exception {
        RevCommit first = commit("start", "ann", Map.of("text/a.md", "a\n", "text/b.md", "b\n"));
        // a skewed clock: the next two commits are dated two days and one day before their parents
        clock -= 3 * 86_400;
        RevCommit skewed = commit("skewed", "ann", Map.of("text/a.md", "a2\n", "text/b.md", "b2\n"));
        clock += 86_400 - 3600;
        RevCommit skewedToo = commit("skewed too", "ann", Map.of("text/b.md", "b3\n"));
        clock += 5 * 86_400;
        RevCommit later = commit("later", "ann", Map.of("text/a.md", "a3\n"));

        List<UpdateHistoryRecord> records = new GitHistoryMiner(GitMiningOptions.including("text/.*")).mine(repoDir).records();

        assertThat(records).extracting(UpdateHistoryRecord::id)
                .containsExactly(first.name(), skewed.name(), skewedToo.name(), later.name());
        assertThat(records.get(1).time().toInstant()).as("its parent's time").isEqualTo(records.get(0).time().toInstant());
        assertThat(records.get(2).time().toInstant()).isEqualTo(records.get(0).time().toInstant());
        assertThat(records.get(3).time().toInstant()).isEqualTo(Instant.ofEpochSecond(later.getCommitTime()));
        assertThat(records.get(1).time().getOffset()).isEqualTo(ZoneOffset.ofHours(9));
    }

    @Test
    void aCommitDatedYearsAheadGetsItsParentsTimeAndLeavesLaterCommitsTheirOwn() throws Exception {
        RevCommit first = commit("start", "ann", Map.of("text/a.md", "a\n", "text/b.md", "b\n"));
        long real = clock;
        clock += 50L * 365 * 86_400;          // a machine whose clock was set fifty years ahead
        commit("from the wrong clock", "bob", Map.of("text/a.md", "a2\n"));
        clock = real;
        RevCommit next = commit("next", "ann", Map.of("text/b.md", "b2\n"));
        RevCommit last = commit("last", "ann", Map.of("text/a.md", "a3\n"));
        java.time.InstantSource now = java.time.InstantSource.fixed(Instant.ofEpochSecond(clock).plusSeconds(86_400));

        List<UpdateHistoryRecord> records = new GitHistoryMiner(GitMiningOptions.including("text/.*"), "", now)
                .mine(repoDir).records();

        assertThat(records).extracting(r -> r.time().toInstant()).containsExactly(
                Instant.ofEpochSecond(first.getCommitTime()), Instant.ofEpochSecond(first.getCommitTime()),
                Instant.ofEpochSecond(next.getCommitTime()), Instant.ofEpochSecond(last.getCommitTime()));
        assertThat(new GitHistoryMiner(GitMiningOptions.including("text/.*")).mine(repoDir).records().get(3).time()
                .getYear()).as("the system clock: the commit is years ahead of it too").isLessThan(2070);
    }

    @Test
    void minedSinceAnEarlierHeadOnlyTheNewCommitsAreMinedAsAWholeRunMinesThem() throws Exception {
        commit("start", "ann", Map.of("text/a.md", "a\n", "text/b.md", "b\n"));
        RevCommit minedHead = commit("edit", "ann", Map.of("text/a.md", "a2\n"));
        // after that run: a commit dated a day before its parent, then a side branch merged back
        clock -= 86_400;
        RevCommit skewed = commit("skewed", "bob", Map.of("text/b.md", "b2\n"));
        git.branchCreate().setName("side").call();
        git.checkout().setName("side").call();
        RevCommit side = commit("side", "carol", Map.of("text/c.md", "c\n"));
        git.checkout().setName("main").call();
        RevCommit main = commit("main", "ann", Map.of("text/a.md", "a3\n"));
        git.merge().include(side).setMessage("merge").call();
        GitHistoryMiner miner = new GitHistoryMiner(GitMiningOptions.including("text/.*"));

        GitHistoryMiner.MiningResult since = miner.mineSince(repoDir, minedHead.name());

        Map<String, UpdateHistoryRecord> whole = miner.mine(repoDir).records().stream()
                .collect(Collectors.toMap(UpdateHistoryRecord::id, Function.identity()));
        assertThat(since.records()).extracting(UpdateHistoryRecord::id)
                .containsExactlyInAnyOrder(skewed.name(), side.name(), main.name());
        assertThat(since.records()).as("the same records, corrected times included")
                .allSatisfy(r -> assertThat(r).isEqualTo(whole.get(r.id())));
        assertThat(since.mergesSkipped()).isEqualTo(1);
    }

    @Test
    void minedSinceACommitTheRepositoryNoLongerHasTheWholeHistoryIsMined() throws Exception {
        commit("start", "ann", Map.of("text/a.md", "a\n"));
        commit("edit", "ann", Map.of("text/a.md", "a2\n"));
        GitHistoryMiner miner = new GitHistoryMiner(GitMiningOptions.including("text/.*"));

        assertThat(miner.mineSince(repoDir, "0123456789012345678901234567890123456789").records()).hasSize(2);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> miner.mineSince(repoDir, "HEAD~1")).withMessageContaining("HEAD~1");
    }

    @Test
    void anEmptyRepositoryGivesNoRecords() throws IOException {
        assertThat(new GitHistoryMiner(GitMiningOptions.including(".*")).mine(repoDir).records()).isEmpty();
    }

    @Test
    void aHeadThatIsNoCommitIsAnErrorNotAnEmptyHistory() throws Exception {
        commit("start", "ann", Map.of("text/a.md", "a\n"));
        Files.writeString(repoDir.resolve(".git/HEAD"), "garbage\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new GitHistoryMiner(GitMiningOptions.including(".*")).mine(repoDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".git: HEAD does not resolve to a commit");
    }

    @Test
    void missingObjectsAreAnErrorThatSaysWhichIsMissing() throws Exception {
        commit("start", "ann", Map.of("text/a.md", "a\n"));
        commit("more", "ann", Map.of("text/a.md", "b\n"));
        git.gc().call();
        try (var packs = Files.newDirectoryStream(repoDir.resolve(".git/objects/pack"), "*.pack")) {
            for (Path pack : packs) {
                Files.delete(pack);
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new GitHistoryMiner(GitMiningOptions.including(".*")).mine(repoDir))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("cannot mine git history of " + repoDir.resolve(".git") + ": Missing");
    }

    @Test
    void aBlobLeftOutOfAPartialCloneIsAnErrorThatSaysSo() throws Exception {
        commit("start", "ann", Map.of("text/a.md", "a\n"));
        commit("more", "ann", Map.of("text/a.md", "b\n"));
        // what `git clone --filter=blob:none` leaves: the remote is a promisor, an old blob is not there
        org.eclipse.jgit.lib.StoredConfig config = git.getRepository().getConfig();
        config.setString("remote", "origin", "url", "https://example.org/novel.git");
        config.setBoolean("remote", "origin", "promisor", true);
        config.save();
        String blob = new org.eclipse.jgit.lib.ObjectInserter.Formatter()
                .idFor(org.eclipse.jgit.lib.Constants.OBJ_BLOB, "a\n".getBytes(StandardCharsets.UTF_8)).name();
        Files.delete(repoDir.resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2)));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new GitHistoryMiner(GitMiningOptions.including(".*")).mine(repoDir))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("Missing blob " + blob)
                .hasMessageContaining("the repository is a partial clone, made with --filter");
    }
}
