package dev.continuity.healing.internal;

import dev.continuity.api.ProjectFileException;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.project.HardenedYaml;
import dev.continuity.core.project.ParsedFile;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.YamlNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed YAML of a snapshot's files (YAML files and Markdown front matter), with positions. A scanned
 * {@link Project} already holds it; for any other snapshot, YAML files are parsed here with the hardened parser.
 */
public final class Documents {
    private static final HardenedYaml YAML = new HardenedYaml();

    private Documents() {}

    /** The file's YAML document or front matter, if it has one. */
    public static Optional<YamlNode> yaml(ProjectSnapshot snapshot, String path) {
        if (snapshot instanceof Project p) {
            return p.file(path).flatMap(ParsedFile::yaml);
        }
        if (!(path.endsWith(".yaml") || path.endsWith(".yml"))) {
            return Optional.empty();
        }
        try {
            return snapshot.text(path).flatMap(t -> YAML.parse(path, t));
        } catch (ProjectFileException e) {
            return Optional.empty();
        }
    }

    /** The file's top-level mapping, if its YAML is one. */
    public static Optional<YamlNode.Mapping> mapping(ProjectSnapshot snapshot, String path) {
        return yaml(snapshot, path).flatMap(Documents::asMapping);
    }

    public static Optional<YamlNode.Mapping> asMapping(YamlNode node) {
        return node instanceof YamlNode.Mapping m ? Optional.of(m) : Optional.empty();
    }

    /** A scalar value of a mapping, stripped; empty when absent, null or not a scalar. */
    public static Optional<String> scalar(YamlNode.Mapping m, String key) {
        return m.get(key).flatMap(Documents::scalarNode).map(s -> s.value().strip()).filter(s -> !s.isEmpty());
    }

    /** The scalar node of a key, if it is a scalar. */
    public static Optional<YamlNode.Scalar> scalarNode(YamlNode.Mapping m, String key) {
        return m.get(key).flatMap(Documents::scalarNode);
    }

    private static Optional<YamlNode.Scalar> scalarNode(YamlNode n) {
        return n instanceof YamlNode.Scalar s ? Optional.of(s) : Optional.empty();
    }

    /** The scalars of a key holding a list of scalars (or one scalar), with their nodes. */
    public static List<YamlNode.Scalar> scalars(YamlNode.Mapping m, String key) {
        List<YamlNode.Scalar> out = new ArrayList<>();
        m.get(key).ifPresent(n -> {
            if (n instanceof YamlNode.Scalar s && !s.value().isBlank()) {
                out.add(s);
            } else if (n instanceof YamlNode.Sequence seq) {
                seq.items().forEach(i -> {
                    if (i instanceof YamlNode.Scalar s && !s.value().isBlank()) {
                        out.add(s);
                    }
                });
            }
        });
        return out;
    }

    /** The mappings of a key holding a list of mappings. */
    public static List<YamlNode.Mapping> mappings(YamlNode.Mapping m, String key) {
        List<YamlNode.Mapping> out = new ArrayList<>();
        m.get(key).ifPresent(n -> {
            if (n instanceof YamlNode.Sequence seq) {
                seq.items().forEach(i -> asMapping(i).ifPresent(out::add));
            }
        });
        return out;
    }

    /** The line of a key in a mapping, else the mapping's line. */
    public static int line(YamlNode.Mapping m, String key) {
        return m.keyLines().getOrDefault(key, m.line());
    }

    /** Whether a key is present with a non-empty value (a non-blank scalar, a non-empty list or mapping). */
    public static boolean present(YamlNode.Mapping m, String key) {
        return m.get(key).map(n -> switch (n) {
            case YamlNode.Scalar s -> !s.value().isBlank();
            case YamlNode.Sequence s -> !s.items().isEmpty();
            case YamlNode.Mapping mm -> !mm.entries().isEmpty();
            case YamlNode.Null ignored -> false;
        }).orElse(false);
    }

    /** An integer scalar, if it is one. */
    public static Optional<Integer> integer(YamlNode.Mapping m, String key) {
        return scalar(m, key).flatMap(s -> {
            try {
                return Optional.of(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
