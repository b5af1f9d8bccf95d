package dev.continuity.core.project;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds every name of a dictionary in a text in one pass (Aho–Corasick), leftmost-longest and without overlaps, so
 * that {@code 大導師} is not also reported as {@code 導師}. Names that start or end with a Latin letter or digit only
 * match at word boundaries ({@code Ann} is not found in {@code Annual}); so do names that start or end with katakana,
 * within katakana ({@code レオン} is not found in {@code ナポレオン}, but is in {@code レオンは}); other CJK names match
 * anywhere, as Japanese has no spaces between words. Immutable and thread-safe once built.
 */
public final class MentionMatcher {

    /** A match: {@code [start, end)} in the text, and the dictionary key it matched. */
    public record Match(int start, int end, String name) {}

    private final List<Map<Character, Integer>> next = new ArrayList<>();
    private int[] fail;
    private int[] outLength;      // length of the longest name ending at this state (via output links), 0 = none
    private String[] outName;     // that name
    private final Map<String, String> keyOfName = new HashMap<>();

    private MentionMatcher() {}

    /** Builds a matcher for {@code names}; each name maps to a key (e.g. its entity) reported with a match. */
    public static MentionMatcher of(Map<String, String> nameToKey) {
        MentionMatcher m = new MentionMatcher();
        m.next.add(new HashMap<>());
        List<String> terminal = new ArrayList<>();
        terminal.add(null);
        for (Map.Entry<String, String> e : nameToKey.entrySet()) {
            String name = e.getKey();
            if (name.isBlank()) {
                continue;
            }
            m.keyOfName.put(name, e.getValue());
            int s = 0;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                Integer t = m.next.get(s).get(c);
                if (t == null) {
                    t = m.next.size();
                    m.next.add(new HashMap<>(4));
                    terminal.add(null);
                    m.next.get(s).put(c, t);
                }
                s = t;
            }
            terminal.set(s, name);
        }
        int n = m.next.size();
        m.fail = new int[n];
        m.outLength = new int[n];
        m.outName = new String[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int t : m.next.get(0).values()) {
            queue.add(t);
        }
        // BFS: fail links, then output = own terminal or the fail state's output (longest first by construction)
        for (int t : m.next.get(0).values()) {
            m.fail[t] = 0;
        }
        List<Integer> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            int s = queue.poll();
            order.add(s);
            for (Map.Entry<Character, Integer> e : m.next.get(s).entrySet()) {
                int t = e.getValue();
                int f = m.fail[s];
                while (f != 0 && !m.next.get(f).containsKey(e.getKey())) {
                    f = m.fail[f];
                }
                Integer g = m.next.get(f).get(e.getKey());
                m.fail[t] = (g != null && g != t) ? g : 0;
                queue.add(t);
            }
        }
        for (int s : order) {
            String own = terminal.get(s);
            if (own != null) {
                m.outLength[s] = own.length();
                m.outName[s] = own;
            } else {
                m.outLength[s] = m.outLength[m.fail[s]];
                m.outName[s] = m.outName[m.fail[s]];
            }
        }
        return m;
    }

    /** Whether the dictionary is empty. */
    public boolean isEmpty() {
        return keyOfName.isEmpty();
    }

    /** The matches in {@code text[from, to)}, leftmost-longest, non-overlapping, in order. */
    public List<Match> find(String text, int from, int to) {
        if (isEmpty()) {
            return List.of();
        }
        // candidates: for each end position, the longest name ending there (and every shorter one via fail links)
        List<int[]> candidates = new ArrayList<>();
        int s = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            Integer t;
            while ((t = next.get(s).get(c)) == null && s != 0) {
                s = fail[s];
            }
            s = t == null ? 0 : t;
            for (int o = s; o != 0 && outLength[o] > 0; ) {
                int len = outLength[o];
                int start = i + 1 - len;
                if (start >= from && boundaryOk(text, start, i + 1, from, to)) {
                    candidates.add(new int[] {start, i + 1, o});
                }
                // walk to the next shorter output
                int f = fail[o];
                while (f != 0 && outLength[f] >= len) {
                    f = fail[f];
                }
                o = f;
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        candidates.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        List<Match> out = new ArrayList<>();
        int covered = from;
        for (int[] c : candidates) {
            if (c[0] >= covered) {
                String name = text.substring(c[0], c[1]);
                out.add(new Match(c[0], c[1], keyOfName.get(name)));
                covered = c[1];
            }
        }
        return out;
    }

    private static boolean boundaryOk(String text, int start, int end, int from, int to) {
        if (isWordChar(text.charAt(start)) && start > from && isWordChar(text.charAt(start - 1))) {
            return false;
        }
        if (isWordChar(text.charAt(end - 1)) && end < to && isWordChar(text.charAt(end))) {
            return false;
        }
        // a katakana name inside a longer katakana word is another word: レオン in ナポレオン or カメレオン
        return !(isKatakana(text.charAt(start)) && start > from && isKatakana(text.charAt(start - 1))
                || isKatakana(text.charAt(end - 1)) && end < to && isKatakana(text.charAt(end)));
    }

    /** Katakana, with the prolonged sound mark and iteration marks, full- and half-width; not the middle dot ・. */
    static boolean isKatakana(char c) {
        return c >= '\u30A1' && c <= '\u30FA' || c >= '\u30FC' && c <= '\u30FE' || c >= '\uFF66' && c <= '\uFF9F';
    }

    /** Latin-script letters and digits form words; CJK characters do not need boundaries. */
    private static boolean isWordChar(char c) {
        return c < 0x3000 && (Character.isLetterOrDigit(c) || c == '_');
    }

    @Override
    public String toString() {
        return "MentionMatcher" + Arrays.toString(keyOfName.keySet().toArray());
    }
}
