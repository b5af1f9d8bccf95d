package dev.continuity.ml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the shared data folder: system property {@code continuity.shared}, or upward from {@code user.dir}. */
public final class SharedData {

    private SharedData() {
    }

    /** The {@code shared} folder, when present. */
    public static Optional<Path> sharedFolder() {
        String prop = System.getProperty("continuity.shared");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            return Files.isDirectory(p.resolve("data/histories")) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data/histories"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A history bundle by file name, when present. */
    public static Optional<Path> history(String bundle) {
        return sharedFolder().map(s -> s.resolve("data/histories").resolve(bundle)).filter(Files::isRegularFile);
    }
}
