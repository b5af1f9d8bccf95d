package dev.continuity.examples.report;

import dev.continuity.core.report.ReportStore;
import dev.continuity.core.report.RunReport;
import dev.continuity.examples.CliRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's HTML report as a person sees it: rendered by headless Chromium, its scripts run without an error, the
 * impact graph and the Gantt chart are drawn, and a screenshot is saved to {@code target/report-screenshot.png}.
 * Tagged {@code browser} (excluded by default): run it with
 * {@code mvn -pl orchestrator-examples -am verify -DexcludedTestGroups= -Dgroups=browser} after
 * {@code scripts/ensure-chromium.sh}.
 */
@Tag("browser")
class ReportBrowserTest {
    static final Path SCREENSHOT = Path.of("target/report-screenshot.png");

    @TempDir
    static Path dir;
    static Path html;
    static RunReport report;
    static HeadlessChromium chromium;

    @BeforeAll
    static void renderTheDemoReport() {
        chromium = HeadlessChromium.find(dir).orElseThrow(() -> new AssertionError(
                "chromium is not installed (/usr/bin/chromium or on the PATH): run scripts/ensure-chromium.sh"));
        CliRunner demo = CliRunner.run("demo", "--workdir", dir.resolve("saga").toString());
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        Matcher m = Pattern.compile("(?m)^report: (.+\\.html)$").matcher(demo.out());
        assertThat(m.find()).as("the demo ends by printing the report's path:\n" + demo.out()).isTrue();
        html = Path.of(m.group(1));
        assertThat(demo.out().strip()).endsWith("report: " + html);
        assertThat(html).isRegularFile();
        report = ReportStore.of(dir.resolve("saga")).newest().orElseThrow();
    }

    @Test
    void theScriptsRunWithoutAnErrorAndTheGraphAndTheGanttChartAreDrawn() {
        HeadlessChromium.Page page = chromium.dumpDom(html);
        String dom = page.dom();

        assertThat(dom).as("the page's scripts ran to the end").containsPattern("<body[^>]*data-report-ready=\"true\"");
        Matcher root = Pattern.compile("<html[^>]*>").matcher(dom);
        assertThat(root.find()).isTrue();
        assertThat(root.group()).as("no uncaught error (the page records them on its root element)").doesNotContain("data-js-errors");
        assertThat(page.log()).as("no console message or uncaught error in Chromium's log").doesNotContain("Uncaught").doesNotContainPattern(":CONSOLE[:(]");

        String graph = element(dom, "<svg[^>]*id=\"impact-graph\"");
        assertThat(count(graph, "<path class=\"edge")).as("edges of the impact graph").isGreaterThan(10);
        int impacted = report.response().impact().impactedFiles().size();
        assertThat(count(graph, "class=\"node file\"")).as("impacted files").isEqualTo(Math.min(impacted, 60)).isPositive();
        assertThat(graph).contains("全体構成.yaml").contains("第3巻/第1話.md").contains("主人公");

        String gantt = element(dom, "<svg[^>]*id=\"gantt\"");
        int steps = report.response().plan().mlOptimizedSteps().size();
        assertThat(count(gantt, "class=\"planned-bar\"")).as("planned bars").isEqualTo(steps).isPositive();
        assertThat(count(gantt, "class=\"actual-bar")).as("actual bars").isGreaterThanOrEqualTo(steps);

        assertThat(dom).as("the step table's script counted its rows").contains("id=\"steps-count\">" + steps + " of " + steps + " steps</span>");
    }

    @Test
    void aScreenshotShowsTheReport() throws Exception {
        Path png = chromium.screenshot(html, SCREENSHOT, 1400, 2000);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(2000);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("a rendered page, not a blank one").isGreaterThan(200);
        assertThat(Files.size(png)).isGreaterThan(50_000);
    }

    /** The element that starts with {@code openingPattern}, up to its closing {@code </svg>}. */
    private static String element(String dom, String openingPattern) {
        Matcher m = Pattern.compile(openingPattern).matcher(dom);
        assertThat(m.find()).as("an element matching " + openingPattern).isTrue();
        int end = dom.indexOf("</svg>", m.start());
        assertThat(end).isPositive();
        return dom.substring(m.start(), end);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
