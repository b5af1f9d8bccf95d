package dev.continuity.ml;

import dev.continuity.ml.features.EditEvidence;
import dev.continuity.ml.features.EditSource;
import dev.continuity.ml.history.ChangeKind;
import dev.continuity.ml.history.ChangedFile;
import dev.continuity.ml.history.GitHistoryMiner;
import dev.continuity.ml.history.GitMiningOptions;
import dev.continuity.ml.history.UpdateHistoryRecord;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The edit evidence of a project on disk: HEAD against the working file, the rename context, and mined commits. */
class ProjectEditsTest {

    @TempDir
    Path dir;

    private void write(String file, String text) throws Exception {
        Files.createDirectories(dir.resolve(file).getParent());
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }

    @Test
    void theAuthorOfAChangeIsTheRepositorysGitUserAndNoneOutsideARepository() throws Exception {
        assertThat(new ProjectEdits(dir, ".*").gitUser()).isEmpty();
        try (Git git = Git.init().setDirectory(dir.resolve("novel").toFile()).setInitialBranch("main").call()) {
            var config = git.getRepository().getConfig();
            config.setString("user", null, "name", "ann");
            config.save();
            assertThat(new ProjectEdits(dir.resolve("novel"), ".*").gitUser()).contains("ann");
        }
    }

