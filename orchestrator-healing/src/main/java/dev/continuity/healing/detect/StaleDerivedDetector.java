package dev.continuity.healing.detect;

import dev.continuity.api.ConsistencyIssue;
import dev.continuity.api.EntityInfo;
import dev.continuity.api.Severity;
import dev.continuity.api.spi.ProjectSnapshot;
import dev.continuity.core.handlers.DerivedIndexHandler;
import dev.continuity.core.project.Project;
import dev.continuity.core.project.ProjectConfig;
import dev.continuity.healing.HealingConfig;
import dev.continuity.healing.IssueTypes;
import dev.continuity.healing.internal.Issues;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@value IssueTypes#STALE_DERIVED}: a derived file (declared under {@code derived:} in {@code continuity.yaml}) whose
 * content no longer matches what its sources generate. For the {@code character-appearance-index} generator the index
 * is regenerated in memory ({@link DerivedIndexHandler#characterIndex}) and compared by meaning, not by bytes: which
 * files each character's row lists, whatever the table's layout. A missing derived file is stale too.
 */
public final class StaleDerivedDetector extends ConfiguredDetector {
    private static final Pattern PATH_TOKEN = Pattern.compile("[^\\s|,、<>()\\[\\]]+");

    public StaleDerivedDetector() {}

    public StaleDerivedDetector(HealingConfig config) {
        super(config);
    }

    @Override
    public String id() {
        return IssueTypes.STALE_DERIVED;
    }

    @Override
    List<ConsistencyIssue> detect(ProjectSnapshot project, HealingConfig config) {
        if (!(project instanceof Project p)) {
            return List.of();
        }
        List<ConsistencyIssue> out = new ArrayList<>();
        for (ProjectConfig.DerivedRule rule : p.config().derived()) {
            if (!rule.generator().equals("character-appearance-index")) {
                continue;
            }
            Optional<String> current = p.text(rule.path());
            String generated = DerivedIndexHandler.characterIndex(p, rule.sources(), Map.of(), "# index", "\n");
            if (current.isEmpty()) {
                out.add(Issues.issue(id(), id(), Severity.WARNING, rule.path(), 0, "missing", Optional.empty(),
                        rule.path() + " is declared as derived (" + rule.generator() + ") but does not exist",
                        List.of("continuity.yaml declares " + rule.path() + " with sources " + rule.sources().stream().map(g -> g.pattern()).toList()),
                        Optional.empty()));
                continue;
            }
            Map<String, Set<String>> expected = rows(p, generated);
            Map<String, Set<String>> actual = rows(p, current.get());
            List<String> differences = differences(expected, actual);
            if (!differences.isEmpty()) {
                List<String> evidence = new ArrayList<>(differences.stream().limit(8).toList());
                if (differences.size() > 8) {
                    evidence.add("… and " + (differences.size() - 8) + " more difference(s)");
                }
                out.add(Issues.issue(id(), id(), Severity.WARNING, rule.path(), 0, rule.generator(), Optional.empty(),
                        rule.path() + " is out of date with its sources (" + differences.size() + " difference(s))", evidence, Optional.empty()));
            }
        }
        return out;
    }

    /** Character rows of an index: the first cell's character, and the project files named in the row. */
    static Map<String, Set<String>> rows(ProjectSnapshot project, String text) {
        Set<String> files = new java.util.HashSet<>(project.files());
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("|") || l.startsWith("|-") || l.startsWith("| -")) {
                continue;
            }
            String[] cells = l.substring(1).split("\\|");
            if (cells.length == 0) {
                continue;
            }
            String name = cells[0].strip();
            Optional<EntityInfo> e = project.entity(name);
            String key = e.filter(x -> x.type().equals("character")).map(EntityInfo::name).orElse(name);
            if (e.isEmpty() && !looksLikeRow(cells, files)) {
                continue;
            }
            Set<String> listed = out.computeIfAbsent(key, k -> new TreeSet<>());
            for (int i = 1; i < cells.length; i++) {
                Matcher m = PATH_TOKEN.matcher(cells[i].replace("<br>", " "));
                while (m.find()) {
                    if (files.contains(m.group()) || m.group().contains("/")) {
                        listed.add(m.group());
                    }
                }
            }
        }
        return out;
    }

    private static boolean looksLikeRow(String[] cells, Set<String> files) {
        for (int i = 1; i < cells.length; i++) {
            for (String f : files) {
                if (cells[i].contains(f)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> differences(Map<String, Set<String>> expected, Map<String, Set<String>> actual) {
        List<String> out = new ArrayList<>();
        Map<String, Set<String>> all = new LinkedHashMap<>(expected);
        actual.keySet().forEach(k -> all.putIfAbsent(k, Set.of()));
        for (String name : all.keySet()) {
            Set<String> want = expected.get(name);
            Set<String> have = actual.get(name);
            if (want == null) {
                out.add("row '" + name + "' is no known character");
                continue;
            }
            if (have == null) {
                out.add("no row for '" + name + "'" + (want.isEmpty() ? "" : ", which appears in " + want.size() + " file(s)"));
                continue;
            }
            for (String f : want) {
                if (!have.contains(f)) {
                    out.add(name + ": " + f + " refers to it but is not listed");
                }
            }
            for (String f : have) {
                if (!want.contains(f)) {
                    out.add(name + ": " + f + " is listed but no longer refers to it");
                }
            }
        }
        return out;
    }
}
