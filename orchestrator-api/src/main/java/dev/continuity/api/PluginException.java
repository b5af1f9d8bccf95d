package dev.continuity.api;

/** A plugin (handler, predictor, optimiser, extractor, detector, strategy) failed; names the plugin. */
public class PluginException extends OrchestratorException {
    private final String pluginId;

    public PluginException(String pluginId, String message, Throwable cause) {
        super("plugin '" + pluginId + "' failed: " + message, cause);
        this.pluginId = pluginId;
    }

    /** The id of the plugin that failed. */
    public String pluginId() {
        return pluginId;
    }
}
