package dev.continuity.examples.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON output: the API records with their camelCase component names, ISO times, durations in seconds. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private Json() {}

    /** {@code value}'s JSON object with a {@code diagnostics} member added (for records that have none). */
    static String writeWithDiagnostics(Object value, java.util.List<dev.continuity.api.Diagnostic> diagnostics) {
        com.fasterxml.jackson.databind.node.ObjectNode node = MAPPER.valueToTree(value);
        node.set("diagnostics", MAPPER.valueToTree(diagnostics));
        return write(node);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
