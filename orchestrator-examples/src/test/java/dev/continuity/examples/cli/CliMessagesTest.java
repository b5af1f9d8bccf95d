package dev.continuity.examples.cli;

import dev.continuity.examples.CliRunner;
import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the command line says matches what it does and what docs/cli.md says. */
class CliMessagesTest {
    @TempDir
    Path dir;

    @Test
    void aHeapTooSmallForTheProjectIsOneLineSayingHowToGiveMoreNotAStackTrace() {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ContinuityCli.outOfMemory(err, "run", "/p", "--changed", "x.md")).isEqualTo(ContinuityCli.INTERNAL).isEqualTo(3);
        String run = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(run).startsWith("continuity: error: the Java heap (").contains("MB) is too small for this project")
                .containsPattern("CONTINUITY_JAVA_OPTS=-Xmx\\d+g \\./continuity run \\.\\.\\.").contains("'continuity status PROJECT'");
        assertThat(run.strip()).doesNotContain("\n");
        buffer.reset();
        ContinuityCli.outOfMemory(err, "report", "/p", "--format", "html");
        assertThat(buffer.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("./continuity report ...").doesNotContain("status");
    }

    @Test
    void anEtaBelowATenthOfASecondIsShownInMillisecondsNotAsZero() {
        assertThat(LiveProgress.eta(0.04)).isEqualTo("40 ms");
        assertThat(LiveProgress.eta(0.0001)).isEqualTo("1 ms");
        assertThat(LiveProgress.eta(0)).isEqualTo("0.0 s");
        assertThat(LiveProgress.eta(2.25)).isEqualTo("2.3 s");
    }

