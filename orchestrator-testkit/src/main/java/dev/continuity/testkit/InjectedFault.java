package dev.continuity.testkit;

/** The exception a {@link FaultyHandler} or {@link FaultyStrategy} throws on purpose. */
public final class InjectedFault extends RuntimeException {
    public InjectedFault(String message) {
        super(message);
    }
}
