package dev.continuity.healing.internal;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InternalsTest {
    @Test
    void similarityCountsCodePoints() {
        assertThat(Similarity.distance("魔導卿ザハル", "魔導卿ザハール")).isEqualTo(1);
        assertThat(Similarity.distance("😀a", "a")).isEqualTo(1);
        // a swap of two adjacent characters is one edit: Jnae is Jane mistyped, Eatrh is Earth
        assertThat(Similarity.distance("Jnae", "Jane")).isEqualTo(1);
        assertThat(Similarity.of("Eatrh", "Earth")).isEqualTo(0.8);
        assertThat(Similarity.distance("ザハル", "ザルハ")).isEqualTo(1);
        assertThat(Similarity.distance("ca", "abc")).isEqualTo(3);
        assertThat(Similarity.distance("abcd", "badc")).isEqualTo(2);
        assertThat(Similarity.of("abc", "abc")).isEqualTo(1.0);
        assertThat(Similarity.of("", "")).isEqualTo(1.0);
        List<Similarity.Candidate> ranked = Similarity.rank("王女セリヤ", Map.of("王女セリア", "王女セリア", "セリア", "王女セリア", "導師", "導師"));
        assertThat(ranked).extracting(Similarity.Candidate::written).containsExactly("王女セリア", "導師");
        assertThat(Similarity.unique(ranked, 0.7, 0.1)).hasValueSatisfying(c -> assertThat(c.target()).isEqualTo("王女セリア"));
        assertThat(Similarity.unique(Similarity.rank("第5章", Map.of("第1章", "a", "第2章", "b")), 0.5, 0.1)).as("a tie is not unique").isEmpty();
    }

    @Test
    void storyDatesAsNovelsWriteThem() {
        assertThat(StoryDates.parse("0962-03-03")).contains(LocalDate.of(962, 3, 3));
        assertThat(StoryDates.parse("1024/3/5")).contains(LocalDate.of(1024, 3, 5));
        assertThat(StoryDates.parse("1024年3月15日")).contains(LocalDate.of(1024, 3, 15));
        assertThat(StoryDates.parse("1024-03")).contains(LocalDate.of(1024, 3, 1));
        assertThat(StoryDates.parse("1024-02-30")).isEmpty();
        assertThat(StoryDates.looksLikeDate("1024-02-30")).isTrue();
        assertThat(StoryDates.parse("いつか")).isEmpty();
        assertThat(StoryDates.format(LocalDate.of(962, 3, 3), "1024-01-01")).isEqualTo("0962-03-03");
        assertThat(StoryDates.format(LocalDate.of(1024, 9, 1), "1024/4/1")).isEqualTo("1024/09/01");
        assertThat(StoryDates.format(LocalDate.of(1024, 9, 1), "1024年4月1日")).isEqualTo("1024年9月1日");
        assertThat(StoryDates.parseEnd("1024-02")).contains(LocalDate.of(1024, 2, 29));
        assertThat(StoryDates.parseEnd("1024")).contains(LocalDate.of(1024, 12, 31));
        assertThat(StoryDates.parseEnd("1024-03-15")).contains(LocalDate.of(1024, 3, 15));
        assertThat(StoryDates.format(LocalDate.of(1024, 9, 22), "1024-03")).as("keeps the precision").isEqualTo("1024-09");
        assertThat(StoryDates.format(LocalDate.of(1024, 9, 22), "1024/3")).isEqualTo("1024/09");
        assertThat(StoryDates.format(LocalDate.of(1024, 9, 22), "1024年3月")).isEqualTo("1024年9月");
        assertThat(StoryDates.format(LocalDate.of(1025, 9, 22), "1024")).isEqualTo("1025");
    }

    @Test
    void textEditsReplaceSpansOnlyAndRefuseStaleOnes() {
        String text = "a: 旧名\r\nb: [旧名, x]\n";
        String out = TextEdits.apply("f", text, List.of(new TextEdits.Edit(3, 5, "旧名", "新しい名"), new TextEdits.Edit(11, 13, "旧名", "新")));
        assertThat(out).isEqualTo("a: 新しい名\r\nb: [新, x]\n");
        assertThatThrownBy(() -> TextEdits.apply("f", text, List.of(new TextEdits.Edit(0, 2, "zz", "y"))))
                .hasMessageContaining("f: expected 'zz'");
        assertThat(TextEdits.lineOf(text, 11)).isEqualTo(2);
        assertThat(TextEdits.quoteLine(text, 1, 100)).isEqualTo("a: 旧名");
    }
}
