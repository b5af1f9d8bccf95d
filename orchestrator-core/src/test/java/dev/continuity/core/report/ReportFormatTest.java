package dev.continuity.core.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.continuity.core.report.GanttSvgTest.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportFormatTest {
    private final RunReport report = SampleRun.report();

    @Test
    void theHtmlPageIsSelfContainedAndHoldsEverySection() {
        String html = ReportFormat.HTML.render(report);

        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").contains("<meta charset=\"utf-8\">");
        assertThat(html).contains("id=\"impact-graph\"", "id=\"gantt\"", "id=\"steps-table\"", "id=\"change\"", "id=\"schedule\"", "id=\"steps\"",
                "id=\"resilience\"", "id=\"issues\"", "id=\"changes\"", "id=\"learning\"");
        // nothing is fetched: no external script, style, image or font; the only URL is the SVG namespace
        assertThat(html).doesNotContain("<link", "src=", "@import", "url(");
        Matcher urls = Pattern.compile("https?://[^\"'\\s<>)]+").matcher(html);
        while (urls.find()) {
            assertThat(urls.group()).isEqualTo("http://www.w3.org/2000/svg");
        }
        assertThat(html).contains("data-js-errors").contains("data-report-ready");
    }

    @Test
    void theHtmlPageShowsOutcomesRetriesCircuitEventsIssuesEvidenceDiffsAndInsights() {
        String html = ReportFormat.HTML.render(report);

        assertThat(html).contains("PARTIALLY SUCCEEDED").contains("灰の冠").contains("character_arc_impact = [主人公]");
        assertThat(html).contains("data-outcome=\"FAILED\"").contains("handler &#39;llm-rewrite&#39; failed: 503").contains("data-outcome=\"SKIPPED\"");
        assertThat(html).contains("pill k-RETRY").contains("pill k-FALLBACK").contains("pill k-CIRCUIT").contains("circuit of service &#39;llm&#39; is OPEN");
        assertThat(html).contains("stale-rename").contains("line 3: 勇者は笑った").contains("fixed by rename-completion (verified)")
                .contains("needs a human").contains("出発: 1203-04-01");
        assertThat(html).contains("<span class=\"d\">-勇者は笑った。</span><span class=\"a\">+主人公は笑った。</span>");
        assertThat(count(html, "<details class=\"diff\"")).isEqualTo(3);
        assertThat(html).contains("the model now ranks 第2話 higher").contains("+1.25 points of held-out MAP");
        assertThat(html).as("escaped").contains("&lt;b&gt;メモ&lt;/b&gt;").doesNotContain("<b>メモ</b>");
    }

    @Test
    void markdownIsAShortSummaryForACommitMessageOrAnIssue() {
        String md = ReportFormat.MARKDOWN.render(report);

        assertThat(md).startsWith("## Continuity: PLOT_CHANGE of `20_プロット/全体構成.yaml` — PARTIALLY_SUCCEEDED\n");
        assertThat(md).contains("| Steps | 5 steps: 3 updated, 0 unchanged, 1 failed, 1 skipped; 2 retries, 1 fallbacks |")
                .contains("| Files changed | 3 (3 modified, 0 created) |")
                .contains("| Issues | 2 detected, 1 fixed and verified, 1 need a human |");
        assertThat(md).contains("| s004 | `40_原稿/第1巻/第2話.md` | **FAILED** | 3 | llm-rewrite | handler 'llm-rewrite' failed: 503 |");
        assertThat(md).contains("**CIRCUIT**").contains("  - evidence: 帰還: 1203-03-01");
        assertThat(md).contains("- `40_原稿/第1巻/第1話.md` (+2 −1) by s003, heal:rename-completion");
        assertThat(md).contains("- Impact model, held-out MAP: +1.25 points.");
        assertThat(md.replaceAll("`[^`]*`", "")).as("no HTML outside code spans").doesNotContain("<");
    }

    @Test
    void csvHasOneRowPerPlannedStepQuotedWhereNeeded() {
        String csv = ReportFormat.CSV.render(report);
        List<String> lines = csv.lines().toList();

        assertThat(csv).contains("\r\n");
        assertThat(lines).hasSize(6);
        assertThat(lines.getFirst()).isEqualTo(String.join(",", CsvReport.HEADER));
        assertThat(lines.get(1)).startsWith("0,s001,30_設定集/キャラクター/主人公.yaml,CHARACTER,review-marking,local,MEDIUM,,1,0.000,0.500,0.010000,0.110000,100.000,1,UPDATED,");
        assertThat(lines.get(4)).contains(",FAILED,,handler 'llm-rewrite' failed: 503");
        assertThat(lines.get(5)).contains(",0,SKIPPED,not run,");
        assertThat(CsvReport.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvReport.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvReport.field("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void jsonIsTheRecords() {
        String json = ReportFormat.JSON.render(report);
        assertThat(json).startsWith("{\n  \"schemaVersion\" : 1,\n  \"executionId\" : \"exec-sample-1\",").contains("\"timings\" : [")
                .contains("\"result\" : \"RETRIED\"").contains("\"modelImprovement\" : 1.25");
    }

    @ParameterizedTest
    @CsvSource({"html,HTML", "HTML,HTML", "json,JSON", "md,MARKDOWN", "markdown,MARKDOWN", "csv,CSV", " Md ,MARKDOWN"})
    void formatsAreNamedByExtensionOrName(String name, ReportFormat format) {
        assertThat(ReportFormat.parse(name)).isEqualTo(format);
    }

    @Test
    void anUnknownFormatIsABadArgument() {
        assertThatThrownBy(() -> ReportFormat.parse("pdf")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("html, json, md or csv");
    }
}
