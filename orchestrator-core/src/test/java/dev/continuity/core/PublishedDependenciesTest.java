package dev.continuity.core;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What depending on {@code orchestrator-core} puts on a user's class path: this test's class path is the module's
 * runtime dependencies and its test libraries, none of which brings Kotlin.
 */
class PublishedDependenciesTest {

    @Test
    void theKotlinStandardLibraryThatResilience4jDeclaresByAccidentIsLeftOut() {
        assertThat(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)))
                .as("resilience4j-core 2.3.0 lists kotlin-stdlib-jdk8 as a compile dependency; Resilience4j never loads it")
                .noneMatch(entry -> entry.contains("kotlin-stdlib") || entry.contains("org/jetbrains/annotations"));
        assertThatThrownBy(() -> Class.forName("kotlin.Unit")).isInstanceOf(ClassNotFoundException.class);
    }
}
