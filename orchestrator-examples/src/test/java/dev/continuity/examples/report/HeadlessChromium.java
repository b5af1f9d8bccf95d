package dev.continuity.examples.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium}, driven headless with plain {@link ProcessBuilder}: no network, no first-run work, a fresh
 * profile per call. Install it with {@code scripts/ensure-chromium.sh}.
 */
final class HeadlessChromium {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path work;

    private HeadlessChromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    /** Chromium at {@code /usr/bin/chromium} or on the PATH, with {@code work} for profiles and logs; empty when not installed. */
    static Optional<HeadlessChromium> find(Path work) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "chromium"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().map(p -> new HeadlessChromium(p, work));
    }

    /**
     * What a page gave: the DOM after its scripts ran, and Chromium's log (console messages and uncaught errors are
     * logged there with {@code --enable-logging=stderr}).
     */
    record Page(String dom, String log) {}

    /** Loads the page, lets its scripts run, and returns the serialised DOM. */
    Page dumpDom(Path html) {
        Result r = run("dom", List.of("--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", html.toUri().toString()));
        return new Page(r.out(), r.err());
    }

    /** A screenshot of the page's first {@code width × height} pixels. */
    Path screenshot(Path html, Path png, int width, int height) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.deleteIfExists(png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result r = run("shot", List.of("--hide-scrollbars", "--virtual-time-budget=5000", "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height, html.toUri().toString()));
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot " + png + ":\n" + r.err());
        }
        return png;
    }

    private record Result(String out, String err) {}

    private Result run(String name, List<String> args) {
        try {
            Path profile = Files.createTempDirectory(work, "profile-" + name + "-");
            Path out = work.resolve(name + ".out");
            Path err = work.resolve(name + ".err");
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("chromium exited with " + p.exitValue() + ": " + command + "\n" + stderr);
            }
            return new Result(stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for chromium", e);
        }
    }
}
