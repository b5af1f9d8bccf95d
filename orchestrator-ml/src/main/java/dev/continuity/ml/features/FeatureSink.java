package dev.continuity.ml.features;

/** Receives the features of one (change, candidate) pair. */
@FunctionalInterface
public interface FeatureSink {

    /**
     * Records a numeric feature. Zero values may be dropped (features are sparse: absent means 0);
     * non-finite values are dropped and counted as extractor failures.
     */
    void put(String name, double value);

    /** Records a categorical (one-hot) feature {@code name=value}. */
    default void category(String name, String value) {
        put(name + "=" + value, 1.0);
    }

    /** Records a boolean feature as 1 when {@code on}. */
    default void flag(String name, boolean on) {
        if (on) {
            put(name, 1.0);
        }
    }
}
