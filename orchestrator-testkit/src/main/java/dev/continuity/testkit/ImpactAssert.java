package dev.continuity.testkit;

import dev.continuity.api.ImpactedFile;
import dev.continuity.api.PredictiveImpactAnalysis;
import org.assertj.core.api.AbstractAssert;

import java.util.Optional;

/** Assertions on a {@link PredictiveImpactAnalysis}. */
public final class ImpactAssert extends AbstractAssert<ImpactAssert, PredictiveImpactAnalysis> {
    ImpactAssert(PredictiveImpactAnalysis actual) {
        super(actual, ImpactAssert.class);
    }

    /** These files are predicted (above the threshold). */
    public ImpactAssert predicts(String... paths) {
        isNotNull();
        for (String p : paths) {
            if (!actual.predictedFiles().contains(p)) {
                failWithMessage("expected %s to be predicted; predicted: %s", p, actual.predictedFiles());
            }
        }
        return this;
    }

    /** These files are not predicted. */
    public ImpactAssert doesNotPredict(String... paths) {
        isNotNull();
        for (String p : paths) {
            if (actual.predictedFiles().contains(p)) {
                failWithMessage("expected %s not to be predicted, but it was, with %s", p, file(p).map(ImpactedFile::reasons).orElse(java.util.List.of()));
            }
        }
        return this;
    }

    /** A file is predicted with at least this confidence. */
    public ImpactAssert predictsWithConfidenceAtLeast(String path, double min) {
        predicts(path);
        double c = actual.confidenceScores().getOrDefault(path, 0.0);
        if (c < min) {
            failWithMessage("expected %s to be predicted with confidence >= %s but it was %s", path, min, c);
        }
        return this;
    }

    /** A predicted file's explanation contains this text (e.g. the name of the file it depends on). */
    public ImpactAssert explains(String path, String fragment) {
        predicts(path);
        if (file(path).stream().flatMap(f -> f.reasons().stream()).noneMatch(r -> r.contains(fragment))) {
            failWithMessage("expected the reasons for %s to mention '%s' but they are %s", path, fragment, file(path).map(ImpactedFile::reasons).orElseThrow());
        }
        return this;
    }

    private Optional<ImpactedFile> file(String path) {
        return actual.impactedFiles().stream().filter(f -> f.path().equals(path)).findFirst();
    }
}
