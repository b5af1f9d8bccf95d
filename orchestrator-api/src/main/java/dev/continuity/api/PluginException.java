package dev.continuity.api;

import java.util.Optional;

/** A plugin (handler, predictor, optimiser, extractor, detector, strategy, compensation) failed; names the plugin. */
public class PluginException extends OrchestratorException {
    private final String pluginId;
    private final String stepId;

    public PluginException(String pluginId, String message, Throwable cause) {
        super("plugin '" + pluginId + "' failed: " + message, cause);
        this.pluginId = pluginId;
        this.stepId = null;
    }

    /** A failure of {@code pluginId} while it performed (or compensated) step {@code stepId}. */
    public PluginException(String pluginId, String stepId, String message, Throwable cause) {
        super("plugin '" + pluginId + "' failed in step '" + stepId + "': " + message, cause);
        this.pluginId = pluginId;
        this.stepId = stepId;
    }

    /** The id of the plugin that failed. */
    public String pluginId() {
        return pluginId;
    }

    /** The step the plugin was performing or compensating, when known. */
    public Optional<String> stepId() {
        return Optional.ofNullable(stepId);
    }
}
