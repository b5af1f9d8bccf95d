package dev.continuity.testkit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives each test of the class (or the annotated method) a fresh copy of a template project, resolved as a
 * {@link TestProject} parameter:
 *
 * <pre>{@code
 * @ContinuityProject("classpath:novels/my-saga")
 * class MySagaTest {
 *     @Test
 *     void renames(TestProject project) { ... }
 * }
 * }</pre>
 *
 * A method's annotation wins over its class's; the tests of a {@code @Nested} class use the nearest enclosing class's
 * annotation unless they (or the nested class) have their own. For plugins or a builder configuration, register a
 * {@link ContinuityExtension} instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(ContinuityExtension.class)
public @interface ContinuityProject {
    /** The template: {@code classpath:folder} (a resource folder) or a path relative to the working directory. */
    String value();

    /** Where the test clock starts (ISO-8601). */
    String clock() default "2026-01-01T00:00:00Z";

    /** Whether the orchestrator also finds plugins with {@code ServiceLoader} ({@code discoverPlugins()}). */
    boolean discoverPlugins() default false;
}
