package dev.continuity.ml.features;

import java.util.OptionalInt;

/** Link-graph distance (either direction), the kinds of direct links, and the candidate's degrees. */
final class GraphFeatures implements FeatureExtractor {

    @Override
    public void extract(QueryContext ctx, String candidate, FeatureSink sink) {
        LinkGraph graph = ctx.linkGraph();
        int best = Integer.MAX_VALUE;
        for (String q : ctx.queryFiles()) {
            best = Math.min(best, min(graph.distance(q, candidate), graph.distance(candidate, q)));
            for (String kind : graph.edgeKinds(q, candidate)) {
                sink.category("graph.edge_out", kind);
            }
            for (String kind : graph.edgeKinds(candidate, q)) {
                sink.category("graph.edge_in", kind);
            }
        }
        if (best == Integer.MAX_VALUE) {
            sink.flag("graph.unreachable", true);
        } else {
            sink.put("graph.distance_inv", 1.0 / Math.max(1, best));
            sink.flag("graph.direct", best == 1);
        }
        sink.put("graph.candidate_in_log", Math.log1p(graph.inDegree(candidate)));
        sink.put("graph.candidate_out_log", Math.log1p(graph.outDegree(candidate)));
    }

    private static int min(OptionalInt a, OptionalInt b) {
        int x = a.isPresent() ? a.getAsInt() : Integer.MAX_VALUE;
        int y = b.isPresent() ? b.getAsInt() : Integer.MAX_VALUE;
        return Math.min(x, y);
    }

    @Override
    public String id() {
        return "builtin.graph";
    }
}
