package dev.continuity.api;

import java.util.Optional;

/** A plugin (handler, predictor, optimiser, extractor, detector, strategy, compensation) failed; names the plugin. */
public class PluginException extends OrchestratorException {
    /** The id of the plugin that failed. */
    private final String pluginId;
    /** The step, or {@code null} when the failure concerns no known step. */
    private final String stepId;

    /**
     * A failure of {@code pluginId} that concerns no known step (a compensation whose step was not recorded);
     * {@code cause} is what the plugin threw.
     */
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
