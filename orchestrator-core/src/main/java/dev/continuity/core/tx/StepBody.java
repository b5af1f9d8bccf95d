package dev.continuity.core.tx;

/** The work of one step, run by {@link ProjectTransaction#runStep}: plugin code, guarded by the transaction. */
@FunctionalInterface
public interface StepBody {
    void run(StepScope scope) throws Exception;
}
