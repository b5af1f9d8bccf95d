package dev.continuity.core.project;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GlobTest {

    @Test
    void starsQuestionMarksAndBraces() {
        assertThat(Glob.of("40_原稿/*.md").matches("40_原稿/第1話.md")).isTrue();
        assertThat(Glob.of("40_原稿/*.md").matches("40_原稿/第1巻/第1話.md")).isFalse();
        assertThat(Glob.of("40_原稿/**/*.md").matches("40_原稿/第1話.md")).isTrue();
        assertThat(Glob.of("40_原稿/**/*.md").matches("40_原稿/第1巻/第1話.md")).isTrue();
        assertThat(Glob.of("第?話.{md,txt}").matches("第3話.txt")).isTrue();
        assertThat(Glob.of("第?話.{md,txt}").matches("第3話.yaml")).isFalse();
    }

    @Test
    void characterClassesMatchOneCharacterWithinAFolder() {
        Glob digits = Glob.of("40_原稿/第[0-9]巻/*.md");
        assertThat(digits.matches("40_原稿/第3巻/a.md")).isTrue();
        assertThat(digits.matches("40_原稿/第三巻/a.md")).isFalse();
        assertThat(Glob.of("[!.]*.md").matches("draft.md")).isTrue();
        assertThat(Glob.of("[!.]*.md").matches(".hidden.md")).isFalse();
        assertThat(Glob.of("[^.]*.md").matches(".hidden.md")).isFalse();
        assertThat(Glob.of("第[一二三]話.md").matches("第二話.md")).isTrue();
        assertThat(Glob.of("第[一二三]話.md").matches("第四話.md")).isFalse();
        // a ']' first is a member; '-' first or last is a member
        assertThat(Glob.of("a[]x]b").matches("a]b")).isTrue();
        assertThat(Glob.of("a[-x]b").matches("a-b")).isTrue();
        assertThat(Glob.of("a[x-]b").matches("a-b")).isTrue();
        // regex syntax inside a class is taken literally
        assertThat(Glob.of("a[&^]b").matches("a^b")).isTrue();
        assertThat(Glob.of("a[\\d]b").matches("a5b")).isFalse();
        // never '/', even in a range spanning it or in a negated class
        assertThat(Glob.of("a[+-0]b").matches("a/b")).isFalse();
        assertThat(Glob.of("a[+-0]b").matches("a.b")).isTrue();
        assertThat(Glob.of("a[!x]b").matches("a/b")).isFalse();
    }

    @Test
    void aBackslashMakesTheNextCharacterLiteral() {
        Glob draft = Glob.of("\\[draft\\] *.md");
        assertThat(draft.matches("[draft] 第1話.md")).isTrue();
        assertThat(draft.matches("d 第1話.md")).isFalse();
        assertThat(Glob.of("a\\*b").matches("a*b")).isTrue();
        assertThat(Glob.of("a\\*b").matches("axb")).isFalse();
    }

    @Test
    void malformedGlobsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Glob.of("第[0-9巻/*.md")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed '['").hasMessageContaining("第[0-9巻/*.md");
        assertThatThrownBy(() -> Glob.of("a[x/y]b")).hasMessageContaining("holds '/'");
        assertThatThrownBy(() -> Glob.of("a\\")).hasMessageContaining("lone '\\'");
        assertThatThrownBy(() -> Glob.of("{a,b")).hasMessageContaining("unbalanced braces");
        assertThatThrownBy(() -> Glob.of("a[]")).hasMessageContaining("unclosed '['");
    }
}