    @Test
    void theWorkingChangeAgainstHeadAndTheFilesThatStillHoldTheOldText() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("story/a.md", "老いた導師は言った。導師よ。\n");
            write("story/b.md", "導師の杖。\n");
            write("story/c.md", "別の話。\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("ann", "ann@example.org", Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("start").setAuthor(who).setCommitter(who).call();
            write("story/a.md", "老いた老師は言った。老師よ。\n");

            ProjectEdits edits = new ProjectEdits(dir, ".*\\.md");
            EditEvidence e = edits.current(List.of("story/a.md"), Optional.empty(), List.of("story/b.md", "story/c.md"));
            assertThat(e.vanishedTerms().get("story/a.md")).contains("導師");
            assertThat(e.sweptTerms().get("story/a.md")).containsEntry("導師", 2).doesNotContainKey("言っ");
            assertThat(e.content().termsOf("story/b.md")).contains("導師");
            assertThat(e.content().termsOf("story/c.md")).doesNotContain("導師");
            assertThat(e.content().documentFrequency("導師")).isEqualTo(1);

            // a second prediction after b changed on disk sees b's new text
            write("story/b.md", "老師の杖、長いもの。\n");
            EditEvidence again = edits.current(List.of("story/a.md"), Optional.empty(), List.of("story/b.md", "story/c.md"));
            assertThat(again.content().termsOf("story/b.md")).doesNotContain("導師");

            git.add().addFilepattern(".").call();
            git.commit().setMessage("rename").setAuthor(who).setCommitter(who).call();
            List<UpdateHistoryRecord> mined = new GitHistoryMiner(GitMiningOptions.including(".*\\.md")).mine(dir).records();
            UpdateHistoryRecord rename = mined.stream().filter(r -> r.parentCommit().isPresent()).findFirst().orElseThrow();
            try (EditSource source = edits.history()) {
                assertThat(source.editsOf(rename).vanishedTerms().get("story/a.md")).contains("導師");
                assertThat(source.editsOf(rename).sweptTerms().get("story/a.md")).containsEntry("導師", 2);
            }
        }
    }

    @Test
    void withoutGitTheRenameContextStillSaysWhatVanished() throws Exception {
        write("a.md", "Sir Roderick rides.\n");
        write("b.md", "Roderick sleeps.\n");
        ProjectEdits edits = new ProjectEdits(dir, ".*\\.md");
        assertThat(edits.current(List.of("a.md"), Optional.empty(), List.of("b.md"))).isEqualTo(EditEvidence.none());
        EditEvidence e = edits.current(List.of("a.md"), Optional.of("Roderick"), List.of("b.md"));
        assertThat(e.vanishedTerms().get("a.md")).containsExactly("Roderick");
        assertThat(e.content().termsOf("b.md")).contains("Roderick");
        try (EditSource none = edits.history()) {
            assertThat(none.editsOf(UpdateHistoryRecord.ofChange("x", java.time.OffsetDateTime.now(ZoneOffset.UTC),
                    Optional.empty(), List.of()))).isEqualTo(EditEvidence.none());
        }
    }

    @Test
    void theChangedFilesCarryTheirLinesAddedAndDeletedSinceHeadAsGitCountsThem() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("a.md", "one\ntwo\nthree\nfour\n");
            write("gone.md", "x\ny\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("ann", "ann@example.org", Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("start").setAuthor(who).setCommitter(who).call();
            write("a.md", "one\nTWO\nthree\nfour\nfive\nsix\n");
            write("new.md", "n1\nn2\nn3\n");
            Files.delete(dir.resolve("gone.md"));

            List<ChangedFile> changes = new ProjectEdits(dir, ".*\\.md").changes(List.of("a.md", "new.md", "gone.md"));
            assertThat(changes).containsExactly(new ChangedFile("a.md", 3, 1, ChangeKind.MODIFIED),
                    new ChangedFile("new.md", 3, 0, ChangeKind.ADDED), new ChangedFile("gone.md", 0, 2, ChangeKind.DELETED));
        }
    }

    @Test
    void withoutARepositoryAChangeHasNoKnownSize() throws Exception {
        write("a.md", "one\n");
        assertThat(new ProjectEdits(dir, ".*").changes(List.of("a.md"))).containsExactly(ChangedFile.modified("a.md"));
    }

    @Test
    void aLinkedWorkTreeAndASubfolderOfARepositoryAreFoundWithTheProjectsPlaceInIt() throws Exception {
        Path main = dir.resolve("main");
        try (Git git = Git.init().setDirectory(main.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(main.resolve("book"));
            Files.writeString(main.resolve("book/a.md"), "text\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("ann", "ann@example.org", Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("start").setAuthor(who).setCommitter(who).call();
        }
        File gitDir = main.resolve(".git").toFile().getCanonicalFile();
        ProjectEdits.GitLocation top = ProjectEdits.locate(main).orElseThrow();
        assertThat(top.gitDir().getCanonicalFile()).isEqualTo(gitDir);
        assertThat(top.prefix()).isEmpty();
        assertThat(ProjectEdits.locate(main.resolve("book"))).hasValueSatisfying(l -> assertThat(l.prefix()).isEqualTo("book/"));
        assertThat(ProjectEdits.locate(dir)).isEmpty();

        // a linked work tree, as `git worktree add` makes it: .git is a file naming the work tree's git directory
        Path admin = main.resolve(".git/worktrees/wt");
        Path wt = dir.resolve("wt");
        Files.createDirectories(admin);
        Files.createDirectories(wt);
        Files.writeString(admin.resolve("commondir"), "../..\n");
        Files.writeString(admin.resolve("gitdir"), wt.resolve(".git") + "\n");
        Files.writeString(admin.resolve("HEAD"), Files.readString(main.resolve(".git/HEAD")));
        Files.writeString(wt.resolve(".git"), "gitdir: " + admin + "\n");
        assertThat(ProjectEdits.locate(wt)).hasValueSatisfying(l -> assertThat(l.prefix()).isEmpty());

        // a clone made with --separate-git-dir: .git is a file naming a git directory that is not inside its work tree
        Path separate = dir.resolve("separate");
        Files.createDirectories(separate.resolve("book"));
        Files.move(main.resolve(".git"), dir.resolve("separate.git"));
        Files.writeString(separate.resolve(".git"), "gitdir: " + dir.resolve("separate.git") + "\n");
        Path separateGitDir = dir.resolve("separate.git").toRealPath();
        assertThat(ProjectEdits.locate(separate)).hasValueSatisfying(l -> {
            assertThat(l.prefix()).as("the project is the top of its work tree, not a folder 'separate/' of another").isEmpty();
            assertThat(l.gitDir().toPath()).isEqualTo(separateGitDir);
        });
        assertThat(ProjectEdits.locate(separate.resolve("book"))).hasValueSatisfying(l -> assertThat(l.prefix()).isEqualTo("book/"));
    }

    @Test
    void aProjectInASubfolderSeesItsOwnPathsInHeadTextsSizesAndMinedEvidence() throws Exception {
        Path repo = dir.resolve("repo");
        Path project = repo.resolve("books/saga");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(project.resolve("story"));
            Files.writeString(project.resolve("story/a.md"), "老いた導師は言った。導師よ。\n");
            Files.writeString(project.resolve("story/b.md"), "導師の杖。\n");
            Files.writeString(repo.resolve("README.md"), "導師 outside the project\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("ann", "ann@example.org", Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("start").setAuthor(who).setCommitter(who).call();
            Files.writeString(project.resolve("story/a.md"), "老いた老師は言った。老師よ。\n");
            Files.writeString(repo.resolve("README.md"), "changed outside\n");
            git.add().addFilepattern(".").call();
            PersonIdent later = new PersonIdent("ann", "ann@example.org", Instant.parse("2026-01-02T00:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("rename").setAuthor(later).setCommitter(later).call();
            Files.writeString(project.resolve("story/b.md"), "導師の杖、長い。\n");
        }
        ProjectEdits edits = new ProjectEdits(project, ".*\\.md");
        assertThat(edits.changes(List.of("story/b.md"))).containsExactly(new ChangedFile("story/b.md", 1, 1, ChangeKind.MODIFIED));

        ProjectEdits.GitLocation at = ProjectEdits.locate(project).orElseThrow();
        List<UpdateHistoryRecord> mined = new GitHistoryMiner(GitMiningOptions.including(at.repoInclude(".*\\.md")), at.prefix())
                .mine(at.gitDir().toPath()).records().stream().map(at::toProject).toList();
        assertThat(mined).extracting(r -> r.changedFiles().stream().map(ChangedFile::path).toList())
                .as("the project's paths; the README outside it is not mined")
                .containsExactly(List.of("story/a.md", "story/b.md"), List.of("story/a.md"));
        try (EditSource source = edits.history()) {
            EditEvidence e = source.editsOf(mined.get(1));
            assertThat(e.vanishedTerms().get("story/a.md")).contains("導師");
            assertThat(e.content().termsOf("story/b.md")).contains("導師");
            assertThat(e.content().documentCount()).as("the project's files only").isEqualTo(2);
        }
    }

    @Test
    void aCheckoutWithCrlfLineEndsCountsTheLinesGitCounts() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("story/a.md", "one\ntwo\nthree\n");
            write("story/b.md", "one\r\ntwo\r\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("ann", "ann@example.org", Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            git.commit().setMessage("start").setAuthor(who).setCommitter(who).call();
            // core.autocrlf or eol=crlf checks the file out with CRLF; the writer adds a line
            write("story/a.md", "one\r\ntwo\r\nthree\r\nfour\r\n");
            // a file stored with CRLF keeps them: one line changed
            write("story/b.md", "one\r\nTWO\r\n");

            assertThat(new ProjectEdits(dir, ".*\\.md").changes(List.of("story/a.md", "story/b.md"))).containsExactly(
                    new ChangedFile("story/a.md", 1, 0, ChangeKind.MODIFIED),
                    new ChangedFile("story/b.md", 1, 1, ChangeKind.MODIFIED));
        }
    }
}
