package dev.continuity.ml.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An incremental co-change index over transactions (sets of files changed together).
 *
 * <p>Transactions are added one at a time ({@link #add(UpdateHistoryRecord)}); every statistic is
 * available immediately, so the index is the "online" part of impact learning (Tribuo has no
 * incremental trainers). It keeps, per file and per pair of files: the support (number of
 * transactions), the time of the last change, and a recency-weighted support that halves every
 * {@link Options#recencyHalfLife()}. Queries:
 * <ul>
 *   <li>{@link #confidence(String, String)}: the ROSE rule confidence
 *       {@code support(A,B) / support(A)} (Zimmermann et al., 2004);</li>
 *   <li>{@link #tarmaq(Collection)}: TARMAQ-style rules for a query of several files (Rolfsnes et al.,
 *       2016): among the transactions sharing the largest number of files with the query, the share
 *       that also changed each other file;</li>
 *   <li>{@link #author(String)}: the same statistics computed from one author's transactions only.</li>
 * </ul>
 * Transactions with more than {@link Options#maxTransactionSize()} files only update existence and
 * last-change times; they do not count as co-changes (as in ROSE and TARMAQ).
 *
 * <p>Not thread-safe: callers serialise access.
 */
public final class CoChangeIndex {

    /**
     * Index options.
     *
     * @param maxTransactionSize transactions with more files than this do not count as co-changes
     * @param recencyHalfLife    half-life of the recency-weighted supports
     */
    public record Options(int maxTransactionSize, Duration recencyHalfLife) {
        /** Rejects a {@code maxTransactionSize} below 2 and a half-life that is not positive. */
        public Options {
            if (maxTransactionSize < 2) {
                throw new IllegalArgumentException("maxTransactionSize must be >= 2, got " + maxTransactionSize);
            }
            Objects.requireNonNull(recencyHalfLife, "recencyHalfLife");
            if (recencyHalfLife.isNegative() || recencyHalfLife.isZero()) {
                throw new IllegalArgumentException("recencyHalfLife must be positive, got " + recencyHalfLife);
            }
        }

        /** 30 files, half-life 180 days. */
        public static Options defaults() {
            return new Options(30, Duration.ofDays(180));
        }
    }

    /**
     * A TARMAQ rule {@code (query files in the matched transactions) -> consequent}.
     *
     * @param consequent     the predicted file
     * @param support        matched transactions that contain the consequent
     * @param confidence     {@code support / matched transactions}
     * @param antecedentSize the number of query files each matched transaction shares with the query
     */
    public record Rule(String consequent, int support, double confidence, int antecedentSize) {
    }

    /** Smoothing factor of the moving averages of transaction sizes (about the last 10 transactions). */
    private static final double SIZE_EWMA = 0.2;

    private static final class FileStat {
        int support;
        double recentSize = Double.NaN;
        long lastChanged = Long.MIN_VALUE;
        double decayed;
        long decayedAt = Long.MIN_VALUE;
        boolean deleted;
        int[] transactions = new int[4];
        int transactionCount;
    }

    private static final class PairStat {
        int support;
        long lastChanged = Long.MIN_VALUE;
        double decayed;
        long decayedAt = Long.MIN_VALUE;
    }

    private final Options options;
    private final boolean trackAuthors;
    private final double halfLifeSeconds;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    /** {@link #existingFiles()} until the next transaction (read by concurrent predictions, so volatile). */
    private volatile Set<String> existing;
    private final List<FileStat> files = new ArrayList<>();
    private final List<Map<Integer, PairStat>> pairs = new ArrayList<>();
    private final List<int[]> transactions = new ArrayList<>();
    private final Map<String, CoChangeIndex> authors = new HashMap<>();
    private int transactionCount;
    private long lastTime = Long.MIN_VALUE;
    private long longestGap;
    private double recentSize = Double.NaN;

    /** An empty index with default options. */
    public CoChangeIndex() {
        this(Options.defaults());
    }

    /** An empty index. */
    public CoChangeIndex(Options options) {
        this(options, true);
    }

    private CoChangeIndex(Options options, boolean trackAuthors) {
        this.options = Objects.requireNonNull(options, "options");
        this.trackAuthors = trackAuthors;
        this.halfLifeSeconds = options.recencyHalfLife().toSeconds();
    }

    /** The options this index was built with. */
    public Options options() {
        return options;
    }

    /** Adds a history record's transaction ({@link UpdateHistoryRecord#transactionFiles()}). */
    public void add(UpdateHistoryRecord record) {
        add(record.transactionFiles(), record.time().toInstant(), record.author(), record.deletedFiles());
    }

    /**
     * Adds one transaction.
     *
     * @param changed files changed together (duplicates ignored)
     * @param time    when
     * @param author  by whom, if known
     * @param deleted the files among {@code changed} that the transaction deleted
     */
    public void add(Collection<String> changed, Instant time, Optional<String> author, Set<String> deleted) {
        Set<String> unique = new LinkedHashSet<>(changed);
        if (unique.isEmpty()) {
            return;
        }
        existing = null;
        long t = time.getEpochSecond();
        if (lastTime != Long.MIN_VALUE && t > lastTime) {
            longestGap = Math.max(longestGap, t - lastTime);
        }
        lastTime = Math.max(lastTime, t);
        int[] fileIds = new int[unique.size()];
        int k = 0;
        for (String f : unique) {
            fileIds[k++] = idFor(f);
        }
        boolean coChange = fileIds.length <= options.maxTransactionSize();
        int others = fileIds.length - 1;
        recentSize = Double.isNaN(recentSize) ? others : (1 - SIZE_EWMA) * recentSize + SIZE_EWMA * others;
        for (int id : fileIds) {
            FileStat s = files.get(id);
            s.recentSize = Double.isNaN(s.recentSize) ? others : (1 - SIZE_EWMA) * s.recentSize + SIZE_EWMA * others;
            s.lastChanged = Math.max(s.lastChanged, t);
            s.deleted = deleted.contains(names.get(id));
            if (coChange) {
                s.support++;
                s.decayed = decay(s.decayed, s.decayedAt, t) + 1.0;
                s.decayedAt = Math.max(s.decayedAt, t);
            }
        }
        if (!coChange) {
            return;
        }
        int txId = transactions.size();
        Arrays.sort(fileIds);
        transactions.add(fileIds);
        transactionCount++;
        for (int a : fileIds) {
            FileStat s = files.get(a);
            if (s.transactionCount == s.transactions.length) {
                s.transactions = Arrays.copyOf(s.transactions, s.transactions.length * 2);
            }
            s.transactions[s.transactionCount++] = txId;
            Map<Integer, PairStat> partnersOfA = pairs.get(a);
            for (int b : fileIds) {
                if (a == b) {
                    continue;
                }
                PairStat p = partnersOfA.computeIfAbsent(b, x -> new PairStat());
                p.support++;
                p.lastChanged = Math.max(p.lastChanged, t);
                p.decayed = decay(p.decayed, p.decayedAt, t) + 1.0;
                p.decayedAt = Math.max(p.decayedAt, t);
            }
        }
        if (trackAuthors && author.isPresent()) {
            authors.computeIfAbsent(author.get(), a -> new CoChangeIndex(options, false))
                    .add(unique, time, Optional.empty(), deleted);
        }
    }

    /** Number of co-change transactions added (large ones excluded). */
    public int transactionCount() {
        return transactionCount;
    }

    /**
     * Moving average (weight 0.2 for the newest) of the number of other files changed together in recent
     * transactions of the whole project; 0 before any transaction.
     */
    public double recentCoChangedFiles() {
        return Double.isNaN(recentSize) ? 0.0 : recentSize;
    }

    /** The same moving average over the transactions that contained {@code file}; 0 when unseen. */
    public double recentCoChangedFiles(String file) {
        Integer id = ids.get(file);
        return id == null || Double.isNaN(files.get(id).recentSize) ? 0.0 : files.get(id).recentSize;
    }

    /** Time of the latest transaction added, if any. */
    public Optional<Instant> lastTransactionTime() {
        return lastTime == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(lastTime));
    }

    /**
     * The longest time between two consecutive transactions added (in time order; zero with fewer than two): the
     * longest pause the project's history holds.
     */
    public Duration longestGap() {
        return Duration.ofSeconds(longestGap);
    }

    /** Whether the file appeared in any transaction. */
    public boolean isKnown(String file) {
        return ids.containsKey(file);
    }

    /**
     * The files seen so far whose last change was not a deletion, sorted. The same set is returned until a transaction
     * is added.
     */
    public Set<String> existingFiles() {
        Set<String> out = existing;
        if (out == null) {
            Set<String> sorted = new TreeSet<>();
            for (int i = 0; i < names.size(); i++) {
                if (!files.get(i).deleted) {
                    sorted.add(names.get(i));
                }
            }
            out = Collections.unmodifiableSet(sorted);
            existing = out;
        }
        return out;
    }

    /** Number of co-change transactions containing {@code file}. */
    public int support(String file) {
        Integer id = ids.get(file);
        return id == null ? 0 : files.get(id).support;
    }

    /** Number of co-change transactions containing both files. */
    public int support(String a, String b) {
        PairStat p = pair(a, b);
        return p == null ? 0 : p.support;
    }

    /** The ROSE confidence of the rule {@code a -> b}: {@code support(a,b) / support(a)}, 0 when {@code a} is unseen. */
    public double confidence(String a, String b) {
        int sa = support(a);
        return sa == 0 ? 0.0 : (double) support(a, b) / sa;
    }

    /** When {@code file} last changed (in any transaction, large ones included). */
    public Optional<Instant> lastChanged(String file) {
        Integer id = ids.get(file);
        if (id == null || files.get(id).lastChanged == Long.MIN_VALUE) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(files.get(id).lastChanged));
    }

    /** When {@code a} and {@code b} last changed together. */
    public Optional<Instant> lastCoChanged(String a, String b) {
        PairStat p = pair(a, b);
        return p == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(p.lastChanged));
    }

    /** Recency-weighted support of {@code file} as seen at {@code at}. */
    public double decayedSupport(String file, Instant at) {
        Integer id = ids.get(file);
        if (id == null) {
            return 0.0;
        }
        FileStat s = files.get(id);
        return decay(s.decayed, s.decayedAt, at.getEpochSecond());
    }

    /** Recency-weighted support of the pair as seen at {@code at}. */
    public double decayedSupport(String a, String b, Instant at) {
        PairStat p = pair(a, b);
        return p == null ? 0.0 : decay(p.decayed, p.decayedAt, at.getEpochSecond());
    }

    /** The files that changed together with {@code file} at least once, with their pair support. */
    public Map<String, Integer> partners(String file) {
        Integer id = ids.get(file);
        if (id == null) {
            return Map.of();
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        pairs.get(id).forEach((b, p) -> out.put(names.get(b), p.support));
        return out;
    }

    /** The index computed from one author's transactions only. */
    public Optional<CoChangeIndex> author(String author) {
        return Optional.ofNullable(authors.get(author));
    }

    /**
     * TARMAQ-style rules for a multi-file query: find the largest overlap {@code k} between the query
     * and any past transaction, keep the transactions with that overlap, and for every other file
     * report how many of them contain it ({@code support}) and which share ({@code confidence}).
     * For a one-file query this equals ROSE's {@link #confidence(String, String)}.
     *
     * @return rules by consequent; empty when no query file was ever seen
     */
    public Map<String, Rule> tarmaq(Collection<String> query) {
        Set<Integer> q = new LinkedHashSet<>();
        for (String f : query) {
            Integer id = ids.get(f);
            if (id != null) {
                q.add(id);
            }
        }
        if (q.isEmpty()) {
            return Map.of();
        }
        Map<Integer, Integer> overlap = new HashMap<>();
        for (int f : q) {
            FileStat s = files.get(f);
            for (int i = 0; i < s.transactionCount; i++) {
                overlap.merge(s.transactions[i], 1, Integer::sum);
            }
        }
        int best = 0;
        for (int v : overlap.values()) {
            best = Math.max(best, v);
        }
        if (best == 0) {
            return Map.of();
        }
        int matched = 0;
        Map<Integer, Integer> counts = new HashMap<>();
        for (Map.Entry<Integer, Integer> e : overlap.entrySet()) {
            if (e.getValue() != best) {
                continue;
            }
            matched++;
            for (int f : transactions.get(e.getKey())) {
                if (!q.contains(f)) {
                    counts.merge(f, 1, Integer::sum);
                }
            }
        }
        Map<String, Rule> rules = new HashMap<>();
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            String name = names.get(e.getKey());
            rules.put(name, new Rule(name, e.getValue(), (double) e.getValue() / matched, best));
        }
        return rules;
    }

    private PairStat pair(String a, String b) {
        Integer ia = ids.get(a);
        Integer ib = ids.get(b);
        if (ia == null || ib == null) {
            return null;
        }
        return pairs.get(ia).get(ib);
    }

    private int idFor(String file) {
        Integer id = ids.get(file);
        if (id != null) {
            return id;
        }
        int next = names.size();
        ids.put(file, next);
        names.add(file);
        files.add(new FileStat());
        pairs.add(new HashMap<>());
        return next;
    }

    private double decay(double value, long from, long to) {
        if (from == Long.MIN_VALUE || value == 0.0) {
            return value;
        }
        long dt = Math.max(0, to - from);
        return value * Math.pow(0.5, dt / halfLifeSeconds);
    }
}
