package dev.continuity.api;

import java.util.Optional;

/** A plugin (handler, predictor, optimiser, extractor, detector, strategy, compensation) failed; names the plugin. */
public class PluginException extends OrchestratorException {
    /** The id of the plugin that failed. */
    private final String pluginId;
    /** The step, or {@code null} when the failure concerns no known step. */
    private final String stepId;

    /**
     * A failure of a plugin that concerns no known step (e.g. a compensation whose step was not recorded).
     *
     * @param pluginId the id of the plugin that failed
     * @param message  what went wrong
     * @param cause    what the plugin threw, or {@code null}
     */
    public PluginException(String pluginId, String message, Throwable cause) {
        super("plugin '" + pluginId + "' failed: " + message, cause);
        this.pluginId = pluginId;
        this.stepId = null;
    }

    /**
     * A failure of a plugin while it performed (or compensated) a step.
     *
     * @param pluginId the id of the plugin that failed
     * @param stepId   the step it was performing or compensating
     * @param message  what went wrong
     * @param cause    what the plugin threw, or {@code null}
     */
    public PluginException(String pluginId, String stepId, String message, Throwable cause) {
        super("plugin '" + pluginId + "' failed in step '" + stepId + "': " + message, cause);
        this.pluginId = pluginId;
        this.stepId = stepId;
    }

    /** {@return the id of the plugin that failed} */
    public String pluginId() {
        return pluginId;
    }

    /** {@return the step the plugin was performing or compensating; empty when not known} */
    public Optional<String> stepId() {
        return Optional.ofNullable(stepId);
    }
}
