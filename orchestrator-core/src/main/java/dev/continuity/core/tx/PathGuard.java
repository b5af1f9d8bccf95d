package dev.continuity.core.tx;

import dev.continuity.api.PathEscapeException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Confines paths to the project root, twice: lexically (no absolute path, no {@code ..} that climbs above the
 * root) and physically (the deepest existing ancestor, resolved through every symlink, must still lie inside the
 * real root). Returns the canonical project-relative path, so that two names of one file stage one file.
 * Continuity's own directory {@code .continuity/} is refused as well: only the transaction writes there.
 */
final class PathGuard {
    private final Layout layout;
    private final FileOps ops;
    private Path realRoot;

    PathGuard(Layout layout, FileOps ops) {
        this.layout = layout;
        this.ops = ops;
    }

    /** The canonical project-relative path of {@code relative}; {@link PathEscapeException} when it leaves the root. */
    String canonical(String relative) throws IOException {
        List<String> segments = lexical(relative);
        Path lexicalPath = layout.resolve(String.join("/", segments));
        // find the deepest existing ancestor (or the path itself) and resolve its symlinks
        Path existing = lexicalPath;
        Deque<String> missing = new ArrayDeque<>();
        Path real;
        while (true) {
            try {
                real = ops.realPath(existing);
                break;
            } catch (NoSuchFileException e) {
                if (existing.equals(layout.root())) {
                    throw e;
                }
                missing.addFirst(existing.getFileName().toString());
                existing = existing.getParent();
            }
        }
        Path root = realRoot();
        if (!real.startsWith(root)) {
            throw new PathEscapeException(relative, "it resolves through a symbolic link to " + real + ", outside the project root");
        }
        List<String> canonical = new ArrayList<>();
        for (Path segment : root.relativize(real)) {
            if (!segment.toString().isEmpty()) {
                canonical.add(segment.toString());
            }
        }
        canonical.addAll(missing);
        if (canonical.isEmpty()) {
            throw new PathEscapeException(relative, "it names the project root itself, not a file in it");
        }
        if (canonical.get(0).equals(Layout.STATE_DIR)) {
            throw new PathEscapeException(relative, "it resolves into " + Layout.STATE_DIR + "/, which is reserved for Continuity's own state");
        }
        return String.join("/", canonical);
    }

    /** Resolves the real root now (once), so that later calls need no extra I/O for it. */
    void canonicalRoot() throws IOException {
        realRoot();
    }

    private synchronized Path realRoot() throws IOException {
        if (realRoot == null) {
            realRoot = ops.realPath(layout.root());
        }
        return realRoot;
    }

    /** The lexically normalised segments; refuses absolute paths, NULs, and {@code ..} above the root. */
    static List<String> lexical(String relative) {
        if (relative == null || relative.isBlank()) {
            throw new PathEscapeException(String.valueOf(relative), "it is empty");
        }
        if (relative.indexOf('\0') >= 0) {
            throw new PathEscapeException(relative, "it contains a NUL character");
        }
        String unified = relative.replace('\\', '/');
        if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*")) {
            throw new PathEscapeException(relative, "it is absolute; paths must be relative to the project root");
        }
        Deque<String> stack = new ArrayDeque<>();
        for (String segment : unified.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (stack.isEmpty()) {
                    throw new PathEscapeException(relative, "'..' climbs above the project root");
                }
                stack.removeLast();
            } else {
                stack.addLast(segment);
            }
        }
        if (stack.isEmpty()) {
            throw new PathEscapeException(relative, "it names the project root itself, not a file in it");
        }
        if (stack.peekFirst().equals(Layout.STATE_DIR)) {
            throw new PathEscapeException(relative, "it points into " + Layout.STATE_DIR + "/, which is reserved for Continuity's own state");
        }
        return new ArrayList<>(stack);
    }

    /**
     * Checks a project-relative path read back from Continuity's own files (journal, checkpoint): relative, no
     * {@code .} or {@code ..} segments, {@code /} separators. {@code .continuity/} is allowed here.
     */
    static void lexicalInternal(String relative) {
        if (relative.isEmpty() || relative.startsWith("/") || relative.indexOf('\\') >= 0 || relative.indexOf('\0') >= 0
                || relative.matches("^[A-Za-z]:.*")) {
            throw new IllegalArgumentException("bad path '" + relative + "'");
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("bad path '" + relative + "'");
            }
        }
    }
}
