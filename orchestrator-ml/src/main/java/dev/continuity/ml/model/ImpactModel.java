package dev.continuity.ml.model;

import dev.continuity.ml.features.FeatureVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A trained impact model: one or more Tribuo classifiers of (change, candidate) pairs whose probabilities of
 * "impacted" are averaged (one member for logistic regression or random forest, two for the ensemble), the calibrator
 * and the metadata. A member may see its input quantized (random forests train far faster on a grid of values).
 * Immutable; prediction is thread-safe.
 */
public final class ImpactModel {

    private static final Logger LOG = LoggerFactory.getLogger(ImpactModel.class);

    /** The positive label. */
    public static final String IMPACTED = "IMPACTED";
    /** The negative label. */
    public static final String UNAFFECTED = "UNAFFECTED";

    /**
     * One classifier of the model.
     *
     * @param model            the Tribuo model
     * @param quantizationStep feature values are rounded to multiples of this before the model sees them (0: exact)
     */
    record Member(Model<Label> model, double quantizationStep) {
        public Member {
            Objects.requireNonNull(model, "model");
            if (!(quantizationStep >= 0) || !Double.isFinite(quantizationStep)) {
                throw new IllegalArgumentException("quantizationStep must be >= 0, got " + quantizationStep);
            }
        }

        FeatureVector input(FeatureVector fv) {
            return quantize(fv, quantizationStep);
        }
    }

