package dev.continuity.examples.cli;

import dev.continuity.core.tx.ProjectTransaction;
import dev.continuity.core.tx.TransactionOptions;
import dev.continuity.examples.CliRunner;
import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Each outcome has its own exit code, as every command's {@code --help} and docs/cli.md list them. */
class CliExitCodeTest {
    @TempDir
    Path dir;

    @Test
    void aProjectLockedByAnotherRunIsBusyNotAFailedUpdate() {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        try (ProjectTransaction other = ProjectTransaction.begin(p, "exec-other", TransactionOptions.defaults())) {
            CliRunner run = CliRunner.run("run", p.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5");
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ContinuityCli.BUSY).isEqualTo(4);
            assertThat(run.err()).contains("continuity: error:").contains("locked").contains("exec-other");
        }
        assertThat(CliRunner.run("run", p.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5", "-q").exitCode()).isZero();
    }

    @Test
    void inputErrorsAreBadInput() throws Exception {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("p"));
        CliRunner nope = CliRunner.run("eval-impact", "--git", dir.resolve("nope").toString(), "--include", ".*");
        assertThat(nope.exitCode()).as(nope.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(nope.err()).contains("does not exist");
        CliRunner notGit = CliRunner.run("eval-impact", "--git", p.toString(), "--include", ".*");
        assertThat(notGit.exitCode()).as(notGit.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(notGit.err()).contains("is not a git repository");
        Files.writeString(dir.resolve("file"), "x");
        assertThat(CliRunner.run("eval-impact", "--git", dir.resolve("file").toString(), "--include", ".*").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("eval-impact", "--include", ".*").exitCode()).isEqualTo(2);
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(dir.resolve("short").toFile())
                .setInitialBranch("main").call()) {
            Files.writeString(dir.resolve("short/a.md"), "one commit");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("only").setSign(false).call();
        }
        CliRunner tooShort = CliRunner.run("eval-impact", "--git", dir.resolve("short").toString(), "--include", ".*");
        assertThat(tooShort.exitCode()).as(tooShort.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(tooShort.err()).contains("1 transaction(s) to evaluate, at least 8 needed");

        Files.writeString(dir.resolve("b.stg"), "garbage\n");
        CliRunner stg = CliRunner.run("schedule-stg", dir.resolve("b.stg").toString(), "--procs", "2");
        assertThat(stg.exitCode()).as(stg.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(stg.err().strip()).startsWith("continuity: error: ").contains("b.stg:1:").doesNotContain("\n");

        CliRunner unknown = CliRunner.run("resume", p.toString(), "exec-unknown");
        assertThat(unknown.exitCode()).as(unknown.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(CliRunner.run("rollback", p.toString(), "exec-unknown").exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
    }

    @Test
    void anIncompleteOrEmptyExplicitRenameIsBadInputAndAnUnusedOldNameIsWarnedAbout() {
        Path p = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir);
        String def = "30_設定集/キャラクター/導師.yaml";
        CliRunner fromOnly = CliRunner.run("run", p.toString(), "--changed", def, "--context", "rename.from=エルダ", "--dry-run");
        assertThat(fromOnly.exitCode()).as(fromOnly.out() + fromOnly.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(fromOnly.err().lines()).singleElement().asString().startsWith("continuity: error:").contains("rename.from")
                .contains("rename.to");
        CliRunner toOnly = CliRunner.run("impact", p.toString(), "--changed", def, "--context", "rename.to=エルデ");
        assertThat(toOnly.exitCode()).as(toOnly.out() + toOnly.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(toOnly.err()).contains("rename.to").contains("rename.from");
        CliRunner same = CliRunner.run("run", p.toString(), "--changed", def, "--context", "rename.from=エルダ", "--context", "rename.to=エルダ",
                "--dry-run");
        assertThat(same.exitCode()).as(same.out() + same.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(same.err().lines()).singleElement().asString().contains("rename.from").contains("rename.to").contains("'エルダ'");
        assertThat(same.out()).doesNotContain("renamed");

        CliRunner unused = CliRunner.run("run", p.toString(), "--changed", def, "--context", "rename.from=誰でもない",
                "--context", "rename.to=誰か", "--dry-run");
        assertThat(unused.exitCode()).as(unused.out() + unused.err()).isZero();
        assertThat(unused.err()).contains("continuity: warning: rename.from '誰でもない' is used by no file");
        CliRunner impact = CliRunner.run("impact", p.toString(), "--changed", def, "--context", "rename.from=誰でもない",
                "--context", "rename.to=誰か");
        assertThat(impact.exitCode()).isZero();
        assertThat(impact.out()).contains("rename.from '誰でもない' is used by no file");
    }

    @Test
    void everyCommandsHelpListsTheExitCodes() {
        for (String command : new String[] {"run", "scan", "resume"}) {
            CliRunner help = CliRunner.run(command, "--help");
            assertThat(help.out()).as(command).contains("Exit codes:").contains("4   busy");
        }
    }

    @Test
    void evalImpactsHelpListsItsOwnExitCodesAndShowsTheRepositoryOptionsAsRequired() {
        String help = CliRunner.run("eval-impact", "--help").out();
        assertThat(help).contains("Exit codes:").contains("1   the evaluation failed").contains("2   bad input")
                .doesNotContain("rolled back").doesNotContain("busy");
        assertThat(help).contains("(--git=REPO --include=REGEX)").doesNotContain("[--git").doesNotContain("[--include")
                .doesNotContain("((").doesNotContain("--synthetic");
        CliRunner none = CliRunner.run("eval-impact");
        assertThat(none.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(none.err()).contains("continuity: error: Missing required argument: (--git=REPO --include=REGEX)")
                .doesNotContain("Error:");
        CliRunner noInclude = CliRunner.run("eval-impact", "--git", "r");
        assertThat(noInclude.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(noInclude.err()).contains("--include=REGEX");
        assertThat(CliRunner.run("eval-impact", "--synthetic", "3:40:120", "--quiet", "--json").exitCode()).isZero();
        assertThat(CliRunner.run("eval-impact", "--git", "r", "--include", ".*", "--synthetic", "3:40:120").err())
                .contains("--synthetic cannot be combined with --git and --include");
    }
}
