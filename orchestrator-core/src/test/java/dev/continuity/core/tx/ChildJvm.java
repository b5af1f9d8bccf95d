package dev.continuity.core.tx;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Starts {@link CrashChild} in a fresh JVM: the current {@code java}, the test class path. */
final class ChildJvm {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASSPATH = classpath(CrashChild.class, ProjectTransaction.class, ObjectMapper.class, JsonFactory.class,
            JsonProperty.class, DiffUtils.class, LoggerFactory.class, dev.continuity.api.OrchestratorException.class);

    /** {@code kinds}: "KIND:fileName" of each mutating operation, parallel to {@code mutating}. */
    record Result(int exitCode, List<Long> mutating, List<Long> effective, List<String> kinds, long total) {}

    private ChildJvm() {}

    private static String classpath(Class<?>... anchors) {
        return Arrays.stream(anchors).map(c -> {
            try {
                return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    static List<String> command(String mode, Path root, long crashAt, String style, Path report, int files, long seed) {
        return List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-Xmx64m",
                "-Dslf4j.internal.verbosity=ERROR", "-cp", CLASSPATH, CrashChild.class.getName(), mode, root.toString(),
                Long.toString(crashAt), style, report.toString(), Integer.toString(files), Long.toString(seed));
    }

    /** Runs the child to completion or to its halt. */
    static Result run(String mode, Path root, long crashAt, Path work, int files, long seed) {
        try {
            Path report = Files.createTempFile(work, "report", ".txt");
            Path err = Files.createTempFile(work, "stderr", ".txt");
            Process p = new ProcessBuilder(command(mode, root, crashAt, "halt", report, files, seed))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("child did not finish: " + mode + " k=" + crashAt);
            }
            int code = p.exitValue();
            if (code != 0 && code != CrashChild.HALTED) {
                throw new IllegalStateException("child failed with exit code " + code + ": " + Files.readString(err));
            }
            Result result = code == 0 ? parse(code, Files.readString(report)) : new Result(code, List.of(), List.of(), List.of(), -1);
            Files.deleteIfExists(report);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the child until it stands before operation k, then kills it with {@code destroyForcibly} (SIGKILL). */
    static void runAndKill(Path root, long crashAt, Path work, int files, long seed) {
        try {
            Path report = Files.createTempFile(work, "report", ".txt");
            Process p = new ProcessBuilder(command("commit", root, crashAt, "block", report, files, seed))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                if (line == null || !line.equals("AT " + crashAt)) {
                    throw new IllegalStateException("child did not reach operation " + crashAt + ": " + line);
                }
                p.destroyForcibly();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("killed child did not exit");
            }
            if (p.exitValue() == 0) {
                throw new IllegalStateException("the child was supposed to be killed");
            }
            Files.deleteIfExists(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Result parse(int code, String report) {
        long total = 0;
        List<Long> mutating = new ArrayList<>();
        List<Long> effective = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (String line : report.split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv.length < 2) {
                continue;
            }
            switch (kv[0]) {
                case "total" -> total = Long.parseLong(kv[1]);
                case "mutating" -> mutating.addAll(longs(kv[1]));
                case "effective" -> effective.addAll(longs(kv[1]));
                case "kinds" -> kinds.addAll(kv[1].isEmpty() ? List.of() : List.of(kv[1].split(",")));
                default -> { }
            }
        }
        return new Result(code, mutating, effective, kinds, total);
    }

    private static List<Long> longs(String csv) {
        return csv.isEmpty() ? List.of() : Stream.of(csv.split(",")).map(Long::parseLong).toList();
    }
}
