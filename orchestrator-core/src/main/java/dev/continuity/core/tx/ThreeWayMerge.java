package dev.continuity.core.tx;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A line-based three-way merge (diff3) on the Myers diff of java-diff-utils.
 *
 * <p>Works on bytes, not characters: the content is split into lines that <em>keep</em> their terminators
 * ({@code \n}, {@code \r\n} or {@code \r}), decoded 1:1 as ISO-8859-1, so joining the lines gives back the exact
 * bytes: line endings, a BOM and a missing or present final newline are preserved. UTF-8 is safe to split this way
 * (no multi-byte sequence contains {@code \n} or {@code \r}).
 *
 * <p>Changes of the two sides that overlap <em>or touch</em> in the base are a conflict unless both sides made the
 * identical change (as {@code git merge} does): a clean merge only combines edits separated by at least one
 * unchanged line.
 */
final class ThreeWayMerge {
    private ThreeWayMerge() {}

    /**
     * @param merged           the merged bytes when there is no conflict
     * @param conflictingLines 1-based line numbers in {@code theirs} of every conflict, when there are conflicts
     */
    record Result(Optional<byte[]> merged, List<Integer> conflictingLines) {
        boolean clean() {
            return merged.isPresent();
        }
    }

    private record Hunk(int start, int end, List<String> replacement, boolean ours) {}

    static Result merge(byte[] base, byte[] ours, byte[] theirs) {
        List<String> b = lines(base);
        List<String> o = lines(ours);
        List<String> t = lines(theirs);
        List<Hunk> hunks = new ArrayList<>();
        hunks.addAll(hunks(b, o, true));
        hunks.addAll(hunks(b, t, false));
        hunks.sort(Comparator.comparingInt(Hunk::start).thenComparingInt(Hunk::end));

        List<Hunk> theirsHunks = hunks.stream().filter(h -> !h.ours()).toList();
        StringBuilder out = new StringBuilder(Math.max(base.length, Math.max(ours.length, theirs.length)) + 16);
        TreeSet<Integer> conflicts = new TreeSet<>();
        int pos = 0;
        int i = 0;
        while (i < hunks.size()) {
            int groupStart = hunks.get(i).start();
            int groupEnd = hunks.get(i).end();
            int j = i + 1;
            while (j < hunks.size() && hunks.get(j).start() <= groupEnd) {
                groupEnd = Math.max(groupEnd, hunks.get(j).end());
                j++;
            }
            List<Hunk> group = hunks.subList(i, j);
            for (int k = pos; k < groupStart; k++) {
                out.append(b.get(k));
            }
            boolean hasOurs = group.stream().anyMatch(Hunk::ours);
            boolean hasTheirs = group.stream().anyMatch(h -> !h.ours());
            List<String> oursRegion = apply(b, groupStart, groupEnd, group, true);
            List<String> theirsRegion = apply(b, groupStart, groupEnd, group, false);
            if (!hasTheirs) {
                oursRegion.forEach(out::append);
            } else if (!hasOurs || oursRegion.equals(theirsRegion)) {
                theirsRegion.forEach(out::append);
            } else {
                int first = theirsPosition(theirsHunks, groupStart);
                int count = theirsRegion.size();
                if (count == 0) {
                    conflicts.add(Math.max(1, Math.min(first + 1, Math.max(1, t.size()))));
                } else {
                    for (int line = first + 1; line <= first + count; line++) {
                        conflicts.add(line);
                    }
                }
            }
            pos = groupEnd;
            i = j;
        }
        if (!conflicts.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(conflicts));
        }
        for (int k = pos; k < b.size(); k++) {
            out.append(b.get(k));
        }
        return new Result(Optional.of(out.toString().getBytes(StandardCharsets.ISO_8859_1)), List.of());
    }

    /** The lines of one side within base[start, end), with that side's hunks applied. */
    private static List<String> apply(List<String> base, int start, int end, List<Hunk> group, boolean ours) {
        List<String> region = new ArrayList<>();
        int pos = start;
        for (Hunk h : group) {
            if (h.ours() != ours) {
                continue;
            }
            region.addAll(base.subList(pos, h.start()));
            region.addAll(h.replacement());
            pos = h.end();
        }
        region.addAll(base.subList(pos, end));
        return region;
    }

    /** Where base position {@code basePos} lies in theirs (0-based), given theirs' hunks. */
    private static int theirsPosition(List<Hunk> theirsHunks, int basePos) {
        int shift = 0;
        for (Hunk h : theirsHunks) {
            if (h.end() <= basePos && !(h.start() == basePos && h.end() == basePos)) {
                shift += h.replacement().size() - (h.end() - h.start());
            }
        }
        return basePos + shift;
    }

    private static List<Hunk> hunks(List<String> base, List<String> side, boolean ours) {
        List<Hunk> hunks = new ArrayList<>();
        for (AbstractDelta<String> d : DiffUtils.diff(base, side).getDeltas()) {
            int start = d.getSource().getPosition();
            hunks.add(new Hunk(start, start + d.getSource().size(), List.copyOf(d.getTarget().getLines()), ours));
        }
        return hunks;
    }

    /** Splits into lines that keep their terminators; the bytes are decoded 1:1 (ISO-8859-1). */
    static List<String> lines(byte[] content) {
        String s = new String(content, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = s.length();
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            if (c == '\n' || (c == '\r' && (k + 1 == n || s.charAt(k + 1) != '\n'))) {
                lines.add(s.substring(start, k + 1));
                start = k + 1;
            }
        }
        if (start < n) {
            lines.add(s.substring(start));
        }
        return lines;
    }
}
