package dev.continuity.core;

import dev.continuity.api.OrchestratorException;
import dev.continuity.core.internal.AtomicFiles;
import dev.continuity.core.project.PathGuard;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectScanner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Applies staged writes: first checks that no file changed on disk since the scan (else nothing is written), then
 * writes every new content to a forced temp file beside its target, then moves each into place atomically.
 */
final class Committer {
    private Committer() {}

    static void commit(PathGuard guard, Project scanned, Map<String, byte[]> staged) {
        for (String path : staged.keySet()) {
            Path abs = guard.resolve(path);
            String scannedHash = scanned.file(path).map(f -> f.hash()).orElse(null);
            try {
                if (scannedHash != null) {
                    String now = Files.isRegularFile(abs) ? ProjectScanner.hashOf(Files.readAllBytes(abs)) : "";
                    if (!now.equals(scannedHash)) {
                        throw new OrchestratorException(path + " was changed on disk during the run; nothing was written (run again, or use ADAPTIVE_MERGE)");
                    }
                }
            } catch (IOException e) {
                throw new OrchestratorException("cannot check " + path + " before writing it: " + e.getMessage(), e);
            }
        }
        Map<Path, Path> temps = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, byte[]> e : staged.entrySet()) {
                Path target = guard.resolve(e.getKey());
                temps.put(target, AtomicFiles.writeTemp(target, e.getValue()));
            }
            for (Map.Entry<Path, Path> e : temps.entrySet()) {
                AtomicFiles.moveInto(e.getValue(), e.getKey());
            }
        } catch (IOException e) {
            for (Path temp : temps.values()) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the temp file is hidden and recognisable by its suffix
                }
            }
            throw new OrchestratorException("could not write the update: " + e.getMessage(), e);
        }
    }
}
