package dev.continuity.ml;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What depending on {@code orchestrator-ml} puts on a user's class path: this test's class path is the module's runtime
 * dependencies and its test libraries. Tribuo's command-line tools and OLCUT's shell are the only users of JLine and
 * of {@code tribuo-data} (with its CSV stack); the rest of this module's tests train, calibrate, save and load models
 * without them.
 */
class PublishedDependenciesTest {

    @Test
    void tribuosCommandLineDependenciesAreLeftOut() {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        assertThat(classPath)
                .as("JLine, Jansi, tribuo-data and the opencsv / commons stack it brings are excluded in orchestrator-ml's pom")
                .noneMatch(entry -> entry.contains("jline") || entry.contains("jansi") || entry.contains("tribuo-data")
                        || entry.contains("opencsv") || entry.contains("commons-beanutils")
                        || entry.contains("commons-collections") || entry.contains("commons-lang3"));
        assertThatThrownBy(() -> Class.forName("org.jline.reader.LineReader")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.tribuo.data.DataOptions")).isInstanceOf(ClassNotFoundException.class);
    }
}
