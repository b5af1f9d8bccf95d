package dev.continuity.ml.features;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a fixed list of {@link FeatureExtractor}s over (change, candidate) pairs. Every call into an
 * extractor is guarded: an exception or a non-finite value is caught, logged (first occurrence per
 * extractor at WARN, then at DEBUG), counted in {@link #failureCounts()}, and only that extractor's
 * features are left out for that pair.
 *
 * <p>Immutable and thread-safe.
 */
public final class FeaturePipeline {

    private static final Logger LOG = LoggerFactory.getLogger(FeaturePipeline.class);

    /** A feature that is always 1, so that no pair has an empty feature vector. */
    public static final String CONSTANT_FEATURE = "const";

    /** At most this many sequences of feature names keep their sorted layout. */
    private static final int MAX_LAYOUTS = 4_096;

    private final List<FeatureExtractor> extractors;
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    // The extractors emit their names in the same few sequences pair after pair (which features are present varies,
    // their order does not): each sequence is sorted once.
    private final Map<NameSequence, int[]> layouts = new ConcurrentHashMap<>();

    private FeaturePipeline(List<FeatureExtractor> extractors) {
        this.extractors = List.copyOf(extractors);
        Set<String> ids = new LinkedHashSet<>();
        for (FeatureExtractor e : this.extractors) {
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("two feature extractors share the id " + e.id());
            }
        }
    }

    /** The built-in extractors ({@link BuiltinFeatures#all()}). */
    public static FeaturePipeline defaults() {
        return new FeaturePipeline(BuiltinFeatures.all());
    }

    /** A pipeline of exactly these extractors. */
    public static FeaturePipeline of(List<FeatureExtractor> extractors) {
        if (extractors.isEmpty()) {
            throw new IllegalArgumentException("a feature pipeline needs at least one extractor");
        }
        return new FeaturePipeline(extractors);
    }

    /** This pipeline plus one more extractor. */
    public FeaturePipeline with(FeatureExtractor extractor) {
        List<FeatureExtractor> all = new ArrayList<>(extractors);
        all.add(Objects.requireNonNull(extractor, "extractor"));
        return new FeaturePipeline(all);
    }

    /** The extractors in order. */
    public List<FeatureExtractor> extractors() {
        return extractors;
    }

    /** Extractor id to version, in order (part of the feature schema). */
    public Map<String, Integer> signature() {
        Map<String, Integer> sig = new LinkedHashMap<>();
        for (FeatureExtractor e : extractors) {
            sig.put(e.id(), e.version());
        }
        return sig;
    }

    /** The features of one pair. */
    public FeatureVector extract(QueryContext context, String candidate) {
        Buffer buffer = new Buffer();
        buffer.put(CONSTANT_FEATURE, 1.0);
        for (FeatureExtractor e : extractors) {
            int mark = buffer.size;
            try {
                e.extract(context, candidate, buffer);
                if (buffer.nonFinite) {
                    buffer.size = mark;
                    buffer.nonFinite = false;
                    fail(e, new IllegalStateException("non-finite feature value"));
                }
            } catch (RuntimeException ex) {
                buffer.size = mark;
                buffer.nonFinite = false;
                fail(e, ex);
            }
        }
        NameSequence names = new NameSequence(buffer.names, buffer.size);
        int[] layout = layouts.get(names);
        if (layout == null) {
            layout = FeatureVector.layout(buffer.names, buffer.size);
            if (layouts.size() < MAX_LAYOUTS) {
                layouts.put(names.copy(), layout);
            }
        }
        return FeatureVector.of(buffer.names, buffer.values, buffer.size, layout);
    }

    /** The names a pair's extractors emitted, in order: a key that compares them by value. */
    private static final class NameSequence {
        private final String[] names;
        private final int length;
        private final int hash;

        NameSequence(String[] names, int length) {
            this.names = names;
            this.length = length;
            int h = length;
            for (int i = 0; i < length; i++) {
                h = 31 * h + names[i].hashCode();
            }
            this.hash = h;
        }

        /** A key of its own, trimmed to the names (the buffer's array has room for more). */
        NameSequence copy() {
            return new NameSequence(Arrays.copyOf(names, length), length);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof NameSequence other) || other.length != length || other.hash != hash) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (!names[i].equals(other.names[i])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Failures per extractor id since this pipeline was created. */
    public Map<String, Long> failureCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        failures.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void fail(FeatureExtractor e, RuntimeException ex) {
        long n = failures.computeIfAbsent(e.id(), k -> new AtomicLong()).incrementAndGet();
        if (n == 1) {
            LOG.warn("feature extractor {} failed; its features are left out for this pair", e.id(), ex);
        } else {
            LOG.debug("feature extractor {} failed ({} failures so far)", e.id(), n, ex);
        }
    }

    private static final class Buffer implements FeatureSink {
        String[] names = new String[64];
        double[] values = new double[64];
        int size;
        boolean nonFinite;

        @Override
        public void put(String name, double value) {
            Objects.requireNonNull(name, "feature name");
            if (!Double.isFinite(value)) {
                nonFinite = true;
                return;
            }
            if (value == 0.0) {
                return;
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
        }
    }
}
