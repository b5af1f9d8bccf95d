package dev.continuity.core.execute;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterStoreTest {
    @TempDir
    Path root;

    private static DeadLetter letter(String step) {
        return new DeadLetter("exec-1:" + step, "exec-1", step, "40_原稿/第1話.md", "llm-rewrite", "llm", "dev.continuity.api.RetryableException",
                "handler 'llm-rewrite' failed: 503", 4, "2026-11-21T00:00:00Z", "PLOT_CHANGE", List.of("INTELLIGENT_PLOT"),
                List.of("20_プロット/全体構成.yaml"), Map.of("affected_volumes", List.of(3, 4)), "ensemble", 0.8, DeadLetter.PENDING);
    }

    @Test
    void keepsLettersChecksummedAndFoldsTheirStates() throws Exception {
        DeadLetterStore store = DeadLetterStore.of(root);
        store.append(letter("s001"));
        store.append(letter("s002"));
        assertThat(store.pending()).extracting(DeadLetter::stepId).containsExactly("s001", "s002");
        assertThat(store.pending().getFirst()).isEqualTo(letter("s001"));

        store.mark(List.of(letter("s001")), DeadLetter.RESOLVED);
        assertThat(store.pending()).extracting(DeadLetter::stepId).containsExactly("s002");
        assertThat(store.all()).hasSize(2);

        List<String> lines = Files.readAllLines(store.file());
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{\"sha256\":\""));
    }

    @Test
    void aTamperedOrTornLineIsSkippedAndCounted() throws Exception {
        DeadLetterStore store = DeadLetterStore.of(root);
        store.append(letter("s001"));
        store.append(letter("s002"));
        List<String> lines = Files.readAllLines(store.file());
        Files.write(store.file(), List.of(lines.get(0).replace("503", "504"), lines.get(1)), StandardCharsets.UTF_8);
        Files.writeString(store.file(), "{\"sha256\":\"abc", StandardOpenOption.APPEND);

        assertThat(store.pending()).extracting(DeadLetter::stepId).containsExactly("s002");
        assertThat(store.corruptLines()).isEqualTo(2);
    }
}
