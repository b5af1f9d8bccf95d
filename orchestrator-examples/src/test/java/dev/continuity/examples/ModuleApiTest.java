package dev.continuity.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Continuity's modules as a user on the module path sees them: what each exports, that no exported signature has a
 * third-party type, and that each module registers the same service providers in its descriptor as in
 * {@code META-INF/services} (the class path reads the one, the module path the other).
 *
 * <p>The modules are read from this test's class path (the reactor's {@code target/classes} or the installed jars).
 */
class ModuleApiTest {

    /** Package prefixes of third-party types that must not appear in an exported signature. */
    private static final List<String> FORBIDDEN = List.of("org.jgrapht.", "io.jenetics.", "org.tribuo.",
            "org.eclipse.jgit.", "io.github.resilience4j.", "com.fasterxml.", "com.google.", "com.oracle.",
            "org.slf4j.", "org.yaml.", "com.github.difflib.", "picocli.");

    private static Map<String, ModuleReference> modules;

    @BeforeAll
    static void findModules() {
        modules = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.exists(p)) {
                continue;
            }
            try {
                ModuleFinder.of(p).findAll().stream()
                        .filter(r -> r.descriptor().name().startsWith("dev.continuity.") && !r.descriptor().isAutomatic())
                        .forEach(r -> modules.putIfAbsent(r.descriptor().name(), r));
            } catch (RuntimeException notAModule) {
                // a jar the module system cannot read as a module: not one of ours
            }
        }
    }

    @Test
    void eachModuleExportsItsApiPackagesOnly() {
        assertThat(modules).containsOnlyKeys("dev.continuity.api", "dev.continuity.core", "dev.continuity.ml",
                "dev.continuity.healing", "dev.continuity.testkit");
        assertThat(exports("dev.continuity.api")).containsExactly("dev.continuity.api", "dev.continuity.api.spi");
        assertThat(exports("dev.continuity.core")).containsExactly("dev.continuity.core",
                "dev.continuity.core.alerts", "dev.continuity.core.execute", "dev.continuity.core.graph", "dev.continuity.core.heal", "dev.continuity.core.optimize",
                "dev.continuity.core.project", "dev.continuity.core.report");
        assertThat(exports("dev.continuity.ml")).containsExactly("dev.continuity.ml", "dev.continuity.ml.features",
                "dev.continuity.ml.history", "dev.continuity.ml.model");
        assertThat(exports("dev.continuity.healing")).containsExactly("dev.continuity.healing",
                "dev.continuity.healing.detect", "dev.continuity.healing.fix");
        assertThat(exports("dev.continuity.testkit")).containsExactly("dev.continuity.testkit");
        assertThat(modules.get("dev.continuity.ml").descriptor().packages())
                .contains("dev.continuity.ml.git", "dev.continuity.ml.eval");
    }

    @Test
    void noExportedSignatureHasAThirdPartyType() throws ClassNotFoundException {
        List<String> leaks = new ArrayList<>();
        for (ModuleReference m : modules.values()) {
            for (String pkg : exports(m.descriptor().name())) {
                for (String className : classesOf(m, pkg)) {
                    Class<?> c = Class.forName(className, false, getClass().getClassLoader());
                    if (!isVisible(c)) {
                        continue;
                    }
                    List<String> signatures = new ArrayList<>();
                    if (c.getGenericSuperclass() != null) {
                        signatures.add("extends " + c.getGenericSuperclass().getTypeName());
                    }
                    Arrays.stream(c.getGenericInterfaces()).forEach(t -> signatures.add("implements " + t.getTypeName()));
                    Stream.<Executable>concat(Arrays.stream(c.getDeclaredConstructors()), Arrays.stream(c.getDeclaredMethods()))
                            .filter(e -> !e.isSynthetic() && isApi(e.getModifiers()))
                            .forEach(e -> signatures.add(e.toGenericString()));
                    Arrays.stream(c.getDeclaredFields()).filter(f -> !f.isSynthetic() && isApi(f.getModifiers()))
                            .map(Field::toGenericString).forEach(signatures::add);
                    for (String s : signatures) {
                        if (FORBIDDEN.stream().anyMatch(s::contains)) {
                            leaks.add(className + ": " + s);
                        }
                    }
                }
            }
        }
        assertThat(leaks).as("third-party types in exported signatures").isEmpty();
    }

    @Test
    void theDescriptorProvidesWhatMetaInfServicesLists() {
        for (ModuleReference m : modules.values()) {
            Map<String, Set<String>> declared = new TreeMap<>();
            m.descriptor().provides().forEach(p -> declared.put(p.service(), new TreeSet<>(p.providers())));
            Map<String, Set<String>> listed = new TreeMap<>();
            try (ModuleReader reader = m.open(); Stream<String> names = reader.list()) {
                for (String name : names.filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/")).toList()) {
                    try (InputStream in = reader.open(name).orElseThrow()) {
                        Set<String> providers = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                                .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                                .map(l -> l.replace('$', '.'))
                                .collect(Collectors.toCollection(TreeSet::new));
                        listed.put(name.substring("META-INF/services/".length()).replace('$', '.'), providers);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Set<String>> declaredDotted = new TreeMap<>();
            declared.forEach((k, v) -> declaredDotted.put(k.replace('$', '.'),
                    v.stream().map(s -> s.replace('$', '.')).collect(Collectors.toCollection(TreeSet::new))));
            assertThat(declaredDotted).as(m.descriptor().name()).isEqualTo(listed);
        }
        assertThat(modules.get("dev.continuity.ml").descriptor().provides())
                .anySatisfy(p -> assertThat(p.providers()).contains("dev.continuity.ml.TribuoImpactPredictor"));
    }

    private static List<String> exports(String module) {
        return modules.get(module).descriptor().exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).sorted().toList();
    }

    /** The classes directly in {@code pkg}, nested ones included. */
    private static List<String> classesOf(ModuleReference m, String pkg) {
        String dir = pkg.replace('.', '/') + "/";
        try (ModuleReader reader = m.open(); Stream<String> names = reader.list()) {
            return names.filter(n -> n.startsWith(dir) && n.endsWith(".class") && n.indexOf('/', dir.length()) < 0)
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A class a user can name: public, and nested only in public classes (or protected in them). */
    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (k.isAnonymousClass() || k.isLocalClass() || k.isSynthetic() || !isApi(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isApi(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }
}
