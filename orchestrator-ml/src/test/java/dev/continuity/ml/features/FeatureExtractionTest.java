package dev.continuity.ml.features;

import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.ChangedFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeatureExtractionTest {

    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private CoChangeIndex index;
    private AdjacencyLinkGraph graph;

    @BeforeEach
    void history() {
        index = new CoChangeIndex(new CoChangeIndex.Options(30, Duration.ofDays(100)));
        add(0, "ann", "plot/outline.md", "chapters/ch1.md");
        add(1, "ann", "plot/outline.md", "chapters/ch1.md", "chars/hero.yaml");
        add(2, "bob", "plot/outline.md", "chars/hero.yaml");
        add(3, "bob", "plot/outline.md");
        add(9, "bob", "chapters/ch2.md");
        graph = AdjacencyLinkGraph.builder()
                .addEdge("chapters/ch1.md", "plot/outline.md", "markdown")
                .addEdge("chapters/ch2.md", "chapters/ch1.md", "href")
                .build();
    }

    private void add(int day, String author, String... files) {
        index.add(List.of(files), T0.plus(Duration.ofDays(day)), Optional.of(author), Set.of());
    }

    private FeatureVector features(String candidate, String author, int lines) {
        // Thursday 2024-01-11 18:00 at +09:00
        ChangeQuery q = new ChangeQuery(List.of(ChangedFile.modified("plot/outline.md", lines, 0)), Optional.of(author),
                OffsetDateTime.of(2024, 1, 11, 18, 0, 0, 0, ZoneOffset.ofHours(9)), graph);
        return FeaturePipeline.defaults().extract(new QueryContext(q, index), candidate);
    }

    @Test
    void coChangeFeaturesAreRoseStatisticsBeforeTheChange() {
        FeatureVector fv = features("chapters/ch1.md", "ann", 10);
        assertThat(fv.get("cc.conf.max")).isEqualTo(2.0 / 4);
        assertThat(fv.get("cc.conf.reverse_max")).isEqualTo(1.0);
        assertThat(fv.get("cc.support.max_log")).isCloseTo(Math.log1p(2), within(1e-12));
        assertThat(fv.get("cc.tarmaq.conf")).isEqualTo(0.5);
        assertThat(fv.get("cc.rank_inv")).isEqualTo(1.0);     // ch1 and hero tie at rank 1
        assertThat(fv.get(BuiltinFeatures.COCHANGE_PRIOR_FEATURE))
                .isCloseTo((2 + 2 * (2.0 / 5)) / (4 + 2), within(1e-12));
        assertThat(fv.get("cc.never")).isZero();
        assertThat(features("chapters/ch2.md", "ann", 10).get("cc.never")).isEqualTo(1.0);
    }

    @Test
    void popularityAndRecency() {
        FeatureVector fv = features("chapters/ch2.md", "ann", 10);
        assertThat(fv.get("pop.share")).isEqualTo(1.0 / 5);
        // ch2 changed on day 9; the query is at 2024-01-11T09:00Z, i.e. day 10.375
        assertThat(fv.get("rec.days_since_change_log")).isCloseTo(Math.log1p(1.375), within(1e-9));
        assertThat(fv.get("rec.changed_within_7d")).isEqualTo(1.0);
        assertThat(features("never/seen.md", "ann", 1).get("rec.never_changed")).isEqualTo(1.0);
    }

    @Test
    void aChangeAfterALongerPauseThanTheHistoryHeldIsMeasuredAsIfAfterTheLongestOne() {
        // the history's latest transaction is on day 9, its longest pause 6 days (day 3 to day 9): its horizon is day 15
        OffsetDateTime late = OffsetDateTime.ofInstant(T0.plus(Duration.ofDays(40)), ZoneOffset.ofHours(9));
        OffsetDateTime horizon = OffsetDateTime.ofInstant(T0.plus(Duration.ofDays(15)), ZoneOffset.ofHours(9));
        QueryContext ctx = new QueryContext(new ChangeQuery(List.of(ChangedFile.modified("plot/outline.md", 3, 0)),
                Optional.of("ann"), late, graph), index);
        assertThat(ctx.historyTime()).isEqualTo(horizon);
        assertThat(ctx.time()).isEqualTo(late);
        assertThat(index.longestGap()).isEqualTo(Duration.ofDays(6));

        FeatureVector atLate = FeaturePipeline.defaults().extract(ctx, "chapters/ch2.md");
        FeatureVector atHorizon = FeaturePipeline.defaults().extract(new QueryContext(new ChangeQuery(
                List.of(ChangedFile.modified("plot/outline.md", 3, 0)), Optional.of("ann"), horizon, graph), index), "chapters/ch2.md");
        assertThat(atLate.get("rec.days_since_change_log")).isCloseTo(Math.log1p(6), within(1e-9))
                .isEqualTo(atHorizon.get("rec.days_since_change_log"));
        assertThat(atLate.get("pop.decayed_log")).isEqualTo(atHorizon.get("pop.decayed_log"));
        // within the horizon nothing moves
        OffsetDateTime soon = OffsetDateTime.ofInstant(T0.plus(Duration.ofDays(12)), ZoneOffset.UTC);
        assertThat(new QueryContext(new ChangeQuery(List.of(ChangedFile.modified("plot/outline.md", 3, 0)), Optional.empty(),
                soon, graph), index).historyTime()).isEqualTo(soon);
    }

    @Test
    void authorProfileUsesOnlyThatAuthorsTransactions() {
        assertThat(features("chapters/ch1.md", "ann", 1).get("auth.conf.max")).isEqualTo(1.0);
        assertThat(features("chapters/ch1.md", "bob", 1).get("auth.conf.max")).isZero();
        assertThat(features("chapters/ch1.md", "zoe", 1).get("auth.unknown")).isEqualTo(1.0);
    }

    @Test
    void graphDistanceEdgeKindsAndDegrees() {
        FeatureVector ch1 = features("chapters/ch1.md", "ann", 1);
        assertThat(ch1.get("graph.direct")).isEqualTo(1.0);
        assertThat(ch1.get("graph.edge_in=markdown")).isEqualTo(1.0);
        assertThat(ch1.get("graph.candidate_in_log")).isCloseTo(Math.log1p(1), within(1e-12));
        FeatureVector ch2 = features("chapters/ch2.md", "ann", 1);
        assertThat(ch2.get("graph.distance_inv")).isEqualTo(0.5);
        assertThat(features("chars/hero.yaml", "ann", 1).get("graph.unreachable")).isEqualTo(1.0);
    }

    @Test
    void fileKindsAreOneHotAndMagnitudeIsLogLines() {
        FeatureVector fv = features("chars/hero.yaml", "ann", 40);
        assertThat(fv.get("kind.q.ext=md")).isEqualTo(1.0);
        assertThat(fv.get("kind.c.ext=yaml")).isEqualTo(1.0);
        assertThat(fv.get("kind.c.top=chars")).isEqualTo(1.0);
        assertThat(fv.get("kind.same_ext")).isZero();
        assertThat(fv.get("kind.folder_distance_log")).isCloseTo(Math.log1p(2), within(1e-12));
        assertThat(fv.get("mag.lines_log")).isCloseTo(Math.log1p(40), within(1e-12));
    }

    @Test
    void nameWordsSplitAtCaseDigitsScriptsAndPunctuation() {
        assertThat(FileKindFeatures.nameTokens("src/CoChangeIndexTest.java")).containsExactly("co", "change", "index", "test");
        assertThat(FileKindFeatures.nameTokens("text/the-red-headed_league.xhtml"))
                .containsExactly("the", "red", "headed", "league");
        assertThat(FileKindFeatures.nameTokens("40_原稿/第1章_アリスの旅立ち.md"))
                .containsExactly("第", "1", "章", "アリス", "の", "旅立", "ち");
        assertThat(FileKindFeatures.nameTokens("30_キャラクター/キャラクター一覧.yaml")).containsExactly("キャラクター", "一覧");
        assertThat(FileKindFeatures.nameTokens("src/XMLParser2.java")).containsExactly("xml", "parser", "2");
        assertThat(FileKindFeatures.nameTokens("notes/.hidden")).containsExactly("hidden");
        assertThat(FileKindFeatures.nameTokens("a/---.md")).isEmpty();
    }

    @Test
    void nameAffinityWeighsTheWordsBothNamesHoldOverThoseEitherHolds() {
        ChangeQuery q = new ChangeQuery(List.of(ChangedFile.modified("src/CoChangeIndex.java", 3, 0)), Optional.empty(),
                OffsetDateTime.of(2024, 1, 11, 18, 0, 0, 0, ZoneOffset.UTC), graph);
        QueryContext ctx = new QueryContext(q, index);
        // none of these words is in the index's names, so all weigh the same: {co, change, index} of four words
        assertThat(FeaturePipeline.defaults().extract(ctx, "test/CoChangeIndexTest.java").get("kind.same_name"))
                .isCloseTo(0.75, within(1e-12));
        assertThat(FeaturePipeline.defaults().extract(ctx, "docs/learning.md").get("kind.same_name")).isZero();
        // a character's file and the chapter named after her: {アリス} of seven words, where "1" is also in the name of
        // one of the index's four files (ch1.md), so it weighs log(5/2), the others log(5)
        ChangeQuery chars = new ChangeQuery(List.of(ChangedFile.modified("30_キャラクター/アリス.yaml", 3, 0)),
                Optional.empty(), OffsetDateTime.of(2024, 1, 11, 18, 0, 0, 0, ZoneOffset.UTC), graph);
        assertThat(FeaturePipeline.defaults().extract(new QueryContext(chars, index), "40_原稿/第1章_アリスの旅立ち.md")
                .get("kind.same_name")).isCloseTo(Math.log(5) / (6 * Math.log(5) + Math.log(5 / 2.0)), within(1e-12));
    }

    @Test
    void aWordManyNamesHoldWeighsLessThanARareOne() {
        CoChangeIndex names = new CoChangeIndex(new CoChangeIndex.Options(30, Duration.ofDays(100)));
        names.add(List.of("a_x.md", "a_y.md", "a_z.md", "b.md"), T0, Optional.empty(), Set.of());
        ChangeQuery q = new ChangeQuery(List.of(ChangedFile.modified("a_x.md", 3, 0)), Optional.empty(),
                OffsetDateTime.of(2024, 1, 11, 18, 0, 0, 0, ZoneOffset.UTC), graph);
        QueryContext ctx = new QueryContext(q, names);
        // "a" is in 3 of the 4 names: log(5/4); "x" in one: log(5/2); "y" likewise; "notes" in none: log(5)
        double a = Math.log(5 / 4.0);
        double x = Math.log(5 / 2.0);
        double sameCommonWord = FeaturePipeline.defaults().extract(ctx, "a_y.md").get("kind.same_name");
        double sameRareWord = FeaturePipeline.defaults().extract(ctx, "x_notes.md").get("kind.same_name");
        assertThat(sameCommonWord).isCloseTo(a / (a + x + x), within(1e-12));
        assertThat(sameRareWord).isCloseTo(x / (a + x + Math.log(5)), within(1e-12));
        assertThat(sameRareWord).isGreaterThan(3 * sameCommonWord);
    }

    @Test
    void seasonalFeaturesAreCyclicInTheAuthorsOffset() {
        FeatureVector fv = features("chars/hero.yaml", "ann", 1);
        assertThat(fv.get("time.hour_sin")).isCloseTo(Math.sin(2 * Math.PI * 18 / 24), within(1e-12));
        assertThat(fv.get("time.hour_cos")).isCloseTo(Math.cos(2 * Math.PI * 18 / 24), within(1e-12));
        double day = 3 + 18 / 24.0; // Thursday
        assertThat(fv.get("time.weekday_sin")).isCloseTo(Math.sin(2 * Math.PI * day / 7), within(1e-12));
    }

    @Test
    void aFailingUserExtractorIsContainedAndCounted() {
        FeatureExtractor broken = new FeatureExtractor() {
            @Override
            public void extract(QueryContext context, String candidate, FeatureSink sink) {
                sink.put("user.partial", 1.0);
                throw new IllegalStateException("boom");
            }

            @Override
            public String id() {
                return "user.broken";
            }
        };
        FeatureExtractor nan = (ctx, c, sink) -> sink.put("user.nan", Double.NaN);
        FeatureExtractor good = (ctx, c, sink) -> sink.flag("user.same_folder_as_query",
                ctx.queryFiles().stream().anyMatch(q -> q.startsWith(c.substring(0, c.indexOf('/')))));
        FeaturePipeline pipeline = FeaturePipeline.of(List.of(BuiltinFeatures.popularity(), broken, nan, good));
        ChangeQuery q = ChangeQuery.of(OffsetDateTime.of(2024, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC), "plot/outline.md");

        FeatureVector fv = pipeline.extract(new QueryContext(q, index), "plot/other.md");

        assertThat(fv.get("user.partial")).isZero();
        assertThat(fv.get("user.same_folder_as_query")).isEqualTo(1.0);
        assertThat(fv.get("pop.share")).isZero();
        assertThat(fv.get(FeaturePipeline.CONSTANT_FEATURE)).isEqualTo(1.0);
        assertThat(pipeline.failureCounts()).containsEntry("user.broken", 1L).hasSize(2);
    }

    @Test
    void featureVectorsAreSortedUniqueAndSparse() {
        FeatureVector fv = FeatureVector.of(new String[]{"b", "a", "b", "z"}, new double[]{1, 2, 3, 0}, 4);
        assertThat(fv.names()).containsExactly("a", "b");
        assertThat(fv.get("b")).isEqualTo(3.0);
        assertThat(fv.without("a").names()).containsExactly("b");
        // names already in order take a shorter path to the same vector
        FeatureVector sorted = FeatureVector.of(new String[]{"a", "b", "c", "d"},
                new double[]{2, 3, 0, Double.NaN}, 4);
        assertThat(sorted).isEqualTo(fv);
        assertThat(FeatureVector.of(new String[]{"a", "b", "c"}, new double[]{1, 2, 3}, 2).names())
                .containsExactly("a", "b");
    }
}
