package dev.continuity.examples.demo;

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
import java.util.stream.Stream;

/** The sample projects shipped in this module's resources ({@code samples/<name>/}), copied out for use. */
public final class SampleProjects {
    /** The Japanese five-volume saga of the specification's example. */
    public static final String LARGE_FANTASY_SAGA = "large_fantasy_saga";
    /** The smaller English sample. */
    public static final String LIGHTHOUSE_KEEPERS = "lighthouse_keepers";

    private SampleProjects() {}

    /** Copies sample {@code name} into {@code target} (created if needed); returns {@code target}. */
    public static Path copy(String name, Path target) {
        return copyResource("samples/" + name, target);
    }

    /** Copies a resource folder into {@code target}. */
    public static Path copyResource(String folder, Path target) {
        URL url = SampleProjects.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalArgumentException("no sample resource '" + folder + "' on the class path");
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
                copyTree(fs.getPath("/" + folder), target);
            } else {
                copyTree(Path.of(uri), target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy sample " + folder + " to " + target, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one resource file. */
    public static byte[] resource(String path) {
        try (var in = SampleProjects.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource '" + path + "' on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(source)) {
            all = s.toList();
        }
        for (Path p : all) {
            Path rel = source.relativize(p);
            Path dest = target.resolve(rel.toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(dest);
            } else {
                Files.createDirectories(dest.getParent());
                Files.copy(p, dest);
            }
        }
    }
}
