package dev.continuity.core.tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A seeded novel project and one update of it: {@code files} files in the numbered-folder layout, Japanese text,
 * LF and CRLF line endings, one file with a BOM, one without a final newline; the update modifies all but two,
 * deletes two and creates two (one in a new folder).
 */
final class Fixture {
    private static final String[] FOLDERS = {"10_企画", "20_プロット/章別プロット", "30_設定集/人物", "40_原稿/第1巻", "50_管理資料"};
    private static final String[] WORDS = {"佐藤", "は", "港町", "の", "灯台", "で", "手紙", "を", "見つけた", "。", "夜明け", "前", "に",
            "雨", "が", "降り", "始め", "、", "彼女", "黙って", "歩いた", "Chapter", "timeline", "2024-05-01", "伏線"};

    final Map<String, byte[]> before = new TreeMap<>();
    /** path to new content, or empty for a deletion; in staging order. */
    final Map<String, Optional<byte[]>> changes = new LinkedHashMap<>();
    final Map<String, byte[]> after = new TreeMap<>();

    private Fixture() {}

    static Fixture novel(long seed, int files) {
        SplittableRandom random = new SplittableRandom(seed);
        Fixture f = new Fixture();
        for (int i = 0; i < files; i++) {
            String folder = FOLDERS[i % FOLDERS.length];
            String name = folder + "/" + String.format("第%02d話.md", i);
            boolean crlf = i % 7 == 3;
            boolean bom = i == 1;
            boolean noFinalNewline = i == 2;
            f.before.put(name, text(random, 4 + random.nextInt(60), crlf, bom, noFinalNewline));
        }
        List<String> paths = new ArrayList<>(f.before.keySet());
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            if (i == 0 || i == paths.size() / 2 + 1) {
                f.changes.put(p, Optional.empty());
            } else {
                String s = new String(f.before.get(p), StandardCharsets.UTF_8).replace("佐藤", "鈴木");
                f.changes.put(p, Optional.of((s + "追記" + i + (s.contains("\r\n") ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8)));
            }
        }
        f.changes.put("40_原稿/第2巻/第01話.md", Optional.of(text(random, 10, false, false, false)));
        f.changes.put("50_管理資料/索引.md", Optional.of(text(random, 3, false, false, false)));
        f.after.putAll(f.before);
        f.changes.forEach((p, c) -> {
            if (c.isPresent()) {
                f.after.put(p, c.get());
            } else {
                f.after.remove(p);
            }
        });
        return f;
    }

    private static byte[] text(SplittableRandom random, int lines, boolean crlf, boolean bom, boolean noFinalNewline) {
        StringBuilder sb = new StringBuilder(bom ? "\uFEFF" : "");
        for (int l = 0; l < lines; l++) {
            int words = 3 + random.nextInt(20);
            for (int w = 0; w < words; w++) {
                sb.append(WORDS[random.nextInt(WORDS.length)]);
            }
            if (l < lines - 1 || !noFinalNewline) {
                sb.append(crlf ? "\r\n" : "\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Stages the update, every write based on the scanned content. */
    void stageAll(ProjectTransaction tx) {
        int step = 0;
        for (Map.Entry<String, Optional<byte[]>> c : changes.entrySet()) {
            String stepId = "step-" + (step++ % 7);
            byte[] base = before.get(c.getKey());
            StageInfo info = base == null ? StageInfo.scannedAbsent(stepId, "fixture") : StageInfo.scanned(stepId, "fixture", base);
            if (c.getValue().isPresent()) {
                tx.stage(c.getKey(), c.getValue().get(), info);
            } else {
                tx.stageDeletion(c.getKey(), info);
            }
        }
    }

    /** Writes the before-state with plain java.nio (test setup, not through the transaction). */
    void writeBefore(Path root) {
        try {
            Files.createDirectories(root);
            for (Map.Entry<String, byte[]> e : before.entrySet()) {
                Path p = resolve(root, e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeBefore(SimulatedDisk disk, Path root) {
        disk.mkdirsDurable(root);
        before.forEach((p, c) -> disk.putDurable(resolve(root, p), c));
    }

    static Path resolve(Path root, String rel) {
        Path p = root;
        for (String s : rel.split("/")) {
            p = p.resolve(s);
        }
        return p;
    }

    /** The expected snapshot of the before- or after-state (see {@link #snapshot}). */
    static Map<String, String> expected(Map<String, byte[]> files) {
        Map<String, String> result = new TreeMap<>();
        files.forEach((p, c) -> {
            result.put(p, Hashes.sha256(c));
            for (String dir = Layout.parentRel(p); !dir.isEmpty(); dir = Layout.parentRel(dir)) {
                result.put(dir + "/", "dir");
            }
        });
        return result;
    }

    Map<String, String> beforeSnapshot() {
        return expected(before);
    }

    Map<String, String> afterSnapshot() {
        return expected(after);
    }

    /** Every file (path to SHA-256) and directory ({@code path/} to "dir") of the project, without .continuity. */
    static Map<String, String> snapshot(FileOps ops, Path root) {
        Map<String, String> result = new TreeMap<>();
        try {
            walk(ops, root, "", result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private static void walk(FileOps ops, Path dir, String prefix, Map<String, String> result) throws IOException {
        for (Path p : ops.list(dir)) {
            String name = prefix + p.getFileName();
            if (name.equals(Layout.STATE_DIR)) {
                continue;
            }
            if (ops.isDirectory(p)) {
                result.put(name + "/", "dir");
                walk(ops, p, name + "/", result);
            } else {
                result.put(name, Hashes.sha256(ops.read(p)));
            }
        }
    }

    /** Temp files anywhere, lock files, and journals: what must not remain after a recovery. */
    static List<String> leftovers(FileOps ops, Path root) {
        List<String> found = new ArrayList<>();
        try {
            collect(ops, root, "", found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static void collect(FileOps ops, Path dir, String prefix, List<String> found) throws IOException {
        for (Path p : ops.list(dir)) {
            String fileName = p.getFileName().toString();
            String name = prefix + fileName;
            if (ops.isDirectory(p)) {
                collect(ops, p, name + "/", found);
            } else if ((fileName.startsWith(".ct-") && fileName.endsWith(".tmp")) || name.startsWith(".continuity/lock")
                    || name.startsWith(".continuity/tx/")) {
                found.add(name);
            }
        }
    }

    /** The directories of a snapshot, sorted. */
    static TreeSet<String> dirs(Map<String, String> snapshot) {
        TreeSet<String> dirs = new TreeSet<>();
        snapshot.forEach((k, v) -> {
            if (k.endsWith("/")) {
                dirs.add(k);
            }
        });
        return dirs;
    }
}
