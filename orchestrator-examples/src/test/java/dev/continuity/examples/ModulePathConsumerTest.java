package dev.continuity.examples;

import dev.continuity.examples.demo.SampleProjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's application on the module path ({@code src/test/module-consumer}, a module that requires
 * {@code dev.continuity.core}, {@code .ml} and {@code .healing}) is compiled against Continuity's modules and run in
 * a child JVM on the sample saga: the plugins are found through the descriptors' {@code provides}, the update runs and
 * commits, and the report is written (Jackson reads the records of packages the modules open to it).
 *
 * <p>The module path is this test's class path without the test libraries.
 */
class ModulePathConsumerTest {

    private static final List<String> TEST_ONLY = List.of("junit", "assertj", "opentest4j", "apiguardian",
            "surefire", "test-classes", "orchestrator-testkit", "picocli", "progressbar", "logback");

    @TempDir
    Path work;

    @Test
    void anApplicationOnTheModulePathFindsThePluginsAndRunsAnUpdate() throws IOException, InterruptedException {
        String modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> TEST_ONLY.stream().noneMatch(e::contains) && Files.exists(Path.of(e)))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
        Path classes = work.resolve("consumer-classes");
        List<String> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/test/module-consumer"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream compilerOut = new ByteArrayOutputStream();
        List<String> compileArgs = new ArrayList<>(List.of("--module-path", modulePath, "-d", classes.toString(),
                "-encoding", "UTF-8"));
        compileArgs.addAll(sources);
        int compiled = javac.run(null, compilerOut, compilerOut, compileArgs.toArray(String[]::new));
        assertThat(compiled).as(compilerOut.toString(StandardCharsets.UTF_8)).isZero();

        Path project = SampleProjects.copy(SampleProjects.LARGE_FANTASY_SAGA, work.resolve("saga"));
        Path output = work.resolve("out.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstdout.encoding=UTF-8", "--module-path", classes + File.pathSeparator + modulePath,
                "--module", "dev.continuity.consumer/dev.continuity.consumer.Main", project.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child finished").isTrue();
        String out = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("predictor tribuo", "strategies 5, detectors 11", "predictor timeline", "status SUCCEEDED",
                "built with services and alert sinks");
        try (Stream<Path> reports = Files.list(project.resolve(".continuity/reports"))) {
            assertThat(reports.filter(p -> p.toString().endsWith(".json"))).hasSize(1);
        }
    }
}
