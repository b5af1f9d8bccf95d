package dev.continuity.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Defensive, order-preserving copies for the records of this package. */
final class Copies {
    /** Not instantiable. */
    private Copies() {}

    /** An unmodifiable copy of {@code map} that keeps its iteration order and rejects nulls. */
    static <K, V> Map<K, V> orderedMap(Map<K, V> map) {
        Objects.requireNonNull(map, "map");
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "map key"), Objects.requireNonNull(v, () -> "value of " + k)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * An unmodifiable deep copy of a context map whose values are strings, numbers, booleans or lists of
     * them. Anything else is refused, so a context can always be printed as JSON and compared.
     */
    static Map<String, Object> contextMap(Map<String, ?> map) {
        Objects.requireNonNull(map, "context");
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "context key"), contextValue(k, v)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * {@code value} itself when a string, number or boolean, a copied list when a list; else an
     * {@link IllegalArgumentException} naming {@code key}.
     */
    private static Object contextValue(String key, Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> contextValue(key, v)).toList();
        }
        throw new IllegalArgumentException("context value of '" + key + "' must be a string, number, boolean or list of them, was "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /**
     * An unmodifiable copy of a list of file names, unless the list or one of them is null
     * ({@link NullPointerException}) or a name is blank ({@link IllegalArgumentException}); both name the element, e.g.
     * {@code changedFiles[1]}.
     */
    static List<String> fileNames(List<String> files, String name) {
        Objects.requireNonNull(files, name);
        List<String> copy = new ArrayList<>(files);
        for (int i = 0; i < copy.size(); i++) {
            String f = copy.get(i);
            if (f == null) {
                throw new NullPointerException(name + "[" + i + "] is null");
            }
            if (f.isBlank()) {
                throw new IllegalArgumentException(name + "[" + i + "] is blank ('" + f + "'): name a file relative to the project root");
            }
        }
        return List.copyOf(copy);
    }

    /**
     * {@code value}, unless it is null ({@link NullPointerException}) or blank ({@link IllegalArgumentException} naming
     * {@code name}).
     */
    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** {@code value}, unless it is NaN or outside [0, 1] ({@link IllegalArgumentException} naming {@code name} and the value). */
    static double requireProbability(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], was " + value);
        }
        return value;
    }
}
