package dev.continuity.api.spi;

import dev.continuity.api.ExecutionEvent;

/**
 * Receives the events of every run of an orchestrator. Called on the executor's threads, concurrently for different
 * steps: keep it fast and thread-safe, and hand heavy work to your own executor. What it throws is caught, logged,
 * counted ({@code continuity.plugin.failures}) and otherwise ignored: a listener never fails a run.
 */
@FunctionalInterface
public interface ExecutionListener {

    /** Receives one event, on the thread that produced it; listeners are called in registration order. */
    void onEvent(ExecutionEvent event);

    /**
     * Names the listener in the log and in {@code continuity.plugin.failures} when {@link #onEvent} throws. By default
     * the class's simple name; for a lambda the declaring class's simple name and {@code -lambda} (e.g.
     * {@code MyApp-lambda}), for an anonymous class the enclosing class's and {@code -anonymous}: bounded, the same in
     * every JVM. Override it to tell two such listeners apart.
     */
    default String id() {
        return defaultId(getClass());
    }

    /**
     * The default id of a plugin class: its simple name; for a lambda, its declaring class's simple name and
     * {@code -lambda}; for an anonymous class, its enclosing class's and {@code -anonymous}. Never the JVM's generated
     * name ({@code Foo$$Lambda/0x...}, different in every JVM), so that meter tags stay bounded.
     */
    private static String defaultId(Class<?> c) {
        String name = c.getName();
        int lambda = name.indexOf("$$Lambda");
        if (lambda >= 0) {
            String declaring = name.substring(0, lambda);
            return declaring.substring(declaring.lastIndexOf('.') + 1) + "-lambda";
        }
        if (c.isAnonymousClass() && c.getEnclosingClass() != null) {
            return defaultId(c.getEnclosingClass()) + "-anonymous";
        }
        return c.getSimpleName().isEmpty() ? name.substring(name.lastIndexOf('.') + 1) : c.getSimpleName();
    }
}
