package dev.continuity.api.spi;

import java.time.InstantSource;

/** What a {@link FixStrategy} sees. */
public interface FixContext {
    /**
     * The project as it is staged: the scanned project with the update's staged writes and the fixes kept so far laid
     * over it (not necessarily what is on disk). The issue is detected on this state, and {@link #writer()} reads the
     * same content.
     *
     * @return the staged project
     */
    ProjectSnapshot project();

    /** {@return where to write; the only way a strategy may change the project} */
    ProjectWriter writer();

    /** {@return the orchestrator's clock, for timestamps a fix writes (a test clock in tests)} */
    InstantSource clock();
}
