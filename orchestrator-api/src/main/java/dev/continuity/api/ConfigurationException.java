package dev.continuity.api;

import java.util.List;

/** {@code continuity.yaml} or a builder setting is invalid. Lists every problem at once. */
public class ConfigurationException extends OrchestratorException {
    private final List<String> problems;

    public ConfigurationException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found. */
    public List<String> problems() {
        return problems;
    }
}
