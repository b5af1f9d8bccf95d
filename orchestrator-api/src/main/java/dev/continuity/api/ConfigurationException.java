package dev.continuity.api;

import java.util.List;

/** {@code continuity.yaml} or a builder setting is invalid. Lists every problem at once. */
public class ConfigurationException extends OrchestratorException {
    /** Every problem found, in the order found. */
    private final List<String> problems;

    /**
     * Settings that are invalid, with every problem found in them; the message is {@code source} followed by the
     * problems, joined with {@code "; "}.
     *
     * @param source   where the settings came from (e.g. {@code continuity.yaml}, or a builder's name)
     * @param problems all the problems found there, in the order found; copied
     */
    public ConfigurationException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** {@return each problem found, in the order found} */
    public List<String> problems() {
        return problems;
    }
}
