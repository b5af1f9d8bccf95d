package dev.continuity.ml.features;

import dev.continuity.ml.history.CoChangeIndex;
import dev.continuity.ml.history.ChangedFile;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The edit-propagation features: where the text a change removed still is. */
class EditPropagationTest {

    private static final OffsetDateTime T = OffsetDateTime.of(2026, 11, 21, 9, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void termsKeepTokensWholeAndAlsoWithoutPunctuation() {
        Map<String, Integer> c = Terms.counts("Holmes, said <abbr>Mr.</abbr> plain-clothes.\nHolmes");
        assertThat(c).containsEntry("Holmes,", 1).containsEntry("Holmes", 2).containsEntry("<abbr>Mr.</abbr>", 1)
                .containsEntry("plain-clothes.", 1).containsEntry("plain-clothes", 1);
    }

    @Test
    void japaneseTextIsCutIntoCharacterBigrams() {
        Map<String, Integer> c = Terms.counts("導師は言った。ABC導師");
        assertThat(c).containsKeys("導師", "師は", "は言", "言っ", "った", "ABC");
        assertThat(c.get("導師")).isEqualTo(2);
        Set<String> gone = EditEvidence.vanishedTerms("老いた導師は言った。", "老いた老師は言った。");
        assertThat(gone).contains("導師").doesNotContain("老い", "は言");
    }

    @Test
    void noCharacterBelowTheFirstHangulJamoIsCjk() {
        for (char c = 0; c < Terms.FIRST_CJK; c++) {
            Character.UnicodeScript s = Character.UnicodeScript.of(c);
            assertThat(s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA
                    || s == Character.UnicodeScript.KATAKANA || s == Character.UnicodeScript.HANGUL || c == 'ー')
                    .as("U+%04X", (int) c).isFalse();
        }
        assertThat(Terms.isCjk('ᄀ')).isTrue();
        assertThat(Terms.isCjk('ー')).isTrue();
        assertThat(Terms.isCjk('z')).isFalse();
    }

    @Test
    void vanishedTermsAreThoseWhoseCountDroppedLargestDropFirstAndCapped() {
        Map<String, Integer> before = Map.of("a", 5, "b", 2, "c", 1, "d", 3);
        Map<String, Integer> after = Map.of("a", 1, "b", 2, "d", 2);
        assertThat(Terms.vanished(before, after, 10)).containsExactly("a", "c", "d");
        assertThat(Terms.vanished(before, after, 1)).containsExactly("a");
    }

    @Test
    void theFeaturesAreTheSameToTheBitWhateverOrderTheEvidenceHoldsItsTermsIn() {
        // 60 files; term k is held by files 0..k, so every term has its own weight
        Map<String, Set<String>> files = new java.util.HashMap<>();
        List<String> terms = new java.util.ArrayList<>();
        for (int k = 0; k < 40; k++) {
            terms.add("term" + k);
        }
        for (int f = 0; f < 60; f++) {
            Set<String> held = new java.util.HashSet<>();
            for (int k = Math.max(0, f - 20); k < 40; k++) {
                held.add(terms.get(k));
            }
            files.put("f" + f + ".md", held);
        }
        ContentIndex content = ContentIndex.of(files);
        Set<String> first = new java.util.LinkedHashSet<>(terms.subList(0, 25));
        Set<String> second = new java.util.LinkedHashSet<>(terms.subList(15, 40));
        Map<String, Set<String>> oneOrder = new java.util.LinkedHashMap<>();
        oneOrder.put("f0.md", first);
        oneOrder.put("f1.md", second);
        Map<String, Set<String>> otherOrder = new java.util.LinkedHashMap<>();
        otherOrder.put("f1.md", second);
        otherOrder.put("f0.md", first);
        FeaturePipeline pipeline = FeaturePipeline.of(List.of(BuiltinFeatures.editPropagation()));
        for (String candidate : List.of("f7.md", "f30.md", "f59.md")) {
            FeatureVector a = extract(pipeline, new EditEvidence(oneOrder, content), candidate);
            FeatureVector b = extract(pipeline, new EditEvidence(otherOrder, content), candidate);
            assertThat(a.get("edit.overlap")).isPositive();
            assertThat(b.names()).containsExactly(a.names());
            for (String name : a.names()) {
                assertThat(Double.doubleToRawLongBits(b.get(name))).as(candidate + " " + name)
                        .isEqualTo(Double.doubleToRawLongBits(a.get(name)));
            }
        }
    }

    private static FeatureVector extract(FeaturePipeline pipeline, EditEvidence edits, String candidate) {
        ChangeQuery q = new ChangeQuery(List.of(ChangedFile.modified("f0.md", 1, 1), ChangedFile.modified("f1.md", 1, 1)),
                Optional.empty(), T, LinkGraph.empty(), edits);
        return pipeline.extract(new QueryContext(q, new CoChangeIndex(CoChangeIndex.Options.defaults())), candidate);
    }

    @Test
    void candidatesStillHoldingTheRemovedTextScoreAndRareTermsWeighMore() {
        ContentIndex content = ContentIndex.of(Map.of(
                "a.md", Set.of("the", "re-enter", "door"),
                "b.md", Set.of("the", "re-enter"),
                "c.md", Set.of("the", "door"),
                "d.md", Set.of("the")));
        EditEvidence edits = new EditEvidence(Map.of("a.md", Set.of("re-enter", "the")), content);
        ChangeQuery q = new ChangeQuery(List.of(ChangedFile.modified("a.md", 1, 1)), Optional.empty(), T,
                LinkGraph.empty(), edits);
        QueryContext ctx = new QueryContext(q, new CoChangeIndex(CoChangeIndex.Options.defaults()));
        FeaturePipeline pipeline = FeaturePipeline.of(List.of(BuiltinFeatures.editPropagation()));
        FeatureVector b = pipeline.extract(ctx, "b.md");
        FeatureVector c = pipeline.extract(ctx, "c.md");
        FeatureVector d = pipeline.extract(ctx, "d.md");
        // "the" is in every file: log(5/4); "re-enter" in two: log(5/2)
        double idfThe = Math.log(5.0 / 4);
        double idfRe = Math.log(5.0 / 2);
        assertThat(b.get("edit.evidence")).isEqualTo(1.0);
        assertThat(b.get("edit.overlap")).isCloseTo(1.0, within(1e-9));
        assertThat(b.get("edit.rare_hit")).isCloseTo(idfRe / Math.log(5), within(1e-9));
        assertThat(c.get("edit.overlap")).isCloseTo(idfThe / (idfThe + idfRe), within(1e-9));
        assertThat(d.get("edit.overlap")).isCloseTo(c.get("edit.overlap"), within(1e-12));
        assertThat(c.get("edit.evidence")).isEqualTo(1.0);
    }

    @Test
    void coChangeCountsAsFarAsTheCandidateStillHoldsTheRemovedText() {
        ContentIndex content = ContentIndex.of(Map.of(
                "a.md", Set.of("the", "re-enter"),
                "b.md", Set.of("the", "re-enter"),
                "c.md", Set.of("the"),
                "d.md", Set.of("door")));
        CoChangeIndex index = new CoChangeIndex(CoChangeIndex.Options.defaults());
        index.add(List.of("a.md", "b.md"), T.minusDays(3).toInstant(), Optional.empty(), Set.of());
        index.add(List.of("a.md", "c.md", "d.md"), T.minusDays(2).toInstant(), Optional.empty(), Set.of());
        index.add(List.of("a.md", "c.md"), T.minusDays(1).toInstant(), Optional.empty(), Set.of());
        EditEvidence edits = new EditEvidence(Map.of("a.md", Set.of("re-enter", "the")), content);
        ChangeQuery q = new ChangeQuery(List.of(ChangedFile.modified("a.md", 1, 1)), Optional.empty(), T,
                LinkGraph.empty(), edits);
        QueryContext ctx = new QueryContext(q, index);
        FeaturePipeline pipeline = FeaturePipeline.of(List.of(BuiltinFeatures.editPropagation()));
        FeatureVector b = pipeline.extract(ctx, "b.md");
        FeatureVector c = pipeline.extract(ctx, "c.md");
        FeatureVector d = pipeline.extract(ctx, "d.md");
        // b holds all the removed text and changed with a.md once in three: 1/3 x 1
        assertThat(b.get("edit.cochange")).isCloseTo(1.0 / 3, within(1e-9));
        // c changed with a.md more often (2/3) but holds only "the", the common part of the removed text
        assertThat(c.get("edit.cochange")).isCloseTo(2.0 / 3 * c.get("edit.overlap"), within(1e-9));
        assertThat(c.get("edit.cochange")).isLessThan(b.get("edit.cochange"));
        // d co-changed with a.md but holds none of it
        assertThat(d.get("edit.cochange")).isZero();
    }

    @Test
    void sweptTermsAreThoseRemovedAtEveryOneOfSeveralOccurrences() {
        String before = "Kaito drew. Kaito ran, said Kaito to Mira. Mira smiled.";
        // a rename: every "Kaito" replaced; one "Mira" of two removed; "drew." once only
        String after = "Haruto ran, said Haruto to Mira. Haruto smiled.";
        Map<String, Integer> swept = EditEvidence.sweptTerms(before, after);
        assertThat(swept).containsEntry("Kaito", 3).doesNotContainKeys("Mira", "drew.", "drew", "Haruto");
        assertThat(Terms.swept(Map.of("a", 5, "b", 2, "c", 1), Map.of("b", 1), 2, 10)).containsExactly(Map.entry("a", 5));
        assertThat(Terms.swept(Map.of("a", 5, "b", 2, "c", 1), Map.of(), 2, 1)).containsExactly(Map.entry("a", 5));
    }

    @Test
    void aSweepReachesTheFilesThatStillHoldTheSweptTermAndALocalFixDoesNot() {
        ContentIndex content = ContentIndex.of(Map.of(
                "ch1.md", Set.of("Kaito", "Mira"),
                "ch2.md", Set.of("Kaito", "Mira"),
                "ch3.md", Set.of("Mira")));
        FeaturePipeline pipeline = FeaturePipeline.of(List.of(BuiltinFeatures.editPropagation()));
        // ch1 renamed Kaito everywhere (12 occurrences)
        EditEvidence rename = new EditEvidence(Map.of("ch1.md", Set.of("Kaito")), Map.of("ch1.md", Map.of("Kaito", 12)),
                content);
        QueryContext renamed = new QueryContext(new ChangeQuery(List.of(ChangedFile.modified("ch1.md", 12, 12)),
                Optional.empty(), T, LinkGraph.empty(), rename), new CoChangeIndex(CoChangeIndex.Options.defaults()));
        assertThat(pipeline.extract(renamed, "ch2.md").get("edit.sweep")).isCloseTo(Math.log(13) / Math.log(65),
                within(1e-9));
        assertThat(pipeline.extract(renamed, "ch3.md").get("edit.sweep")).isZero();
        // the same term removed once of several: vanished, but not swept
        EditEvidence fix = new EditEvidence(Map.of("ch1.md", Set.of("Kaito")), content);
        QueryContext fixed = new QueryContext(new ChangeQuery(List.of(ChangedFile.modified("ch1.md", 1, 1)),
                Optional.empty(), T, LinkGraph.empty(), fix), new CoChangeIndex(CoChangeIndex.Options.defaults()));
        FeatureVector ch2 = pipeline.extract(fixed, "ch2.md");
        assertThat(ch2.get("edit.overlap")).isPositive();
        assertThat(ch2.get("edit.sweep")).isZero();
    }

    @Test
    void noEvidenceNoFeatures() {
        ChangeQuery q = new ChangeQuery(List.of(ChangedFile.modified("a.md")), Optional.empty(), T, LinkGraph.empty());
        QueryContext ctx = new QueryContext(q, new CoChangeIndex(CoChangeIndex.Options.defaults()));
        FeatureVector v = FeaturePipeline.of(List.of(BuiltinFeatures.editPropagation())).extract(ctx, "b.md");
        assertThat(v.get("edit.evidence")).isZero();
        assertThat(v.get("edit.overlap")).isZero();
    }

    @Test
    void anIndexThatListsTheHoldersOfTermsGivesTheSameFeaturesAsOneLookedIntoFileByFile() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        Map<String, Set<String>> byFile = new java.util.HashMap<>();
        for (int f = 0; f < 60; f++) {
            Set<String> terms = new java.util.HashSet<>();
            for (int t = 0; t < 40; t++) {
                terms.add("w" + random.nextInt(f % 3 == 0 ? 30 : 200));
            }
            if (f % 17 != 5) {          // some files without terms (unreadable, too large)
                byFile.put("f" + f + ".md", terms);
            } else {
                byFile.put("f" + f + ".md", Set.of());
            }
        }
        ContentIndex plain = ContentIndex.of(byFile);
        ContentIndex listing = new ContentIndex() {
            @Override
            public Set<String> termsOf(String file) {
                return plain.termsOf(file);
            }

            @Override
            public int documentCount() {
                return plain.documentCount();
            }

            @Override
            public int documentFrequency(String term) {
                throw new AssertionError("the holders' count is the document frequency");
            }

            @Override
            public Optional<Map<String, java.util.Collection<String>>> holders(java.util.Collection<String> terms) {
                Map<String, java.util.Collection<String>> out = new java.util.HashMap<>();
                for (String t : terms) {
                    List<String> files = byFile.entrySet().stream().filter(e -> e.getValue().contains(t))
                            .map(Map.Entry::getKey).toList();
                    if (!files.isEmpty()) {
                        out.put(t, files);
                    }
                }
                return Optional.of(out);
            }
        };
        Set<String> vanished = new java.util.HashSet<>();
        for (int t = 0; t < 50; t++) {
            vanished.add("w" + random.nextInt(260));
        }
        Map<String, Integer> swept = Map.of("w3", 4, "w150", 2, "w999", 7);
        CoChangeIndex index = new CoChangeIndex(CoChangeIndex.Options.defaults());
        index.add(List.of("f0.md", "f1.md", "f2.md"), T.minusDays(2).toInstant(), Optional.empty(), Set.of());
        FeaturePipeline pipeline = FeaturePipeline.of(List.of(BuiltinFeatures.editPropagation()));
        QueryContext a = context(new EditEvidence(Map.of("f0.md", vanished), Map.of("f0.md", swept), plain), index);
        QueryContext b = context(new EditEvidence(Map.of("f0.md", vanished), Map.of("f0.md", swept), listing), index);
        int withSweep = 0;
        for (String candidate : byFile.keySet()) {
            FeatureVector x = pipeline.extract(a, candidate);
            FeatureVector y = pipeline.extract(b, candidate);
            assertThat(y).as(candidate).isEqualTo(x);
            withSweep += x.get("edit.sweep") > 0 ? 1 : 0;
        }
        assertThat(withSweep).as("the comparison covers swept terms").isPositive();
    }

    private static QueryContext context(EditEvidence edits, CoChangeIndex index) {
        return new QueryContext(new ChangeQuery(List.of(ChangedFile.modified("f0.md", 3, 3)), Optional.empty(), T,
                LinkGraph.empty(), edits), index);
    }
}
