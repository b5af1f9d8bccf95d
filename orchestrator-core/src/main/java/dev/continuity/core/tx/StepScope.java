package dev.continuity.core.tx;

import java.util.Optional;

/**
 * What a step sees inside {@link ProjectTransaction#runStep}: reads through the transaction, writes staged only
 * for this step (they join the transaction when the step returns, and are dropped if it throws), and
 * compensations for side effects outside the project.
 */
public interface StepScope {
    String stepId();

    String pluginId();

    /** This step's staged content, else the transaction's, else the file on disk, else empty. */
    Optional<byte[]> read(String path);

    /** Stages new content; see {@link ProjectTransaction#stage}. */
    void stage(String path, byte[] content, StageInfo.Base base);

    /** Stages the deletion of a file; see {@link ProjectTransaction#stageDeletion}. */
    void stageDeletion(String path, StageInfo.Base base);

    /** Registers the undo of a side effect outside the project (saga); run in reverse order on rollback. */
    void registerCompensation(Runnable compensation);
}
