package dev.continuity.testkit;

import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A JUnit 5 extension for integration tests against a project: before each test it copies a template project into a
 * new temporary folder and makes a {@link TestProject} (with an orchestrator bound to the copy and a {@link TestClock}
 * standing still); after the test it closes the orchestrator and deletes the folder. Test methods receive the
 * {@link TestProject}, its {@link TestClock} or its {@link Orchestrator} as parameters.
 *
 * <pre>{@code
 * @RegisterExtension
 * static ContinuityExtension continuity = ContinuityExtension.forTemplate(ProjectTemplate.classpath("novels/my-saga"))
 *         .clock(Instant.parse("2026-01-01T00:00:00Z"))
 *         .configure(builder -> builder.discoverPlugins().fixStrategy(new MyStrategy()))
 *         .build();
 *
 * @Test
 * void healsTheTypo(TestProject project) {
 *     project.replace("20_plot/ch1.yaml", "Alice", "Alcie");
 *     assertThat(project.heal()).singleElement().satisfies(a -> assertThat(a).wasApplied().isVerified());
 * }
 * }</pre>
 *
 * Or declaratively, with {@link ContinuityProject}.
 */
public final class ContinuityExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ContinuityExtension.class);
    private static final String KEY = "project";

    private final Optional<ProjectTemplate> template;
    private final Optional<Instant> start;
    private final Consumer<Orchestrators.Builder> configure;

    /** For {@code @ExtendWith} with {@link ContinuityProject}; use {@link #forTemplate} to register one yourself. */
    public ContinuityExtension() {
        this(Optional.empty(), Optional.empty(), TestProject.nothing());
    }

    private ContinuityExtension(Optional<ProjectTemplate> template, Optional<Instant> start, Consumer<Orchestrators.Builder> configure) {
        this.template = template;
        this.start = start;
        this.configure = configure;
    }

    /** A builder of an extension that copies {@code template} for each test. */
    public static Builder forTemplate(ProjectTemplate template) {
        return new Builder(Objects.requireNonNull(template, "template"));
    }

    /** Configures a {@link ContinuityExtension}. */
    public static final class Builder {
        private final ProjectTemplate template;
        private Instant start = TestClock.DEFAULT_START;
        private Consumer<Orchestrators.Builder> configure = TestProject.nothing();

        private Builder(ProjectTemplate template) {
            this.template = template;
        }

        /** Where each test's clock starts; {@link TestClock#DEFAULT_START} by default. */
        public Builder clock(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * Configures each test's orchestrator builder (plugins, workers, discovery). The clock and a seeded random
         * source are already set; setting them again is an error.
         */
        public Builder configure(Consumer<Orchestrators.Builder> configure) {
            this.configure = this.configure.andThen(Objects.requireNonNull(configure, "configure"));
            return this;
        }

        /** {@return the extension; register it on a {@code static} field with {@code @RegisterExtension}} */
        public ContinuityExtension build() {
            return new ContinuityExtension(Optional.of(template), Optional.of(start), configure);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ProjectTemplate t;
        Instant s;
        Consumer<Orchestrators.Builder> c = configure;
        if (template.isPresent()) {
            t = template.get();
            s = start.orElse(TestClock.DEFAULT_START);
        } else {
            Declared declared = declared(context).orElseThrow(() -> new ExtensionConfigurationException("ContinuityExtension needs a "
                    + "template: annotate the test with @ContinuityProject(\"classpath:...\") or register "
                    + "ContinuityExtension.forTemplate(...).build()"));
            ContinuityProject a = declared.annotation();
            t = ProjectTemplate.parse(a.value());
            try {
                s = Instant.parse(a.clock());
            } catch (DateTimeParseException e) {
                throw new ExtensionConfigurationException("@ContinuityProject(clock = \"" + a.clock() + "\") on " + declared.on()
                        + " is not an ISO-8601 instant such as 2026-01-01T00:00:00Z", e);
            }
            if (a.discoverPlugins()) {
                c = c.andThen(Orchestrators.Builder::discoverPlugins);
            }
        }
        TestProject project = TestProject.copyOf(t, TestClock.at(s), c);
        context.getStore(NAMESPACE).put(KEY, project);
    }

    /** A {@link ContinuityProject} and where it was found (for messages). */
    private record Declared(ContinuityProject annotation, String on) {}

    /**
     * The annotation that applies to the test: the method's, else its class's, else (for a {@code @Nested} class) the
     * nearest enclosing class's, as JUnit applies the extension it registers to nested classes too.
     */
    private static Optional<Declared> declared(ExtensionContext context) {
        java.lang.reflect.Method method = context.getRequiredTestMethod();
        Optional<ContinuityProject> a = AnnotationSupport.findAnnotation(method, ContinuityProject.class);
        if (a.isPresent()) {
            return Optional.of(new Declared(a.get(), method.getDeclaringClass().getName() + "#" + method.getName()));
        }
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = inner(c) ? c.getEnclosingClass() : null) {
            a = AnnotationSupport.findAnnotation(c, ContinuityProject.class);
            if (a.isPresent()) {
                return Optional.of(new Declared(a.get(), c.getName()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code c} is an inner class (the kind a {@code @Nested} test class is). */
    private static boolean inner(Class<?> c) {
        return c.isMemberClass() && !java.lang.reflect.Modifier.isStatic(c.getModifiers());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestProject project = context.getStore(NAMESPACE).remove(KEY, TestProject.class);
        if (project != null) {
            project.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestProject.class || type == TestClock.class || type == Orchestrator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestProject project = context.getStore(NAMESPACE).get(KEY, TestProject.class);
        if (project == null) {
            throw new ParameterResolutionException("no test project: ContinuityExtension provides one to test methods only");
        }
        Class<?> type = parameter.getParameter().getType();
        return type == TestProject.class ? project : type == TestClock.class ? project.clock() : project.orchestrator();
    }
}
