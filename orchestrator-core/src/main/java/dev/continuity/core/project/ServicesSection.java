package dev.continuity.core.project;

import dev.continuity.core.execute.ServiceConfig;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code services:} section of {@code continuity.yaml}: resilience settings per service, each starting from
 * {@link ServiceConfig#defaultsFor(String)}. Every problem is collected.
 *
 * <pre>
 * services:
 *   llm:
 *     retry: { maxAttempts: 4, initialBackoff: 500ms, multiplier: 2, maxBackoff: 30s, jitter: 0.25 }
 *     timeout: 2m
 *     circuitBreaker: { enabled: true, failureRateThreshold: 50, slowCallRateThreshold: 80, slowCallDuration: 60s,
 *                       slidingWindowSize: 20, minimumCalls: 5, waitInOpenState: 30s, halfOpenCalls: 2 }
 *     bulkhead: { maxConcurrentCalls: 8 }
 *     rateLimiter: { permits: 10, period: 1s, maxWait: 30s }
 *     fallbacks: [review-marking]
 * </pre>
 */
final class ServicesSection {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    private static final Set<String> KEYS = Set.of("retry", "timeout", "circuitBreaker", "bulkhead", "rateLimiter", "fallbacks");

    private ServicesSection() {}

    static Map<String, ServiceConfig> parse(Object section, List<String> problems) {
        Map<String, ServiceConfig> out = new LinkedHashMap<>();
        if (section == null || "".equals(section)) {
            return out;
        }
        if (!(section instanceof Map<?, ?> services)) {
            problems.add("services must be a mapping of service name to settings");
            return out;
        }
        for (Map.Entry<?, ?> e : services.entrySet()) {
            String name = String.valueOf(e.getKey());
            String where = "services." + name;
            if (!NAME.matcher(name).matches()) {
                problems.add(where + ": a service name may only contain letters, digits, '.', '_' and '-'");
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> m)) {
                problems.add(where + " must be a mapping");
                continue;
            }
            int before = problems.size();
            ServiceConfig.Builder b = ServiceConfig.defaultsFor(name).toBuilder();
            ServiceConfig d = ServiceConfig.defaultsFor(name);
            m.keySet().stream().map(String::valueOf).filter(k -> !KEYS.contains(k))
                    .forEach(k -> problems.add(where + ": unknown key '" + k + "' (known: " + new java.util.TreeSet<>(KEYS) + ")"));
            Map<?, ?> retry = section(m, "retry", where, problems);
            b.maxAttempts(integer(retry, "maxAttempts", d.maxAttempts(), where + ".retry", problems));
            b.backoff(duration(retry, "initialBackoff", d.initialBackoff(), where + ".retry", problems),
                    number(retry, "multiplier", d.backoffMultiplier(), where + ".retry", problems),
                    duration(retry, "maxBackoff", d.maxBackoff(), where + ".retry", problems));
            b.jitter(number(retry, "jitter", d.jitter(), where + ".retry", problems));
            if (m.containsKey("timeout")) {
                b.timeout(toDuration(m.get("timeout"), where + ".timeout", problems, d.timeout()));
            }
            Map<?, ?> cb = section(m, "circuitBreaker", where, problems);
            String w = where + ".circuitBreaker";
            b.circuitBreakerEnabled(bool(cb, "enabled", d.circuitBreakerEnabled(), w, problems));
            b.failureRateThreshold((float) number(cb, "failureRateThreshold", d.failureRateThreshold(), w, problems));
            b.slowCalls((float) number(cb, "slowCallRateThreshold", d.slowCallRateThreshold(), w, problems),
                    duration(cb, "slowCallDuration", d.slowCallDuration(), w, problems));
            b.slidingWindow(integer(cb, "slidingWindowSize", d.slidingWindowSize(), w, problems), integer(cb, "minimumCalls", d.minimumCalls(), w, problems));
            b.waitInOpenState(duration(cb, "waitInOpenState", d.waitInOpenState(), w, problems));
            b.halfOpenCalls(integer(cb, "halfOpenCalls", d.halfOpenCalls(), w, problems));
            Map<?, ?> bh = section(m, "bulkhead", where, problems);
            b.maxConcurrentCalls(integer(bh, "maxConcurrentCalls", d.maxConcurrentCalls(), where + ".bulkhead", problems));
            Map<?, ?> rl = section(m, "rateLimiter", where, problems);
            w = where + ".rateLimiter";
            b.rateLimit(integer(rl, "permits", d.ratePermits(), w, problems), duration(rl, "period", d.ratePeriod(), w, problems),
                    durationOrZero(rl, "maxWait", d.maxRateWait(), w, problems));
            if (m.containsKey("fallbacks")) {
                b.fallbacks(new ArrayList<>(ProjectConfigLoader.strings(m.get("fallbacks"))));
            }
            checkKeys(retry, Set.of("maxAttempts", "initialBackoff", "multiplier", "maxBackoff", "jitter"), where + ".retry", problems);
            checkKeys(cb, Set.of("enabled", "failureRateThreshold", "slowCallRateThreshold", "slowCallDuration", "slidingWindowSize", "minimumCalls",
                    "waitInOpenState", "halfOpenCalls"), where + ".circuitBreaker", problems);
            checkKeys(bh, Set.of("maxConcurrentCalls"), where + ".bulkhead", problems);
            checkKeys(rl, Set.of("permits", "period", "maxWait"), where + ".rateLimiter", problems);
            if (problems.size() == before) {
                try {
                    out.put(name, b.build());
                } catch (IllegalArgumentException ex) {
                    problems.add(where + ": " + ex.getMessage());
                }
            }
        }
        return out;
    }

    private static Map<?, ?> section(Map<?, ?> m, String key, String where, List<String> problems) {
        Object v = m.get(key);
        if (v == null || "".equals(v)) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> s) {
            return s;
        }
        problems.add(where + "." + key + " must be a mapping");
        return Map.of();
    }

    private static void checkKeys(Map<?, ?> m, Set<String> known, String where, List<String> problems) {
        m.keySet().stream().map(String::valueOf).filter(k -> !known.contains(k))
                .forEach(k -> problems.add(where + ": unknown key '" + k + "' (known: " + new java.util.TreeSet<>(known) + ")"));
    }

    private static int integer(Map<?, ?> m, String key, int dflt, String where, List<String> problems) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            problems.add(where + "." + key + " must be a whole number, was '" + v + "'");
            return dflt;
        }
    }

    private static double number(Map<?, ?> m, String key, double dflt, String where, List<String> problems) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            problems.add(where + "." + key + " must be a number, was '" + v + "'");
            return dflt;
        }
    }

    private static boolean bool(Map<?, ?> m, String key, boolean dflt, String where, List<String> problems) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes")) {
            return true;
        }
        if (s.equals("false") || s.equals("no")) {
            return false;
        }
        problems.add(where + "." + key + " must be true or false, was '" + v + "'");
        return dflt;
    }

    private static Duration duration(Map<?, ?> m, String key, Duration dflt, String where, List<String> problems) {
        return m.containsKey(key) ? toDuration(m.get(key), where + "." + key, problems, dflt) : dflt;
    }

    private static Duration durationOrZero(Map<?, ?> m, String key, Duration dflt, String where, List<String> problems) {
        if (m.containsKey(key) && "0".equals(String.valueOf(m.get(key)).trim())) {
            return Duration.ZERO;
        }
        return duration(m, key, dflt, where, problems);
    }

    /** {@code 250ms}, {@code 2s}, {@code 1.5m}, {@code 1h} or ISO-8601 ({@code PT2S}). */
    static Duration toDuration(Object value, String where, List<String> problems, Duration dflt) {
        String s = String.valueOf(value).trim();
        Matcher matcher = DURATION.matcher(s);
        if (matcher.matches()) {
            double amount = Double.parseDouble(matcher.group(1));
            double nanos = amount * switch (matcher.group(2)) {
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            return Duration.ofNanos(Math.round(nanos));
        }
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            problems.add(where + " must be a duration such as 250ms, 2s, 1m or PT2S, was '" + s + "'");
            return dflt;
        }
    }
}
