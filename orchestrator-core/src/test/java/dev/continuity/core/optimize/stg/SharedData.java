package dev.continuity.core.optimize.stg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared Standard Task Graph Set: the system property {@code continuity.shared} (the
 * {@code shared} folder, or the {@code stg} folder itself), else a {@code shared/data/stg} folder
 * in the working directory or any directory above it (the module usually runs in a sibling of
 * {@code shared}).
 */
final class SharedData {
    private SharedData() {
    }

    static Optional<Path> stgRoot() {
        String property = System.getProperty("continuity.shared");
        if (property != null && !property.isBlank()) {
            Path given = Path.of(property).toAbsolutePath().normalize();
            for (Path candidate : new Path[] {given.resolve("data/stg"), given.resolve("stg"), given}) {
                if (isStgRoot(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize(); dir != null;
                dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/stg");
            if (isStgRoot(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isStgRoot(Path p) {
        return Files.isDirectory(p.resolve("optimal")) && Files.isDirectory(p);
    }
}
