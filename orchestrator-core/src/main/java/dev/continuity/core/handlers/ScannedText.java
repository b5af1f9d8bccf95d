package dev.continuity.core.handlers;

import dev.continuity.api.ConcurrentEditException;
import dev.continuity.api.spi.StepContext;
import dev.continuity.core.project.Utf8;

import java.util.List;

/** The text of a step's file as the scan read it, for handlers that edit the spans the scan found in it. */
public final class ScannedText {
    private ScannedText() {}

    /**
     * The file's text as scanned, provided it is still what is on disk (or staged): spans found by the scan only fit
     * that text.
     *
     * @param context the step
     * @param file    the file, relative to the project root
     * @param edit    what the handler would write, for the message ("the rename")
     * @return the scanned text
     * @throws ConcurrentEditException when the file changed after the scan (an author's edit while the update ran)
     * @throws IllegalStateException   when the file was not scanned or no longer exists
     */
    public static String unchanged(StepContext context, String file, String edit) {
        String text = context.project().text(file).orElseThrow(() -> new IllegalStateException(file + " was not scanned"));
        byte[] current = context.writer().read(file).orElseThrow(() -> new IllegalStateException(file + " does not exist"));
        if (!Utf8.decode(file, current).equals(text)) {
            throw new ConcurrentEditException(file, context.step().id(), List.of(), edit + " is not written over that edit; run the update again");
        }
        return text;
    }
}
