package dev.continuity.core.report;

import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.FileKind;
import dev.continuity.api.ImpactedFile;
import dev.continuity.api.RiskLevel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.continuity.core.report.GanttSvgTest.count;
import static org.assertj.core.api.Assertions.assertThat;

class ImpactGraphSvgTest {

    @Test
    void everyExplanationPathBecomesEdgesColouredByKindFromTheChangeThroughEntitiesToFiles() {
        ImpactGraphSvg.Picture p = ImpactGraphSvg.render(SampleRun.report());

        assertThat(p.total()).isEqualTo(5);
        assertThat(p.shown()).isEqualTo(5);
        assertThat(p.kinds()).containsExactly("references", "defines", "mentions", "rule", "context", "model");
        String svg = p.svg();
        assertThat(count(svg, "class=\"node source\"")).isEqualTo(1);
        assertThat(count(svg, "class=\"node entity\"")).isEqualTo(1);
        assertThat(count(svg, "class=\"node file\"")).isEqualTo(5);
        assertThat(svg).contains("data-from=\"entity:主人公\" data-to=\"" + SampleRun.M1 + "\"")
                .contains("stroke=\"" + Palette.edge("mentions") + "\"")
                .contains("data-from=\"20_プロット/第1巻/第2章.yaml\" data-to=\"" + SampleRun.M2 + "\"")
                .contains("data-from=\"" + SampleRun.CHANGED + "\" data-to=\"entity:主人公\"")
                .contains("stroke-dasharray");
        assertThat(svg).as("names are escaped").contains("&lt;b&gt;メモ&lt;/b&gt;.md").doesNotContain("<b>");
        assertThat(svg).contains(">failed</text>").contains(">skipped</text>").contains(">updated</text>");
    }

    @Test
    void aFileReachedThroughAnotherImpactedFileStandsOneColumnFurther() {
        String svg = ImpactGraphSvg.render(SampleRun.report()).svg();
        double plotX = rowX(svg, "20_プロット/第1巻/第2章.yaml");
        double manuscriptX = rowX(svg, SampleRun.M2);
        double otherManuscriptX = rowX(svg, SampleRun.M1);
        assertThat(manuscriptX).isGreaterThan(plotX);
        assertThat(otherManuscriptX).isEqualTo(plotX);
    }

    @Test
    void aHundredAndFiftyFilesAreGroupedByFolderWithTheRiskiestShownAndTheRestCounted() {
        List<ImpactedFile> files = new ArrayList<>();
        String[] folders = {"20_プロット", "30_設定集", "40_原稿"};
        for (int i = 0; i < 150; i++) {
            String path = folders[i % 3] + "/第" + (i / 3 + 1) + "話.md";
            RiskLevel risk = i % 10 == 0 ? RiskLevel.HIGH : RiskLevel.LOW;
            files.add(SampleRun.impacted(path, FileKind.MANUSCRIPT, 0.6 + (i % 40) / 100.0, risk, SampleRun.CHANGED + " -[references]-> " + path));
        }
        RunReport report = withImpact(files);

        ImpactGraphSvg.Picture p = ImpactGraphSvg.render(report);

        assertThat(p.total()).isEqualTo(150);
        assertThat(p.shown()).isLessThanOrEqualTo(ImpactGraphSvg.MAX_ROWS).isGreaterThanOrEqualTo(ImpactGraphSvg.MAX_ROWS - 3);
        assertThat(count(p.svg(), "class=\"node file\"")).isEqualTo(p.shown());
        assertThat(count(p.svg(), "class=\"node more\"")).isEqualTo(3);
        assertThat(count(p.svg(), "class=\"box\"")).isEqualTo(3);
        assertThat(p.svg()).contains("impacted files (" + p.shown() + " of 150 shown)").contains("+ " + (50 - p.shown() / 3) + " more");
        assertThat(count(p.svg(), "data-to=\"more:")).as("hidden files' edges go to their folder's 'more' row").isEqualTo(3);
        files.stream().filter(f -> f.risk() == RiskLevel.HIGH)
                .forEach(f -> assertThat(p.svg()).as("every HIGH-risk file is shown").contains("data-id=\"" + f.path() + "\""));
        assertThat(heightOf(p.svg())).as("readable: about one row per shown file").isLessThan(2000);
        double boxX = rowX(p.svg(), files.getFirst().path()) - 4;
        assertThat(p.svg()).as("the column title stands over the files").contains("<text class=\"col-title\" x=\"" + Markup.n(boxX) + "\"");
    }

    @Test
    void aChangeThatImpactsNothingIsDrawnAlone() {
        ImpactGraphSvg.Picture p = ImpactGraphSvg.render(withImpact(List.of()));
        assertThat(p.total()).isZero();
        assertThat(p.svg()).contains("no other file is impacted above the confidence threshold").contains(">全体構成.yaml<");
    }

    static RunReport withImpact(List<ImpactedFile> files) {
        RunReport base = SampleRun.report();
        EnhancedUpdateResponse r = base.response();
        EnhancedUpdateResponse changed = new EnhancedUpdateResponse(r.executionId(), r.status(), SampleRun.impact(files), r.plan(), r.stepResults(),
                r.changedFiles(), r.detectedIssues(), r.healingActions(), r.learningInsights(), r.modelImprovement(), r.duration(), r.diagnostics());
        return new RunReport(base.schemaVersion(), base.executionId(), base.request(), base.startedAt(), base.generatedAt(), changed, base.monitor(),
                base.timings(), base.events(), base.diffs());
    }

    private static double rowX(String svg, String path) {
        int g = svg.indexOf("class=\"node file\" data-id=\"" + path + "\"");
        int rect = svg.indexOf("<rect class=\"row\" x=\"", g);
        int start = rect + "<rect class=\"row\" x=\"".length();
        return Double.parseDouble(svg.substring(start, svg.indexOf('"', start)));
    }

    private static double heightOf(String svg) {
        int i = svg.indexOf("height=\"") + "height=\"".length();
        return Double.parseDouble(svg.substring(i, svg.indexOf('"', i)));
    }

}
