package dev.continuity.core.optimize.stg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The table of published optima, read from {@code CaseN_M_OPT.csv} files with lines
 * {@code file,procs,opt} or {@code file,procs,low,high}.
 */
public final class StgOptima {
    private final Map<String, StgOptimum> byKey;

    private StgOptima(Map<String, StgOptimum> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    public static StgOptima empty() {
        return new StgOptima(Map.of());
    }

    /** Reads every {@code *.csv} in {@code directory}. */
    public static StgOptima readDirectory(Path directory) {
        Map<String, StgOptimum> map = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                for (StgOptimum o : readCsv(file)) {
                    map.put(key(o.file(), o.procs()), o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read optima from " + directory, e);
        }
        return new StgOptima(map);
    }

    /** Reads one optimum table. */
    public static List<StgOptimum> readCsv(Path file) {
        try {
            return parseCsv(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<StgOptimum> parseCsv(String name, String content) {
        List<String> lines = content.lines().toList();
        java.util.ArrayList<StgOptimum> out = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("file,")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 3 && f.length != 4) {
                throw new StgFormatException(name, i + 1,
                        "expected file,procs,opt or file,procs,low,high, found '" + line + "'");
            }
            try {
                int procs = Integer.parseInt(f[1].strip());
                double low = Double.parseDouble(f[2].strip());
                double high = f.length == 4 ? Double.parseDouble(f[3].strip()) : low;
                out.add(new StgOptimum(f[0].strip(), procs, low, high));
            } catch (IllegalArgumentException e) {
                throw new StgFormatException(name, i + 1, "bad values in '" + line + "': " + e.getMessage());
            }
        }
        return out;
    }

    public Optional<StgOptimum> find(String file, int procs) {
        return Optional.ofNullable(byKey.get(key(file, procs)));
    }

    public int size() {
        return byKey.size();
    }

    private static String key(String file, int procs) {
        return file.replace('\\', '/') + "@" + procs;
    }
}