    @Test
    void scanNamesAnUnresolvedReferenceAndRunSaysWhatItLearned() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("typo"));
        Path chapter = p.resolve("chapters/chapter-03.md");
        java.nio.file.Files.writeString(chapter, java.nio.file.Files.readString(chapter).replace("pov: Tobias Wren", "pov: Tobais Wren"));
        CliRunner scan = CliRunner.run("scan", p.toString());
        assertThat(scan.out()).contains("unresolved chapters/chapter-03.md:5 'Tobais Wren'");

        CliRunner run = CliRunner.run("run", p.toString(), "--changed", "chapters/chapter-03.md");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  learned: step estimates of '");

        Path quiet = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("no-learning"));
        CliRunner unlearned = CliRunner.run("run", quiet.toString(), "--changed", "chapters/chapter-03.md", "--no-learning");
        assertThat(unlearned.exitCode()).as(unlearned.err()).isZero();
        assertThat(unlearned.out()).doesNotContain("learned:");
        assertThat(quiet.resolve(".continuity/estimates.json")).doesNotExist();
    }

    @Test
    void scanChecksTheHealingSectionAsRunDoes() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("healing-typo"));
        java.nio.file.Files.writeString(p.resolve("continuity.yaml"), "\nhealing:\n  policy: { manuscript: true }\n",
                java.nio.file.StandardOpenOption.APPEND);
        CliRunner scan = CliRunner.run("scan", p.toString());
        assertThat(scan.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(scan.err()).contains("continuity.yaml").contains("unknown key 'healing.policy.manuscript'");
    }

    @Test
    void aDamagedJournalSaysWhatToDo() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("damaged"));
        java.nio.file.Files.createDirectories(p.resolve(".continuity/tx"));
        java.nio.file.Files.writeString(p.resolve(".continuity/tx/journal"), "garbage");
        CliRunner status = CliRunner.run("status", p.toString());
        assertThat(status.exitCode()).isEqualTo(ContinuityCli.FAILED);
        assertThat(status.err()).contains(".continuity/tx/journal is damaged").contains("Nothing was changed")
                .contains("move the journal out of .continuity/tx/");
    }

    @Test
    void theModelIsAcceptedInEitherSpellingAndAnyCase() {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        for (String model : new String[] {"random-forest", "random_forest", "Random-Forest", "ENSEMBLE", "graph"}) {
            CliRunner impact = CliRunner.run("impact", p.toString(), "--changed", "plot/outline.yaml", "--model", model, "-q");
            assertThat(impact.exitCode()).as(model + ": " + impact.err()).isZero();
        }
        CliRunner bad = CliRunner.run("impact", p.toString(), "--changed", "plot/outline.yaml", "--model", "forest");
        assertThat(bad.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(bad.err()).contains("'forest' is not a model: graph, logistic, random-forest, ensemble or auto");
        assertThat(new ModelNames.EvalModel().convert("Random_Forest")).isEqualTo("random-forest");
        assertThat(new ModelNames.UpdateModel().convert("random-forest")).isEqualTo("random_forest");
        assertThat(CliRunner.run("eval-impact", "--git", "x", "--include", ".*", "--model", "forest").exitCode()).isEqualTo(2);
    }

    @Test
    void evalImpactsHelpListsEveryOptionOfTheDocsAndNoDeveloperPath() throws IOException {
        String help = CliRunner.run("eval-impact", "--help").out();
        for (String option : new String[] {"--git", "--include", "--test-fraction", "--predictions", "--json", "--dev", "--dev-fraction",
                "--retrain-days", "--retrain-transactions", "--model", "--seed", "--no-links", "--quiet"}) {
            assertThat(help).as(option).contains(option);
        }
        assertThat(help).doesNotContain("shared/data").contains("random-forest");
        String row = Files.readAllLines(docs().resolve("cli.md")).stream().filter(l -> l.startsWith("| `eval-impact")).findFirst().orElseThrow();
        java.util.regex.Matcher options = java.util.regex.Pattern.compile("--[a-z-]+").matcher(row.substring(0, row.indexOf("` |")));
        while (options.find()) {
            assertThat(help).as("cli.md lists " + options.group()).contains(options.group());
        }
    }

    @Test
    void theRunSynopsisOfTheDocsNamesEveryOptionOfRun() throws IOException {
        String help = CliRunner.run("run", "--help").out();
        String row = Files.readAllLines(docs().resolve("cli.md")).stream().filter(l -> l.startsWith("| `run PROJECT")).findFirst().orElseThrow();
        for (String option : new String[] {"--type", "--mode", "--context", "--threshold", "--model", "--commit-policy", "--dry-run", "--json"}) {
            assertThat(help).contains(option);
            assertThat(row).as("cli.md's run synopsis").contains(option);
        }
    }

    @Test
    void everyCommandsRowInTheDocsNamesEveryOptionOfTheCommand() throws IOException {
        List<String> lines = Files.readAllLines(docs().resolve("cli.md"));
        // taken by every command that takes a project, and described once below the table
        Set<String> projectOptions = Set.of("--config", "--workers", "--json", "--quiet", "--help", "--version");
        picocli.CommandLine cli = new picocli.CommandLine(new ContinuityCli());
        for (var command : cli.getSubcommands().entrySet()) {
            if (command.getKey().equals("help")) {
                continue;
            }
            String row = lines.stream().filter(l -> l.startsWith("| `" + command.getKey() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("cli.md has no row for " + command.getKey()));
            String synopsis = row.substring(0, row.indexOf("` |"));
            for (picocli.CommandLine.Model.OptionSpec option : command.getValue().getCommandSpec().options()) {
                if (option.hidden() || projectOptions.contains(option.longestName())) {
                    continue;
                }
                assertThat(synopsis).as("cli.md's synopsis of " + command.getKey()).contains(option.longestName());
            }
        }
    }

    @Test
    void messagesSayWhatIsReallyWrong() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("p"));
        CliRunner context = CliRunner.run("impact", p.toString(), "--changed", "plot/outline.yaml", "--context", "foo");
        assertThat(context.exitCode()).isEqualTo(2);
        assertThat(context.err()).contains("option '--context'").doesNotContain("option option");

        Path file = p.resolve("plot/outline.yaml");
        CliRunner scanFile = CliRunner.run("scan", file.toString());
        assertThat(scanFile.exitCode()).isEqualTo(2);
        assertThat(scanFile.err()).contains("is a file, not a project folder").doesNotContain("does not exist");
        assertThat(CliRunner.run("report", file.toString()).err()).contains("is a file, not a project folder");

        // the project folder written after --changed, which takes every word after it
        CliRunner last = CliRunner.run("run", "--changed", "plot/outline.yaml", p.toString());
        assertThat(last.exitCode()).isEqualTo(2);
        assertThat(last.err()).contains("Missing required parameter: 'PROJECT'", "put PROJECT first (continuity run PROJECT --changed FILE...)");
        assertThat(CliRunner.run("run").err()).doesNotContain("--changed takes every word");
    }

    @Test
    void theHintForAnUnknownOrMissingCommandNamesTheProgramOnceAndTheListHasEveryCommand() {
        for (String[] args : new String[][] {{"bogus"}, {"help", "bogus"}, {}}) {
            CliRunner r = CliRunner.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).contains("Try 'continuity --help'.").doesNotContain("continuity continuity");
        }
        String required = CliRunner.run().err().lines().findFirst().orElseThrow();
        assertThat(required).startsWith("continuity: error: a command is required: scan, impact, ");
        for (String command : new String[] {"scan", "impact", "plan", "run", "heal", "status", "resume", "rollback", "dead-letters", "report", "demo",
                "schedule-stg", "eval-impact", "help"}) {
            assertThat(required).contains(" " + command);
        }
        assertThat(required).endsWith(" or help");
        assertThat(CliRunner.run("run", "--bogus").err()).contains("Try 'continuity run --help'.");
    }

    @Test
    void anAbsoluteChangedPathInsideTheProjectIsTheFileItNamesAndOneOutsideIsRefusedAsOutside() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("p"));
        String absolute = p.toAbsolutePath().resolve("plot/outline.yaml").toString();
        CliRunner relative = CliRunner.run("impact", p.toString(), "--changed", "plot/outline.yaml", "--json");
        CliRunner inside = CliRunner.run("impact", p.toString(), "--changed", absolute, "--json");
        assertThat(inside.exitCode()).as(inside.err()).isZero();
        assertThat(inside.json().get("predictedFiles")).isEqualTo(relative.json().get("predictedFiles"));
        CliRunner plan = CliRunner.run("plan", p.toString(), "--changed", absolute, "-q");
        assertThat(plan.exitCode()).as(plan.err()).isZero();

        Files.writeString(dir.resolve("elsewhere.yaml"), "x: 1\n");
        CliRunner outside = CliRunner.run("impact", p.toString(), "--changed", dir.resolve("elsewhere.yaml").toAbsolutePath().toString());
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err().lines().findFirst().orElseThrow()).startsWith("continuity: error:").contains("elsewhere.yaml")
                .contains("outside the project").doesNotContain("absolute paths are not allowed");
    }

    @Test
    void anOutOfRangeNumberNamesTheOptionAndTheValueGiven() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("p"));
        String[][] cases = {
                {"impact", "--threshold", "1.5"}, {"plan", "--threshold", "-0.1"}, {"run", "--threshold", "NaN"}, {"impact", "--threshold", "high"},
                {"impact", "--workers", "0"}, {"plan", "--workers", "-3"}, {"run", "--workers", "0"}, {"heal", "--workers", "0"}};
        for (String[] c : cases) {
            String[] args = switch (c[0]) {
                case "heal" -> new String[] {c[0], p.toString(), "--dry-run", c[1], c[2]};
                case "run" -> new String[] {c[0], p.toString(), "--changed", "plot/outline.yaml", "--dry-run", c[1], c[2]};
                default -> new String[] {c[0], p.toString(), "--changed", "plot/outline.yaml", c[1], c[2]};
            };
            CliRunner r = CliRunner.run(args);
            String what = String.join(" ", c);
            assertThat(r.exitCode()).as(what + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().lines().findFirst().orElseThrow()).as(what).startsWith("continuity: error: ").contains("'" + c[1] + "'")
                    .contains("'" + c[2] + "'").doesNotContain("confidenceThreshold").doesNotContain("workers must");
            assertThat(r.err()).as(what).contains("Try 'continuity " + c[0] + " --help'.");
        }
        assertThat(CliRunner.run("impact", p.toString(), "--changed", "plot/outline.yaml", "--threshold", "1", "--workers", "1", "-q").exitCode())
                .isZero();
    }

    @Test
    void reportWithoutAFormatPrintsMarkdownOrWritesWhatTheExtensionOfOutSays() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("p"));
        assertThat(CliRunner.run("run", p.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5", "-q").exitCode()).isZero();
        CliRunner report = CliRunner.run("report", p.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).startsWith("## Continuity:").doesNotContain("<html").doesNotContain("<!DOCTYPE");
        assertThat(CliRunner.run("report", p.toString(), "--out", dir.resolve("r.csv").toString()).exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("r.csv"))).doesNotContain("<html").doesNotStartWith("##");
        assertThat(CliRunner.run("report", p.toString(), "--out", dir.resolve("r.html").toString()).exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("r.html"))).containsIgnoringCase("<html");
    }

    @Test
    void reportOutIsAFileWithAnExtensionThatNamesTheFormat() throws IOException {
        Path p = SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir.resolve("p"));
        assertThat(CliRunner.run("run", p.toString(), "--changed", "plot/outline.yaml", "--threshold", "0.5", "-q").exitCode()).isZero();

        Path folder = Files.createDirectories(dir.resolve("reports"));
        CliRunner intoFolder = CliRunner.run("report", p.toString(), "--out", folder.toString());
        assertThat(intoFolder.exitCode()).as(intoFolder.err()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(intoFolder.err().strip()).startsWith("continuity: error: --out " + folder + " is a folder").doesNotContain("\n");

        CliRunner markdown = CliRunner.run("report", p.toString(), "--out", dir.resolve("notes.markdown").toString());
        assertThat(markdown.exitCode()).as(markdown.err()).isZero();
        assertThat(markdown.out()).contains("(md report of");
        assertThat(Files.readString(dir.resolve("notes.markdown"))).startsWith("## Continuity:").doesNotContain("<html");

        CliRunner unknown = CliRunner.run("report", p.toString(), "--out", dir.resolve("notes.txt").toString());
        assertThat(unknown.exitCode()).isEqualTo(ContinuityCli.BAD_INPUT);
        assertThat(unknown.err()).contains("cannot tell the report format from --out").contains("--format html|json|md|csv");
        assertThat(dir.resolve("notes.txt")).doesNotExist();
        assertThat(CliRunner.run("report", p.toString(), "--format", "html", "--out", dir.resolve("notes.txt").toString()).exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("notes.txt"))).containsIgnoringCase("<html");
    }

    @Test
    void scanHintsAtTheExampleConfigsWhenTheDefaultRulesFindNothing() throws IOException {
        Path p = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(p.resolve("a.txt"), "some notes\n");
        Files.writeString(p.resolve("b.txt"), "more notes\n");
        CliRunner scan = CliRunner.run("scan", p.toString());
        assertThat(scan.exitCode()).as(scan.err()).isZero();
        assertThat(scan.out()).contains("hint: ").contains("continuity.yaml").contains("docs/configuration.md")
                .contains("novelwriter.continuity.yaml");
        assertThat(CliRunner.run("scan", p.toString(), "--json").out()).doesNotContain("hint:");

        Path saga = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, dir.resolve("saga"));
        assertThat(CliRunner.run("scan", saga.toString()).out()).doesNotContain("hint:");
    }

    static Path docs() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/cli.md"))) {
                return d.resolve("docs");
            }
        }
        throw new AssertionError("docs/cli.md not found above " + Path.of("").toAbsolutePath());
    }
}
