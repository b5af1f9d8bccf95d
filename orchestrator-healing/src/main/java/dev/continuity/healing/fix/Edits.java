package dev.continuity.healing.fix;

import dev.continuity.api.spi.FixContext;
import dev.continuity.core.project.Utf8;
import dev.continuity.healing.internal.TextEdits;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Reads a file as the strategy's writer sees it and writes span edits back. */
final class Edits {
    private Edits() {}

    /** The file's current text, if it is the text the snapshot was made from (else the spans would not match). */
    static Optional<String> current(FixContext context, String file) {
        Optional<String> scanned = context.project().text(file);
        Optional<byte[]> bytes = context.writer().read(file);
        if (scanned.isEmpty() || bytes.isEmpty()) {
            return Optional.empty();
        }
        String text = Utf8.decode(file, bytes.get());
        return text.equals(scanned.get()) ? Optional.of(text) : Optional.empty();
    }

    /** Applies the edits to the file's text and stages the result; returns whether anything changed. */
    static boolean write(FixContext context, String file, String text, List<TextEdits.Edit> edits) {
        String updated = TextEdits.apply(file, text, edits);
        if (updated.equals(text)) {
            return false;
        }
        context.writer().write(file, updated.getBytes(StandardCharsets.UTF_8));
        return true;
    }
}
