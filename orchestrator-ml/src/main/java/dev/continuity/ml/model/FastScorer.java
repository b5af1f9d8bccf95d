package dev.continuity.ml.model;

import dev.continuity.ml.features.FeatureVector;
import org.tribuo.Model;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.math.la.DenseMatrix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a Tribuo logistic model, a tree, or a uniformly weighted ensemble of them (a random forest) without
 * building Tribuo examples and predictions: the example is mapped once to a dense array and each tree is walked with
 * Tribuo's own split rule ({@code value > threshold} goes to the greater branch, absent features are 0). Leaf
 * distributions and linear weights are read from the Tribuo model through its public API; {@link #verify} checks
 * the result against {@link Model#predict} so that a semantic mismatch is never silent.
 */
final class FastScorer {

    private interface Part {
        /** Returns {impacted score, total score} of this part. */
        void score(double[] x, double[] out);
    }

    private final Map<String, Integer> slots;
    private final List<Part> parts;

    private FastScorer(Map<String, Integer> slots, List<Part> parts) {
        this.slots = slots;
        this.parts = parts;
    }

    /** A fast scorer of {@code model}, or empty when its structure is not supported. */
    static Optional<FastScorer> of(Model<Label> model) {
        Map<String, Integer> slots = new HashMap<>();
        List<Part> parts = new ArrayList<>();
        if (!collect(model, slots, parts)) {
            return Optional.empty();
        }
        return Optional.of(new FastScorer(slots, parts));
    }

    /** P(impacted). */
    double score(FeatureVector fv) {
        double[] x = new double[slots.size()];
        for (int i = 0; i < fv.size(); i++) {
            Integer slot = slots.get(fv.name(i));
            if (slot != null) {
                x[slot] = fv.value(i);
            }
        }
        double[] acc = new double[2];
        double[] part = new double[2];
        for (Part p : parts) {
            p.score(x, part);
            acc[0] += part[0];
            acc[1] += part[1];
        }
        return acc[1] == 0 ? 0 : acc[0] / acc[1];
    }

    /** The largest absolute difference to Tribuo's own predictions on these vectors. */
    double verify(Model<Label> model, List<FeatureVector> probes) {
        double worst = 0;
        for (FeatureVector fv : probes) {
            Label l = model.predict(ImpactModel.toExample(fv)).getOutputScores().get(ImpactModel.IMPACTED);
            double expected = l == null ? 0 : l.getScore();
            worst = Math.max(worst, Math.abs(expected - score(fv)));
        }
        return worst;
    }

    private static int slot(Map<String, Integer> slots, String name) {
        return slots.computeIfAbsent(name, n -> slots.size());
    }

    private static boolean collect(Model<Label> model, Map<String, Integer> slots, List<Part> parts) {
        if (model instanceof LinearSGDModel linear) {
            parts.add(linear(linear, slots));
            return true;
        }
        if (model instanceof TreeModel<Label> tree) {
            parts.add(tree(tree, slots));
            return true;
        }
        if (model instanceof WeightedEnsembleModel<Label> ensemble) {
            // Assumes uniform member weights and a FullyWeightedVotingCombiner (as ModelTrainer builds forests): each
            // member contributes its normalised distribution, so the ensemble score is the mean of the members'
            // scores. ImpactModel verifies this against Tribuo's own predictions before using it.
            List<Part> members = new ArrayList<>();
            for (Model<Label> m : ((EnsembleModel<Label>) ensemble).getModels()) {
                List<Part> inner = new ArrayList<>();
                if (!collect(m, slots, inner)) {
                    return false;
                }
                members.add(normalised(inner));
            }
            parts.add((x, out) -> {
                double[] p = new double[2];
                double sum = 0;
                for (Part m : members) {
                    m.score(x, p);
                    sum += p[0];
                }
                out[0] = sum / members.size();
                out[1] = 1;
            });
            return true;
        }
        return false;
    }

    private static Part normalised(List<Part> inner) {
        return (x, out) -> {
            double[] p = new double[2];
            double imp = 0;
            double tot = 0;
            for (Part part : inner) {
                part.score(x, p);
                imp += p[0];
                tot += p[1];
            }
            out[0] = tot == 0 ? 0 : imp / tot;
            out[1] = 1;
        };
    }

    private static Part linear(LinearSGDModel model, Map<String, Integer> slots) {
        DenseMatrix w = model.getWeightsCopy();
        int pos = model.getOutputIDInfo().getID(new Label(ImpactModel.IMPACTED));
        int neg = model.getOutputIDInfo().getID(new Label(ImpactModel.UNAFFECTED));
        int features = model.getFeatureIDMap().size();
        int[] slot = new int[features];
        double[] delta = new double[features];
        for (VariableInfo v : model.getFeatureIDMap()) {
            int id = model.getFeatureIDMap().getID(v.getName());
            slot[id] = slot(slots, v.getName());
            delta[id] = w.get(pos, id) - w.get(neg, id);
        }
        double bias = w.get(pos, features) - w.get(neg, features);
        return (x, out) -> {
            double s = bias;
            for (int f = 0; f < features; f++) {
                s += delta[f] * x[slot[f]];
            }
            out[0] = 1 / (1 + Math.exp(-s));
            out[1] = 1;
        };
    }

    private static Part tree(TreeModel<Label> tree, Map<String, Integer> slots) {
        Map<Integer, Integer> idToSlot = new HashMap<>();
        for (VariableInfo v : tree.getFeatureIDMap()) {
            idToSlot.put(tree.getFeatureIDMap().getID(v.getName()), slot(slots, v.getName()));
        }
        List<int[]> structure = new ArrayList<>(); // {slot, greater, lessOrEqual} or {-1, leafIndex, 0}
        List<Double> thresholds = new ArrayList<>();
        List<double[]> leaves = new ArrayList<>();
        flatten(tree.getRoot(), idToSlot, structure, thresholds, leaves);
        // parallel arrays rather than an array per node: a walk reads a few cache lines instead of a node object per step
        int size = structure.size();
        int[] feature = new int[size];
        int[] greater = new int[size];
        int[] lessOrEqual = new int[size];
        for (int i = 0; i < size; i++) {
            int[] node = structure.get(i);
            feature[i] = node[0];
            greater[i] = node[1];
            lessOrEqual[i] = node[2];
        }
        double[] threshold = thresholds.stream().mapToDouble(Double::doubleValue).toArray();
        double[] leafImpacted = leaves.stream().mapToDouble(l -> l[0]).toArray();
        double[] leafTotal = leaves.stream().mapToDouble(l -> l[1]).toArray();
        return (x, out) -> {
            int n = 0;
            int f;
            while ((f = feature[n]) >= 0) {
                double v = f < x.length ? x[f] : 0.0;
                n = v > threshold[n] ? greater[n] : lessOrEqual[n];
            }
            int l = greater[n];
            out[0] = leafImpacted[l];
            out[1] = leafTotal[l];
        };
    }

    private static int flatten(Node<Label> node, Map<Integer, Integer> idToSlot, List<int[]> structure,
                               List<Double> thresholds, List<double[]> leaves) {
        int index = structure.size();
        if (node instanceof LeafNode<Label> leaf) {
            double imp = 0;
            double total = 0;
            for (Label l : leaf.getDistribution().values()) {
                total += l.getScore();
                if (l.getLabel().equals(ImpactModel.IMPACTED)) {
                    imp += l.getScore();
                }
            }
            leaves.add(new double[]{imp, total});
            structure.add(new int[]{-1, leaves.size() - 1, 0});
            thresholds.add(0.0);
            return index;
        }
        SplitNode<Label> split = (SplitNode<Label>) node;
        int[] entry = new int[]{idToSlot.getOrDefault(split.getFeatureID(), Integer.MAX_VALUE), 0, 0};
        structure.add(entry);
        thresholds.add(split.splitValue());
        entry[1] = flatten(split.getGreaterThan(), idToSlot, structure, thresholds, leaves);
        entry[2] = flatten(split.getLessThanOrEqual(), idToSlot, structure, thresholds, leaves);
        return index;
    }
}
