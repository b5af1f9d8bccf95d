package dev.continuity.core.project;

import dev.continuity.api.PathEscapeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Confines project-relative paths to the project root: lexically (no absolute paths, no {@code ..} above the root)
 * and physically (no symlink on the way that leads outside the root).
 */
public final class PathGuard {
    private final Path root;
    private final Path realRoot;

    /**
     * A guard for a project root, which must exist: its real path (symlinks resolved) is what paths are confined to.
     *
     * @param root the project root; made absolute and normalised
     * @throws java.io.UncheckedIOException when the root cannot be resolved (it does not exist, or cannot be read)
     */
    public PathGuard(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            this.realRoot = this.root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("project root " + root + " cannot be resolved", e);
        }
    }

    /** {@return the project root, absolute and normalised (symlinks not resolved)} */
    public Path root() {
        return root;
    }

    /** Normalises a project-relative path to {@code a/b/c} form, refusing what escapes the root lexically. */
    public static String normalize(String path) {
        String p = path.replace('\\', '/');
        if (p.isEmpty()) {
            throw new PathEscapeException(path, "empty path");
        }
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            throw new PathEscapeException(path, "absolute paths are not allowed");
        }
        if (p.indexOf('\0') >= 0) {
            throw new PathEscapeException(path, "NUL in path");
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new PathEscapeException(path, "'..' leads above the project root");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        if (parts.isEmpty()) {
            throw new PathEscapeException(path, "path names the root itself");
        }
        return String.join("/", parts);
    }

    /**
     * Resolves a project-relative path to an absolute one inside the root, checking every existing ancestor's real
     * path (so a symlinked folder or file that points outside is refused).
     */
    public Path resolve(String relative) {
        String norm = normalize(relative);
        Path target = root.resolve(norm).normalize();
        if (!target.startsWith(root)) {
            throw new PathEscapeException(relative, "resolves outside the root");
        }
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            try {
                Path real = existing.toRealPath();
                if (!real.startsWith(realRoot)) {
                    throw new PathEscapeException(relative, "a symbolic link leads to " + real + ", outside the root");
                }
            } catch (IOException e) {
                throw new PathEscapeException(relative, "cannot be resolved: " + e.getMessage());
            }
        }
        return target;
    }

    /** The project-relative form of an absolute path under the root. */
    public String relativize(Path absolute) {
        return root.relativize(absolute.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