    /** The vector with every value rounded to the nearest multiple of {@code step} (unchanged when 0). */
    public static FeatureVector quantize(FeatureVector fv, double step) {
        if (step == 0) {
            return fv;
        }
        String[] names = fv.names();
        double[] values = fv.values();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.round(values[i] / step) * step;
        }
        return FeatureVector.of(names, values, names.length);
    }

    /**
     * How the members' probability is combined with a prior feature: {@code sigmoid(w * logit(p_members) + (1 - w) *
     * logit(prior))}. With {@code modelWeight} 1 the prior is ignored.
     *
     * @param modelWeight  weight of the members' log-odds, in [0, 1]
     * @param priorFeature the feature holding the prior probability (empty when {@code modelWeight} is 1)
     */
    public record PriorBlend(double modelWeight, String priorFeature) {
        /**
         * Rejects a {@code modelWeight} outside [0, 1], a null {@code priorFeature}, and an empty one with a weight
         * below 1.
         */
        public PriorBlend {
            if (!(modelWeight >= 0 && modelWeight <= 1)) {
                throw new IllegalArgumentException("modelWeight must be in [0, 1], got " + modelWeight);
            }
            Objects.requireNonNull(priorFeature, "priorFeature");
            if (modelWeight < 1 && priorFeature.isEmpty()) {
                throw new IllegalArgumentException("a blend with modelWeight < 1 needs a prior feature");
            }
        }

        /** The members alone. */
        public static PriorBlend none() {
            return new PriorBlend(1.0, "");
        }

        /** The blended probability of a members' probability and a feature vector holding the prior. */
        public double apply(double membersProbability, FeatureVector fv) {
            if (modelWeight == 1) {
                return membersProbability;
            }
            double z = modelWeight * logit(membersProbability) + (1 - modelWeight) * logit(fv.get(priorFeature));
            return 1 / (1 + Math.exp(-z));
        }

        static double logit(double p) {
            double c = Math.min(1 - 1e-6, Math.max(1e-6, p));
            return Math.log(c / (1 - c));
        }
    }

    private final List<Member> members;
    private final PriorBlend blend;
    private final List<Optional<FastScorer>> fast;
    private final Calibrator calibrator;
    private final List<StratumCalibration> strata;
    private final ModelMetadata metadata;
    private final LinearParts linear;

    ImpactModel(List<Member> members, Calibrator calibrator, ModelMetadata metadata) {
        this(members, PriorBlend.none(), calibrator, metadata);
    }

    ImpactModel(List<Member> members, PriorBlend blend, Calibrator calibrator, ModelMetadata metadata) {
        this(members, blend, calibrator, List.of(), metadata);
    }

    ImpactModel(List<Member> members, PriorBlend blend, Calibrator calibrator, List<StratumCalibration> strata,
                ModelMetadata metadata) {
        this.strata = List.copyOf(strata);
        this.blend = Objects.requireNonNull(blend, "blend");
        this.members = List.copyOf(members);
        if (this.members.isEmpty()) {
            throw new IllegalArgumentException("an impact model needs at least one member");
        }
        this.calibrator = Objects.requireNonNull(calibrator, "calibrator");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        List<Optional<FastScorer>> scorers = new ArrayList<>();
        for (Member m : this.members) {
            scorers.add(verifiedFastScorer(m.model()));
        }
        this.fast = List.copyOf(scorers);
        this.linear = this.members.size() == 1 && this.members.get(0).model() instanceof LinearSGDModel lr
                && this.members.get(0).quantizationStep() == 0 ? new LinearParts(lr) : null;
    }

    /** A model of a single member without quantization. */
    static ImpactModel of(Model<Label> model, Calibrator calibrator, ModelMetadata metadata) {
        return new ImpactModel(List.of(new Member(model, 0)), calibrator, metadata);
    }

    /** The members. */
    List<Member> members() {
        return members;
    }

    /**
     * The first member's {@code n} most important features, strongest first, with their weights as Tribuo reports
     * them (a linear model's weights towards {@link #IMPACTED}; a forest's impurity-based importances).
     */
    public Map<String, Double> topFeatures(int n) {
        Model<Label> m = members.get(0).model();
        Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> top = m.getTopFeatures(n);
        List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>> list = top.get(IMPACTED);
        if (list == null) {
            list = top.get(Model.ALL_OUTPUTS);
        }
        if (list == null && !top.isEmpty()) {
            list = top.values().iterator().next();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        if (list != null) {
            list.subList(0, Math.min(n, list.size())).forEach(p -> out.put(p.getA(), p.getB()));
        }
        return Collections.unmodifiableMap(out);
    }

    /** How the members are blended with the prior. */
    public PriorBlend blend() {
        return blend;
    }

    /** This model with another blend and calibrator, without strata (same members otherwise). */
    public ImpactModel with(PriorBlend newBlend, Calibrator newCalibrator, ModelMetadata newMetadata) {
        return new ImpactModel(members, newBlend, newCalibrator, newMetadata);
    }

    /** This model with another blend, calibrator and strata (same members otherwise). */
    public ImpactModel with(PriorBlend newBlend, Calibrator newCalibrator, List<StratumCalibration> newStrata,
                            ModelMetadata newMetadata) {
        return new ImpactModel(members, newBlend, newCalibrator, newStrata, newMetadata);
    }

    /** The main calibrator (of pairs outside every {@link #strata() stratum}). */
    public Calibrator calibrator() {
        return calibrator;
    }

    /** The strata calibrated apart, in order of precedence (empty when none). */
    public List<StratumCalibration> strata() {
        return strata;
    }

    /** Facts measured when the model was trained. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /**
     * The uncalibrated probability of "impacted": the mean of the members' probabilities, blended with the prior
     * ({@link #blend()}).
     */
    public double rawScore(FeatureVector features) {
        return blend.apply(membersScore(features), features);
    }

    /** The mean of the members' probabilities, without the prior. */
    public double membersScore(FeatureVector features) {
        double sum = 0;
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            FeatureVector input = m.input(features);
            Optional<FastScorer> f = fast.get(i);
            sum += f.isPresent() ? f.get().score(input) : impactedScore(m.model().predict(toExample(input)));
        }
        return sum / members.size();
    }

    /** Uncalibrated (blended) probabilities of many pairs, in order. */
    public double[] rawScores(List<FeatureVector> features) {
        double[] out = membersScores(features);
        for (int i = 0; i < out.length; i++) {
            out[i] = blend.apply(out[i], features.get(i));
        }
        return out;
    }

    /** The members' mean probabilities of many pairs, without the prior. */
    public double[] membersScores(List<FeatureVector> features) {
        double[] out = new double[features.size()];
        for (int k = 0; k < members.size(); k++) {
            Member m = members.get(k);
            Optional<FastScorer> f = fast.get(k);
            if (f.isPresent()) {
                for (int i = 0; i < out.length; i++) {
                    out[i] += f.get().score(m.input(features.get(i)));
                }
            } else {
                List<Example<Label>> examples = new ArrayList<>(features.size());
                for (FeatureVector fv : features) {
                    examples.add(toExample(m.input(fv)));
                }
                List<Prediction<Label>> predictions = m.model().predict(examples);
                for (int i = 0; i < out.length; i++) {
                    out[i] += impactedScore(predictions.get(i));
                }
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= members.size();
        }
        return out;
    }

    /** The raw score computed with Tribuo's own {@link Model#predict} (slow path, for verification). */
    public double tribuoRawScore(FeatureVector features) {
        double sum = 0;
        for (Member m : members) {
            sum += impactedScore(m.model().predict(toExample(m.input(features))));
        }
        return blend.apply(sum / members.size(), features);
    }

    /** The main calibrator's probability of a raw score (for a pair outside every stratum). */
    public double calibrate(double rawScore) {
        return calibrator.apply(rawScore);
    }

    /**
     * The calibrated probability of a pair: the main calibrator's, or that of the first {@link #strata() stratum}
     * the pair belongs to.
     *
     * @param features the pair's features
     * @param rawScore the pair's raw score ({@link #rawScore})
     */
    public double confidence(FeatureVector features, double rawScore) {
        return StratumCalibration.confidence(strata, features, calibrator.apply(rawScore));
    }

    /**
     * The features that contributed most to a pair's score, largest absolute contribution first.
     * Exact linear attributions (log-odds) for the logistic model; occlusion (raw-probability drop when the feature
     * is removed) for forests and ensembles.
     */
    public List<FeatureContribution> explain(FeatureVector features, int limit) {
        List<FeatureContribution> all = new ArrayList<>();
        if (linear != null) {
            double w = blend.modelWeight();
            for (int i = 0; i < features.size(); i++) {
                int id = linear.model.getFeatureIDMap().getID(features.name(i));
                if (id >= 0) {
                    all.add(new FeatureContribution(features.name(i), features.value(i),
                            w * linear.delta[id] * features.value(i)));
                }
            }
            if (w < 1) {
                double prior = features.get(blend.priorFeature());
                all.add(new FeatureContribution("prior:" + blend.priorFeature(), prior,
                        (1 - w) * PriorBlend.logit(prior)));
            }
        } else {
            double base = rawScore(features);
            List<FeatureVector> occluded = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            for (int i = 0; i < features.size(); i++) {
                occluded.add(features.without(features.name(i)));
                index.add(i);
            }
            double[] scores = rawScores(occluded);
            for (int k = 0; k < scores.length; k++) {
                int i = index.get(k);
                double c = base - scores[k];
                if (c != 0) {
                    all.add(new FeatureContribution(features.name(i), features.value(i), c));
                }
            }
        }
        all.sort(Comparator.comparingDouble((FeatureContribution c) -> -Math.abs(c.contribution()))
                .thenComparing(FeatureContribution::feature));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** The feature names known to any member, sorted. */
    public List<String> featureNames() {
        return featureNames(members);
    }

    static List<String> featureNames(List<Member> members) {
        TreeSet<String> names = new TreeSet<>();
        for (Member m : members) {
            for (VariableInfo v : m.model().getFeatureIDMap()) {
                names.add(v.getName());
            }
        }
        return List.copyOf(names);
    }

    static Example<Label> toExample(FeatureVector fv) {
        return new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, fv.names(), fv.values());
    }

    private static double impactedScore(Prediction<Label> p) {
        Label l = p.getOutputScores().get(IMPACTED);
        return l == null ? 0.0 : l.getScore();
    }

    private static Optional<FastScorer> verifiedFastScorer(Model<Label> model) {
        Optional<FastScorer> scorer = FastScorer.of(model);
        if (scorer.isEmpty()) {
            return scorer;
        }
        List<String> names = new ArrayList<>();
        for (VariableInfo v : model.getFeatureIDMap()) {
            names.add(v.getName());
        }
        names.sort(null);
        SplittableRandom rng = new SplittableRandom(17);
        List<FeatureVector> probes = new ArrayList<>();
        for (int p = 0; p < 32; p++) {
            String[] n = names.toArray(new String[0]);
            double[] v = new double[n.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = i == 0 || rng.nextDouble() < 0.6 ? rng.nextDouble(-2, 8) : 0;
            }
            probes.add(FeatureVector.of(n, v, n.length));
        }
        double error = scorer.get().verify(model, probes);
        if (error > 1e-9) {
            LOG.warn("fast scoring disagrees with Tribuo by {}; using Tribuo's predict for model {}", error,
                    model.getClass().getSimpleName());
            return Optional.empty();
        }
        return scorer;
    }

    private static final class LinearParts {
        final LinearSGDModel model;
        final double[] delta;

        LinearParts(LinearSGDModel model) {
            this.model = model;
            DenseMatrix w = model.getWeightsCopy();
            int pos = model.getOutputIDInfo().getID(new Label(IMPACTED));
            int neg = model.getOutputIDInfo().getID(new Label(UNAFFECTED));
            delta = new double[model.getFeatureIDMap().size()];
            for (int f = 0; f < delta.length; f++) {
                delta[f] = w.get(pos, f) - w.get(neg, f);
            }
        }
    }
}
