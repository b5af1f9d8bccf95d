package dev.continuity.ml;

import dev.continuity.ml.features.ContentIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The terms of a project's files on disk, and the files each term is in, as files change. */
class ProjectTermsTest {

    @TempDir
    Path dir;

    private void write(String file, String text, int second) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        // a distinct modification time for each version, as a real edit has
        Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
    }

    private static Map<String, ? extends java.util.Collection<String>> holders(ContentIndex index, String... terms) {
        return index.holders(List.of(terms)).orElseThrow();
    }

    @Test
    void theHoldersOfATermAreTheCandidatesThatHoldItNow() throws Exception {
        write("a.md", "Kaito ran to the door.", 1);
        write("b.md", "Kaito and Mira.", 1);
        write("c.md", "Mira alone.", 1);
        ProjectTerms terms = new ProjectTerms(dir);

        ContentIndex first = terms.snapshot(List.of("b.md", "c.md"), List.of("Kaito", "Mira", "door."));
        assertThat(holders(first, "Kaito")).containsOnlyKeys("Kaito").extractingByKey("Kaito").asList()
                .containsExactly("b.md");
        assertThat(holders(first, "Mira").get("Mira")).containsExactlyInAnyOrder("b.md", "c.md");
        assertThat(holders(first, "door.")).as("a.md is no candidate").isEmpty();
        assertThat(first.documentFrequency("Mira")).isEqualTo(2);
        assertThat(first.documentFrequency("alone.")).as("a term not asked for is counted by looking").isEqualTo(1);
        assertThat(first.documentCount()).isEqualTo(2);
        assertThat(first.termsOf("a.md")).isEmpty();
        String inB = first.termsOf("b.md").stream().filter("Mira"::equals).findFirst().orElseThrow();
        String inC = first.termsOf("c.md").stream().filter("Mira"::equals).findFirst().orElseThrow();
        assertThat(inB).as("files share one copy of a term").isSameAs(inC);

        // c.md now names Kaito too, and b.md loses him; the earlier snapshot does not change
        write("c.md", "Mira and Kaito, alone.", 2);
        write("b.md", "Mira.", 2);
        ContentIndex second = terms.snapshot(List.of("a.md", "b.md", "c.md"), List.of("Kaito"));
        assertThat(holders(second, "Kaito").get("Kaito")).containsExactlyInAnyOrder("a.md", "c.md");
        assertThat(holders(first, "Kaito").get("Kaito")).containsExactly("b.md");
        assertThat(second.termsOf("b.md")).containsExactlyInAnyOrder("Mira.", "Mira");
    }

    @Test
    void aDeletedOrUnreadableFileHoldsNothingAndIsForgotten() throws Exception {
        write("a.md", "Kaito", 1);
        write("b.md", "Kaito", 1);
        write("c.md", "Kaito", 1);
        ProjectTerms terms = new ProjectTerms(dir);
        assertThat(holders(terms.snapshot(List.of("a.md", "b.md", "c.md"), List.of("Kaito")), "Kaito").get("Kaito"))
                .hasSize(3);
        assertThat(terms.cachedFiles()).isEqualTo(3);

        Files.delete(dir.resolve("a.md"));                 // still asked for: no terms
        Files.delete(dir.resolve("b.md"));                 // no longer a candidate: forgotten
        Files.write(dir.resolve("c.md"), new byte[]{(byte) 0xC3, (byte) 0x28});   // not UTF-8: no terms
        ContentIndex after = terms.snapshot(List.of("a.md", "c.md"), List.of("Kaito"));
        assertThat(holders(after, "Kaito")).isEmpty();
        assertThat(after.documentFrequency("Kaito")).isZero();
        assertThat(after.documentCount()).isEqualTo(2);
        assertThat(terms.cachedFiles()).isZero();

        write("a.md", "Kaito is back", 5);
        assertThat(holders(terms.snapshot(List.of("a.md", "c.md"), List.of("Kaito")), "Kaito").get("Kaito"))
                .containsExactly("a.md");
    }
}
