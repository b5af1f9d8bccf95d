package dev.continuity.examples.report;

import dev.continuity.api.ExecutionStatus;
import dev.continuity.core.report.ReportFormat;
import dev.continuity.core.report.RunReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON, Markdown and CSV exports of a deterministic run ({@link RenameScenario}) against golden files, after
 * {@link Goldens normalisation} of ids, times, durations and hashes.
 */
class ReportExportGoldenTest {
    @TempDir
    static Path dir;
    static RunReport report;

    @BeforeAll
    static void run() {
        report = RenameScenario.run(dir);
    }

    @Test
    void theRunIsTheOneTheGoldensDescribe() {
        assertThat(report.response().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(report.response().healingActions()).singleElement()
                .satisfies(a -> assertThat(a.issue().file()).isEqualTo(RenameScenario.NOTE));
        assertThat(report.diff(RenameScenario.NOTE).orElseThrow().lines())
                .contains("-Ask the harbourmaster about Silas Morvan's boat.", "+Ask the harbourmaster about Silas Morrow's boat.");
    }

    @Test
    void json() {
        Goldens.assertMatches("rename-report.json", Goldens.json(ReportFormat.JSON.render(report)));
    }

    @Test
    void markdown() {
        Goldens.assertMatches("rename-report.md", Goldens.prose(ReportFormat.MARKDOWN.render(report)));
    }

    @Test
    void csv() {
        Goldens.assertMatches("rename-steps.csv", Goldens.csv(ReportFormat.CSV.render(report), List.of("actual_start_s", "actual_end_s", "actual_ms")));
    }
}
