package dev.continuity.benchmarks;

import java.nio.file.Path;

/**
 * Writes a {@link GeneratedSaga} into a folder, for trying the command line on a saga of thousands of files:
 * {@code GenerateSaga DIR [volumes=5] [chapters=200] [characters=250] [places=200] [lines=200] [seed=42] [misspelt=0]}. With
 * {@code misspelt}, that many chapter plots (spread over the saga) name their first character one letter off, for
 * {@code heal} to repair. The appearance index is written as a stub (stale); run {@code heal} once on a saga without
 * misspelt names for a fresh one.
 */
public final class GenerateSaga {
    private GenerateSaga() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GenerateSaga DIR [volumes=5] [chapters=200] [characters=250] [places=200] [lines=200] [seed=42] [misspelt=0]");
            System.exit(2);
        }
        int volumes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int chapters = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int characters = args.length > 3 ? Integer.parseInt(args[3]) : 250;
        int places = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int lines = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        long seed = args.length > 6 ? Long.parseLong(args[6]) : 42;
        int misspelt = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        GeneratedSaga.Summary s = GeneratedSaga.write(Path.of(args[0]), volumes, chapters, characters, places, lines, seed);
        if (misspelt > 0) {
            System.out.println(SagaBenchmark.misspell(Path.of(args[0]), misspelt) + " character names misspelt in chapter plots");
        }
        System.out.println("generated " + s.files() + " files (" + s.chapters() + " chapters, " + s.characters() + " characters, "
                + s.places() + " places) in " + args[0]);
    }
}
