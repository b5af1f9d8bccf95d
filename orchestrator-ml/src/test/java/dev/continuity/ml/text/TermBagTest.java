package dev.continuity.ml.text;

import dev.continuity.ml.features.Terms;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bags of term ids give exactly what {@link Terms} gives on strings: the same terms, counts, drops and sweeps. */
class TermBagTest {

    private static final String[] WORDS = {"Holmes,", "Watson", "re-enter", "reenter", "<abbr>Mr.</abbr>", "the", "a",
        "導師は言った。", "ABC導師", "x", "\"Quite", "so!\"", "[[Chapter", "3]]", "ー", "한국어", "...", "1895.",
        "a".repeat(80) + "!", "Baker-street"};

    private static String text(SplittableRandom rng, int words) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            b.append(WORDS[rng.nextInt(WORDS.length)]).append(rng.nextInt(8) == 0 ? "\n" : " ");
        }
        return b.toString();
    }

    private static Map<String, Integer> counts(TermBag bag, TermDictionary dictionary) {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < bag.size(); i++) {
            if (i > 0) {
                assertThat(bag.idAt(i)).isGreaterThan(bag.idAt(i - 1));
            }
            out.put(dictionary.term(bag.idAt(i)), bag.countAt(i));
        }
        return out;
    }

    @Test
    void bagsHoldTheTermsOfTheirText() {
        TermDictionary dictionary = new TermDictionary();
        TermBag.Builder builder = new TermBag.Builder(dictionary);
        SplittableRandom rng = new SplittableRandom(7);
        for (int k = 0; k < 50; k++) {
            String text = text(rng, rng.nextInt(60));
            TermBag bag = builder.bag(text);
            Map<String, Integer> reference = Terms.counts(text);
            assertThat(counts(bag, dictionary)).isEqualTo(reference);
            assertThat(bag.size()).isEqualTo(reference.size());
            for (String term : reference.keySet()) {
                assertThat(bag.contains(dictionary.find(term))).as(term).isTrue();
            }
        }
        assertThat(builder.bag("")).isSameAs(TermBag.EMPTY);
    }

    @Test
    void largeTextsOverALargeDictionaryKeepTheirTermsInOrder() {
        TermDictionary dictionary = new TermDictionary();
        TermBag.Builder builder = new TermBag.Builder(dictionary);
        SplittableRandom rng = new SplittableRandom(3);
        for (int k = 0; k < 20; k++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 3000; i++) {
                text.append('w').append(rng.nextInt(20_000)).append(rng.nextInt(10) == 0 ? ", " : " ");
            }
            TermBag bag = builder.bag(text);
            assertThat(counts(bag, dictionary)).isEqualTo(Terms.counts(text));
        }
        assertThat(dictionary.size()).isGreaterThan(1 << 11);
    }

    /** Lines of random words, some repeated, with and without a final line break. */
    private static List<String> lines(SplittableRandom rng, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(rng.nextInt(6) == 0 && !out.isEmpty() ? out.get(rng.nextInt(out.size())) : text(rng, rng.nextInt(12)));
        }
        return out;
    }

    @Test
    void aNewVersionsBagFromItsChangedLinesIsItsWholeBag() {
        TermDictionary dictionary = new TermDictionary();
        TermBag.Builder builder = new TermBag.Builder(dictionary);
        SplittableRandom rng = new SplittableRandom(13);
        for (int k = 0; k < 300; k++) {
            List<String> before = lines(rng, rng.nextInt(40));
            List<String> after = new ArrayList<>(before);
            int edits = rng.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = after.isEmpty() ? 0 : rng.nextInt(after.size());
                switch (rng.nextInt(4)) {
                    case 0 -> after.add(at, text(rng, rng.nextInt(10)));                   // a line added
                    case 1 -> { if (!after.isEmpty()) { after.remove(at); } }             // a line removed
                    case 2 -> { if (!after.isEmpty()) { after.set(at, text(rng, 5)); } }  // a line rewritten
                    default -> { if (!after.isEmpty()) { after.add(after.remove(at)); } } // a line moved
                }
            }
            if (rng.nextInt(10) == 0) {
                after = lines(rng, rng.nextInt(30));                                       // a rewrite of the whole
            }
            String separator = rng.nextBoolean() ? "\n" : "\r\n";
            char[] old = (String.join(separator, before) + (rng.nextBoolean() ? "\n" : "")).toCharArray();
            char[] now = (String.join(separator, after) + (rng.nextBoolean() ? "\n" : "")).toCharArray();
            TermBag oldBag = builder.bag(old, old.length);
            TermBag incremental = builder.bag(now, now.length, old, old.length, oldBag);
            assertThat(counts(incremental, dictionary)).as("edit %d", k).isEqualTo(Terms.counts(new String(now)));
        }
    }

    @Test
    void aBagThatIsNotTheTextsIsRejected() {
        TermDictionary dictionary = new TermDictionary();
        TermBag.Builder builder = new TermBag.Builder(dictionary);
        char[] old = "alpha beta\ngamma delta\nepsilon\nzeta eta theta\n".toCharArray();
        char[] now = "alpha beta\ngamma\nepsilon\nzeta eta theta\n".toCharArray();
        TermBag wrong = builder.bag("alpha beta epsilon zeta eta theta");
        assertThatThrownBy(() -> builder.bag(now, now.length, old, old.length, wrong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delta");
        // the builder is usable afterwards
        assertThat(counts(builder.bag(now, now.length), dictionary)).isEqualTo(Terms.counts(new String(now)));
    }

    @Test
    void vanishedAndSweptTermsAreThoseOfTerms() {
        TermDictionary dictionary = new TermDictionary();
        TermBag.Builder builder = new TermBag.Builder(dictionary);
        SplittableRandom rng = new SplittableRandom(11);
        for (int k = 0; k < 200; k++) {
            String before = text(rng, rng.nextInt(80));
            String after = rng.nextInt(5) == 0 ? "" : text(rng, rng.nextInt(80));
            TermBag b = builder.bag(before);
            TermBag a = builder.bag(after);
            int max = 1 + rng.nextInt(12);
            assertThat(TermBag.vanished(b, a, dictionary, max))
                    .isEqualTo(Terms.vanished(Terms.counts(before), Terms.counts(after), max));
            assertThat(TermBag.swept(b, a, dictionary, 2, max))
                    .isEqualTo(Terms.swept(Terms.counts(before), Terms.counts(after), 2, max));
        }
    }

    @Test
    void differenceListsTheTermsLostAndGained() {
        TermDictionary dictionary = new TermDictionary();
        TermBag.Builder builder = new TermBag.Builder(dictionary);
        TermBag before = builder.bag("alpha beta gamma");
        TermBag after = builder.bag("beta delta gamma epsilon");
        List<String> lost = new ArrayList<>();
        List<String> gained = new ArrayList<>();
        TermBag.difference(before, after, id -> lost.add(dictionary.term(id)), id -> gained.add(dictionary.term(id)));
        assertThat(lost).containsExactly("alpha");
        assertThat(gained).containsExactlyInAnyOrder("delta", "epsilon");
    }

    @Test
    void theDictionaryNumbersManyTermsAndFindsThemAgain() {
        TermDictionary dictionary = new TermDictionary();
        for (int i = 0; i < 50_000; i++) {
            String term = "t" + i;
            assertThat(dictionary.intern(("<" + term + ">").toCharArray(), 1, term.length() + 1)).isEqualTo(i);
        }
        assertThat(dictionary.size()).isEqualTo(50_000);
        assertThat(dictionary.find("t31337")).isEqualTo(31_337);
        assertThat(dictionary.intern("xt49999".toCharArray(), 1, 7)).isEqualTo(49_999);
        assertThat(dictionary.find("t50000")).isEqualTo(-1);
        assertThat(dictionary.term(7)).isEqualTo("t7");
        assertThatThrownBy(() -> dictionary.term(50_000)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
