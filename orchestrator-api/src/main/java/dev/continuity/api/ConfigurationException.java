package dev.continuity.api;

import java.util.List;

/** {@code continuity.yaml} or a builder setting is invalid. Lists every problem at once. */
public class ConfigurationException extends OrchestratorException {
    /** Every problem found, in the order found. */
    private final List<String> problems;

    /**
     * {@code source} names where the settings came from (e.g. {@code continuity.yaml}); {@code problems} are all the
     * problems found there, joined into the message.
     */
    public ConfigurationException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found. */
    public List<String> problems() {
        return problems;
    }
}
