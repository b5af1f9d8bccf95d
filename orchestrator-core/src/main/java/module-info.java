/**
 * The orchestrator: {@link dev.continuity.core.Orchestrators} builds it.
 *
 * <p>Exported: the orchestrator and its builder, reports ({@code report}), and the packages whose types the
 * orchestrator's methods and builder take or return: the scanned project ({@code project}), the dependency graph
 * ({@code graph}), execution settings and dead letters ({@code execute}) and the heal stage ({@code heal}); and the
 * ready-made alert sinks ({@code alerts}). None of
 * them has a JGraphT, Jenetics or Resilience4j type in a public signature. Micrometer's {@code MeterRegistry} is the
 * one third-party type a user meets: it is how metrics reach the user's registry. The rest of the pipeline (impact,
 * planning and optimisation, monitoring, transactions, handlers) is implementation, exported only to Continuity's own
 * modules that build on it.
 */
module dev.continuity.core {
    requires transitive dev.continuity.api;
    requires transitive micrometer.core;
    requires static org.jspecify;

    requires com.google.common;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.yaml.snakeyaml;
    requires org.jgrapht.core;
    requires io.jenetics.base;
    requires io.jenetics.ext;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.bulkhead;
    requires io.github.resilience4j.ratelimiter;
    requires io.github.resilience4j.timelimiter;
    requires io.github.resilience4j.micrometer;
    requires io.github.javadiffutils;
    requires org.slf4j;
    requires java.management;
    requires java.net.http;

    exports dev.continuity.core;
    exports dev.continuity.core.report;
    exports dev.continuity.core.project;
    exports dev.continuity.core.graph;
    exports dev.continuity.core.execute;
    exports dev.continuity.core.heal;
    exports dev.continuity.core.alerts;
    exports dev.continuity.core.optimize;     // the genetic optimiser and its settings (docs/optimizer.md)

    exports dev.continuity.core.handlers to dev.continuity.healing, dev.continuity.testkit;
    exports dev.continuity.core.impact to dev.continuity.ml;

    // Jackson reads and writes these packages' records (run records, reports, scan state, journals).
    opens dev.continuity.core to com.fasterxml.jackson.databind;
    opens dev.continuity.core.report to com.fasterxml.jackson.databind;
    opens dev.continuity.core.project to com.fasterxml.jackson.databind;
    opens dev.continuity.core.execute to com.fasterxml.jackson.databind;

    uses dev.continuity.api.spi.UpdateHandler;
    uses dev.continuity.api.spi.ImpactPredictor;
    uses dev.continuity.api.spi.IssueDetector;
    uses dev.continuity.api.spi.FixStrategy;
    uses dev.continuity.core.heal.HealingStage.Factory;
}
