package dev.continuity.api.spi;

import java.time.InstantSource;

/** What a {@link FixStrategy} sees. */
public interface FixContext {
    /** The project as detected. */
    ProjectSnapshot project();

    /** Where to write; the only way a strategy may change the project. */
    ProjectWriter writer();

    /** The clock. */
    InstantSource clock();
}
