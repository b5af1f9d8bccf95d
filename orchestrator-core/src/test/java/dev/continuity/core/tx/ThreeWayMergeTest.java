package dev.continuity.core.tx;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ThreeWayMergeTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String merged(String base, String ours, String theirs) {
        ThreeWayMerge.Result r = ThreeWayMerge.merge(b(base), b(ours), b(theirs));
        assertThat(r.clean()).as("conflicts at %s", r.conflictingLines()).isTrue();
        return new String(r.merged().orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void combinesEditsSeparatedByUnchangedLines() {
        String base = "一\n二\n三\n四\n五\n";
        assertThat(merged(base, "一\n二\n三\n四\n五（改）\n", "一（作者）\n二\n三\n四\n五\n")).isEqualTo("一（作者）\n二\n三\n四\n五（改）\n");
    }

    @Test
    void keepsLineEndingsBomAndAMissingFinalNewline() {
        String base = "\uFEFFa\r\nb\r\nc\r\nd\r\ne";
        String ours = "\uFEFFa\r\nb\r\nc\r\nd\r\nE";
        String theirs = "\uFEFFA\r\nb\r\nc\r\nd\r\ne";
        assertThat(merged(base, ours, theirs)).isEqualTo("\uFEFFA\r\nb\r\nc\r\nd\r\nE");
    }

    @Test
    void mixedLineEndingsSurviveUntouched() {
        String base = "a\r\nb\nc\rd\ne\n";
        assertThat(merged(base, base.replace("e\n", "E\n"), "A\r\nb\nc\rd\ne\n")).isEqualTo("A\r\nb\nc\rd\nE\n");
    }

    @Test
    void identicalChangesOnBothSidesAreNotAConflict() {
        assertThat(merged("a\nb\nc\n", "a\nX\nc\n", "a\nX\nc\n")).isEqualTo("a\nX\nc\n");
    }

    @Test
    void insertionsAndDeletionsFarApartMerge() {
        String base = "1\n2\n3\n4\n5\n6\n7\n";
        assertThat(merged(base, "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n3\n4\n5\n6\n7\n")).isEqualTo("1\n3\n4\n5\n6\n7\n8\n");
    }

    @Test
    void overlappingChangesConflictAndNameTheLinesOfTheFileOnDisk() {
        String base = "1\n2\n3\n4\n5\n6\n";
        // the author inserted two lines at the top and rewrote line 4; the step rewrote line 4 differently
        ThreeWayMerge.Result r = ThreeWayMerge.merge(b(base), b("1\n2\n3\nours\n5\n6\n"), b("0a\n0b\n1\n2\n3\ntheirs\n5\n6\n"));
        assertThat(r.clean()).isFalse();
        assertThat(r.conflictingLines()).containsExactly(6);
    }

    @Test
    void adjacentChangesConflictLikeGit() {
        ThreeWayMerge.Result r = ThreeWayMerge.merge(b("a\nb\nc\n"), b("a\nB\nc\n"), b("a\nb\nC\n"));
        assertThat(r.clean()).isFalse();
        assertThat(r.conflictingLines()).containsExactly(2, 3);
    }

    @Test
    void anAuthorDeletionAgainstAnEditConflictsAtThePlaceOfTheDeletion() {
        ThreeWayMerge.Result r = ThreeWayMerge.merge(b("a\nb\nc\nd\n"), b("a\nb\nC\nd\n"), b("a\nb\nd\n"));
        assertThat(r.clean()).isFalse();
        assertThat(r.conflictingLines()).containsExactly(3);
    }

    @Test
    void japaneseTextIsSplitOnLinesOnly() {
        assertThat(ThreeWayMerge.lines(b("佐藤は\r\n港町へ\n灯台"))).containsExactly(
                new String(b("佐藤は\r\n"), StandardCharsets.ISO_8859_1), new String(b("港町へ\n"), StandardCharsets.ISO_8859_1),
                new String(b("灯台"), StandardCharsets.ISO_8859_1));
    }
}
