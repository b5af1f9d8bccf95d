package dev.continuity.examples.report;

import dev.continuity.api.ConsistencyUpdateRequest;
import dev.continuity.api.EnhancedUpdateResponse;
import dev.continuity.api.MLConfiguration;
import dev.continuity.api.UpdateType;
import dev.continuity.core.Orchestrator;
import dev.continuity.core.Orchestrators;
import dev.continuity.core.optimize.CriticalPathOptimizer;
import dev.continuity.core.report.ReportStore;
import dev.continuity.core.report.RunReport;
import dev.continuity.examples.demo.SampleProjects;
import dev.continuity.healing.BuiltIns;
import dev.continuity.healing.HealingPolicy;
import dev.continuity.healing.SelfHealingEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Random;

/**
 * A run that is the same every time, for golden files: the lighthouse sample, a note that merely mentions Silas
 * Morvan, then his sheet renames him Silas Morrow. At a confidence threshold of 0.95 the rename reaches every file
 * that refers to him, but not the note (a mention only); the heal stage finds the old name left there and completes
 * the rename. One worker, the critical-path optimiser, a fixed clock and a seeded random source make the run
 * deterministic up to measured durations.
 */
final class RenameScenario {
    static final String SHEET = "characters/silas-morvan.md";
    static final String NOTE = "notes/todo.md";

    private RenameScenario() {}

    static RunReport run(Path dir) {
        SampleProjects.copy(SampleProjects.LIGHTHOUSE_KEEPERS, dir);
        Orchestrators.Builder b = Orchestrators.builder(dir).workers(1).clock(InstantSource.fixed(Instant.parse("2026-11-21T00:00:00Z")))
                .random(new Random(7)).sequenceOptimizer(new CriticalPathOptimizer()).healing(SelfHealingEngine.factory(HealingPolicy.defaults()))
                .recordReports();
        BuiltIns.detectors().forEach(b::issueDetector);
        BuiltIns.strategies().forEach(b::fixStrategy);
        try (Orchestrator o = b.build()) {
            Files.writeString(dir.resolve(NOTE), "# To do\n\nAsk the harbourmaster about Silas Morvan's boat.\n");
            o.scanAndRecord();
            Path sheet = dir.resolve(SHEET);
            Files.writeString(sheet, Files.readString(sheet).replaceFirst("name: Silas Morvan", "name: Silas Morrow"));
            EnhancedUpdateResponse r = o.executeIntelligentUpdate(ConsistencyUpdateRequest.builder().projectName("lighthouse_keepers")
                            .updateType(UpdateType.CHARACTER_CHANGE).changedFile(SHEET).build(),
                    MLConfiguration.builder().confidenceThreshold(0.95).anomalyDetectionSensitivity(0).build());
            return ReportStore.of(dir).load(r.executionId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
