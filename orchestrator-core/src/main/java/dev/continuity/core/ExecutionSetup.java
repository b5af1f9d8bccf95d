package dev.continuity.core;

import dev.continuity.api.spi.AlertSink;
import dev.continuity.api.spi.ExecutionListener;
import dev.continuity.core.execute.ExecutionConfig;
import dev.continuity.core.execute.ExecutionTimer;
import dev.continuity.core.execute.ServiceConfig;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the builder says about running steps: per-service settings (over {@code continuity.yaml}'s), listeners, sinks,
 * and whether a report of every run is stored (its recorder is among the listeners).
 */
record ExecutionSetup(Map<String, ServiceConfig> services, ExecutionConfig config, List<ExecutionListener> listeners, List<AlertSink> sinks,
                      Optional<ExecutionTimer> timer, Optional<ReportRecording> reports) {
    ExecutionSetup {
        services = Map.copyOf(services);
        listeners = List.copyOf(listeners);
        sinks = List.copyOf(sinks);
    }

    ExecutionSetup(Map<String, ServiceConfig> services, ExecutionConfig config, List<ExecutionListener> listeners, List<AlertSink> sinks,
                   Optional<ExecutionTimer> timer) {
        this(services, config, listeners, sinks, timer, Optional.empty());
    }
}
