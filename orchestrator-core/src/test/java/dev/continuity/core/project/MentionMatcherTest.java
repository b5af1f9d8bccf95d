package dev.continuity.core.project;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MentionMatcherTest {

    @Test
    void findsLeftmostLongestWithoutOverlaps() {
        MentionMatcher m = MentionMatcher.of(Map.of("導師", "導師", "大導師", "大導師", "レオン", "主人公"));
        String text = "大導師と導師、そしてレオン。";
        assertThat(m.find(text, 0, text.length())).extracting(MentionMatcher.Match::name).containsExactly("大導師", "導師", "主人公");
        assertThat(m.find(text, 0, text.length()).getFirst()).isEqualTo(new MentionMatcher.Match(0, 3, "大導師"));
    }

    @Test
    void latinNamesNeedWordBoundaries() {
        MentionMatcher m = MentionMatcher.of(Map.of("Ann", "Ann", "Mara Quill", "Mara Quill", "Mara", "Mara Quill"));
        String text = "Annual report: Ann met Mara Quill; Mara_x and Marathon do not count, Mara does.";
        assertThat(m.find(text, 0, text.length())).extracting(MentionMatcher.Match::start).containsExactly(15, 23, 69);
    }

    @Test
    void katakanaNamesAreNotFoundInsideLongerKatakanaWords() {
        MentionMatcher m = MentionMatcher.of(Map.of("レオン", "主人公", "ｾﾘｱ", "王女"));
        String text = "皇帝ナポレオンの肖像。カメレオンが這う。レオンは笑い、レオン・ガルドと呼ばれ、「レオン」ｾﾘｱとﾌﾟﾘﾝｾｽｾﾘｱ。";
        assertThat(m.find(text, 0, text.length())).extracting(MentionMatcher.Match::start)
                .containsExactly(text.indexOf("レオンは"), text.indexOf("レオン・"), text.indexOf("「レオン") + 1, text.indexOf("ｾﾘｱと"));
    }

    @Test
    void matchesOverlappingSuffixes() {
        MentionMatcher m = MentionMatcher.of(Map.of("あいうえ", "A", "いう", "B", "うえお", "C"));
        String text = "xあいうえおx いうえお";
        assertThat(m.find(text, 0, text.length())).extracting(MentionMatcher.Match::name).containsExactly("A", "B");
    }

    @Test
    void emptyDictionaryFindsNothing() {
        assertThat(MentionMatcher.of(Map.of()).find("anything", 0, 8)).isEmpty();
    }
}
