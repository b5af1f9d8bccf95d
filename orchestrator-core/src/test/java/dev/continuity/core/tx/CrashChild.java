package dev.continuity.core.tx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The process that gets killed: runs the fixture update ({@code commit}) or a recovery ({@code recover}) on a real
 * directory, through a {@link FaultyFileOps} that numbers every I/O operation. Before operation {@code crashAt}:
 * <ul>
 *   <li>{@code halt}: {@code Runtime.halt(77)}, no shutdown hooks, no finally blocks, no flush;</li>
 *   <li>{@code block}: prints {@code AT <k>} and waits, so that the parent kills it with {@code destroyForcibly}.</li>
 * </ul>
 * Writes a report (operation count, mutating and effective mutating operation indices) when it completes.
 *
 * <p>Arguments: {@code mode root crashAt style report files seed}.
 */
public final class CrashChild {
    static final int HALTED = 77;

    private CrashChild() {}

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path root = Path.of(args[1]);
        long crashAt = Long.parseLong(args[2]);
        String style = args[3];
        Path report = Path.of(args[4]);
        int files = Integer.parseInt(args[5]);
        long seed = Long.parseLong(args[6]);
        FaultyFileOps ops = new FaultyFileOps(FileOps.nio(), op -> {
            if (op.index() == crashAt) {
                if (style.equals("block")) {
                    System.out.println("AT " + op.index());
                    System.out.flush();
                    System.in.read(); // the parent kills us while we wait here
                }
                Runtime.getRuntime().halt(HALTED);
            }
        });
        TransactionOptions options = TransactionOptions.builder()
                .fileOps(ops)
                .random(new java.util.SplittableRandom(seed + crashAt))
                .build();
        if (mode.equals("commit")) {
            Fixture fixture = Fixture.novel(seed, files);
            try (ProjectTransaction tx = ProjectTransaction.begin(root, "crash-run", options)) {
                fixture.stageAll(tx);
                tx.commit();
            }
        } else {
            ProjectTransaction.recover(root, options);
        }
        String text = "total=" + ops.count() + "\n"
                + "mutating=" + ops.mutatingOps().stream().map(String::valueOf).collect(Collectors.joining(",")) + "\n"
                + "effective=" + ops.effectiveMutatingOps().stream().map(String::valueOf).collect(Collectors.joining(",")) + "\n"
                + "kinds=" + ops.log().stream().filter(op -> op.kind().mutating)
                        .map(op -> op.kind() + ":" + op.path().getFileName()).collect(Collectors.joining(",")) + "\n";
        Files.writeString(report, text, StandardCharsets.UTF_8);
        System.exit(0);
    }
}
