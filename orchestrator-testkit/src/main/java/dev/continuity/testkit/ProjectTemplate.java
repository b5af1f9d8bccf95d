package dev.continuity.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A project to copy for each test: a folder on disk ({@link #directory(Path)}) or a folder of resources on the class
 * path ({@link #classpath(String)}, also inside a jar). {@link #parse(String)} reads {@code classpath:novels/saga} or a
 * path.
 */
public final class ProjectTemplate {
    private final String description;
    private final Copier copier;

    @FunctionalInterface
    private interface Copier {
        void copy(Path target) throws IOException;
    }

    private ProjectTemplate(String description, Copier copier) {
        this.description = description;
        this.copier = copier;
    }

    /** A template folder on disk, e.g. {@code src/test/resources/my-novel}. */
    public static ProjectTemplate directory(Path folder) {
        Objects.requireNonNull(folder, "folder");
        return new ProjectTemplate(folder.toString(), target -> {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("template folder " + folder.toAbsolutePath() + " does not exist");
            }
            copyTree(folder, target);
        });
    }

    /** A template folder of class-path resources, e.g. {@code novels/my-saga} for {@code src/test/resources/novels/my-saga}. */
    public static ProjectTemplate classpath(String folder) {
        String f = folder.replaceAll("^/+|/+$", "");
        return new ProjectTemplate("classpath:" + f, target -> {
            URL url = Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader().getResource(f) : null;
            if (url == null) {
                url = ProjectTemplate.class.getClassLoader().getResource(f);
            }
            if (url == null) {
                throw new IllegalArgumentException("no template '" + f + "' on the class path (put it under src/test/resources/" + f + ")");
            }
            try {
                URI uri = url.toURI();
                if (uri.getScheme().equals("jar")) {
                    FileSystem fs;
                    try {
                        fs = FileSystems.newFileSystem(uri, Map.of());
                    } catch (FileSystemAlreadyExistsException e) {
                        fs = FileSystems.getFileSystem(uri);
                    }
                    copyTree(fs.getPath("/" + f), target);
                } else {
                    copyTree(Path.of(uri), target);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** {@code classpath:folder} or a path. */
    public static ProjectTemplate parse(String spec) {
        return spec.startsWith("classpath:") ? classpath(spec.substring("classpath:".length())) : directory(Path.of(spec));
    }

    /** Copies the template into {@code target} (created if needed). */
    public Path copyTo(Path target) {
        try {
            Files.createDirectories(target);
            copier.copy(target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy template " + description + " to " + target, e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(source)) {
            all = s.toList();
        }
        for (Path p : all) {
            Path dest = target.resolve(source.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(dest);
            } else {
                Files.createDirectories(dest.getParent());
                Files.copy(p, dest);
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
