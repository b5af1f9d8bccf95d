package dev.continuity.examples.cli;

import dev.continuity.api.EntityInfo;
import dev.continuity.api.FileKind;
import dev.continuity.api.UpdateType;
import dev.continuity.core.project.Project;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The update type of a change when {@code --type} is not given, and why. Decided by the first changed file the scan
 * knows something about: its kind when the kind says what changed (a plot, a character sheet, a setting, the
 * timeline); otherwise the entities it defines (a file that defines an entity is where the entity changes: a
 * novelWriter note with {@code @tag: Jane}); otherwise, for a manuscript, a manuscript change. The kind of a file the
 * scan could not read is the one its config gives. Only when the scan knows nothing (an unclassified file that defines
 * nothing) are the words of the path used.
 *
 * @param type   the update type
 * @param reason what it was guessed from, for people
 */
record UpdateTypeGuess(UpdateType type, String reason) {

    static UpdateTypeGuess of(List<String> changedFiles, Project scan) {
        for (String file : changedFiles) {
            Optional<UpdateTypeGuess> known = fromScan(normalize(file), scan);
            if (known.isPresent()) {
                return known.get();
            }
        }
        String first = changedFiles.getFirst();
        UpdateType byPath = fromPathWords(first);
        return new UpdateTypeGuess(byPath, "guessed from the words of the path " + first);
    }

    private static Optional<UpdateTypeGuess> fromScan(String file, Project scan) {
        // a file the scan could not read is left out of it, but the config still says what kind of file it is
        boolean unreadable = scan.file(file).isEmpty() && scan.errors().stream().anyMatch(d -> d.file().equals(file));
        Optional<FileKind> kind = unreadable ? Optional.of(scan.config().kindOf(file)) : scan.kind(file);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Optional<UpdateType> byKind = switch (kind.get()) {
            case PLOT, CONCEPT, FORESHADOWING -> Optional.of(UpdateType.PLOT_CHANGE);
            case CHARACTER -> Optional.of(UpdateType.CHARACTER_CHANGE);
            case SETTING -> Optional.of(UpdateType.SETTING_CHANGE);
            case TIMELINE -> Optional.of(UpdateType.TIMELINE_CHANGE);
            case MANUSCRIPT, DERIVED, NOTE, CONFIG, OTHER -> Optional.empty();
        };
        if (byKind.isPresent()) {
            return Optional.of(new UpdateTypeGuess(byKind.get(), file + " is a " + kind.get() + " file"));
        }
        List<EntityInfo> defined = scan.entitiesDefinedIn(file);
        if (!defined.isEmpty()) {
            EntityInfo e = defined.getFirst();
            UpdateType type = isPlace(e.type()) ? UpdateType.SETTING_CHANGE : UpdateType.CHARACTER_CHANGE;
            return Optional.of(new UpdateTypeGuess(type, file + " defines " + e.type() + " '" + e.name() + "'"));
        }
        if (kind.get() == FileKind.MANUSCRIPT) {
            return Optional.of(new UpdateTypeGuess(UpdateType.MANUSCRIPT_CHANGE, file + " is a MANUSCRIPT file"));
        }
        return Optional.empty();
    }

    private static boolean isPlace(String entityType) {
        String t = entityType.toLowerCase(Locale.ROOT);
        return t.contains("place") || t.contains("location") || t.contains("setting") || t.contains("world") || t.contains("場所")
                || t.contains("設定");
    }

    /** The fallback when the scan knows nothing about the file: the folder and file names. */
    static UpdateType fromPathWords(String f) {
        if (f.contains("キャラクター") || f.contains("character")) {
            return UpdateType.CHARACTER_CHANGE;
        }
        if (f.contains("年表") || f.contains("timeline")) {
            return UpdateType.TIMELINE_CHANGE;
        }
        if (f.contains("原稿") || f.contains("chapters/") || f.contains("manuscript")) {
            return UpdateType.MANUSCRIPT_CHANGE;
        }
        if (f.contains("設定") || f.contains("places/") || f.contains("setting")) {
            return UpdateType.SETTING_CHANGE;
        }
        return UpdateType.PLOT_CHANGE;
    }

    private static String normalize(String file) {
        String n = java.nio.file.Path.of(file).normalize().toString().replace('\\', '/');
        return n.startsWith("./") ? n.substring(2) : n;
    }
}
