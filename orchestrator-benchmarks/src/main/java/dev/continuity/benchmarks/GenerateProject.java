package dev.continuity.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link GeneratedProject} into a folder: {@code GenerateProject DIR [files] [references] [seed]}.
 * Used by {@code scripts/kill-test.sh} and for trying the command line on a large project.
 */
public final class GenerateProject {
    private GenerateProject() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GenerateProject DIR [files=2000] [references=10000] [seed=42]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int refs = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        long written = GeneratedProject.write(dir, files, Math.max(10, files / 50), Math.max(3, refs / files), seed);
        System.out.println("generated " + files + " files, " + written + " references in " + dir);
    }
}
