package dev.continuity.core.tx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Checks the all-before-or-all-after property of a project after recovery. */
final class Consistency {
    enum State { BEFORE, AFTER, MIXED }

    record Verdict(State state, List<String> leftovers, String detail) {
        boolean consistent() {
            return state != State.MIXED && leftovers.isEmpty();
        }
    }

    private Consistency() {}

    static Verdict check(FileOps ops, Path root, Fixture fixture) {
        Map<String, String> now = Fixture.snapshot(ops, root);
        List<String> leftovers = Fixture.leftovers(ops, root);
        if (now.equals(fixture.beforeSnapshot())) {
            return new Verdict(State.BEFORE, leftovers, "");
        }
        if (now.equals(fixture.afterSnapshot())) {
            return new Verdict(State.AFTER, leftovers, "");
        }
        StringBuilder diff = new StringBuilder();
        Map<String, String> before = fixture.beforeSnapshot();
        Map<String, String> after = fixture.afterSnapshot();
        java.util.TreeSet<String> keys = new java.util.TreeSet<>(now.keySet());
        keys.addAll(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String n = now.get(k);
            String tag = java.util.Objects.equals(n, before.get(k)) ? (java.util.Objects.equals(n, after.get(k)) ? null : "before")
                    : java.util.Objects.equals(n, after.get(k)) ? "after" : "neither";
            if (tag != null) {
                diff.append(k).append('=').append(tag).append("; ");
            }
        }
        return new Verdict(State.MIXED, leftovers, diff.toString());
    }
}
