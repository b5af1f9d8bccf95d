package dev.continuity.examples.cli;

import dev.continuity.api.MLConfiguration;
import picocli.CommandLine;

import java.util.List;
import java.util.Locale;

/**
 * {@code --model} values: case-insensitive, with {@code -} or {@code _} between words ({@code random-forest},
 * {@code random_forest}, {@code Random-Forest} are one model). The documented spelling is {@code random-forest}.
 */
final class ModelNames {
    private ModelNames() {}

    /** The words of a model name, lower case, joined by {@code sep}. */
    static String canonical(String value, char sep) {
        return value.strip().toLowerCase(Locale.ROOT).replace('-', sep).replace('_', sep);
    }

    /** A model of {@code impact}, {@code plan} and {@code run}, as {@link MLConfiguration#modelType()} names it. */
    static final class UpdateModel implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String name = canonical(value, '_');
            if (!MLConfiguration.MODEL_TYPES.contains(name)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a model: graph, logistic, random-forest, ensemble or auto");
            }
            return name;
        }
    }

    /** A model of {@code eval-impact}, as its evaluation names it. */
    static final class EvalModel implements CommandLine.ITypeConverter<String> {
        private static final List<String> NAMES = List.of("auto", "logistic", "random-forest", "ensemble");

        @Override
        public String convert(String value) {
            String name = canonical(value, '-');
            if (!NAMES.contains(name)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a model: auto, logistic, random-forest or ensemble");
            }
            return name;
        }
    }
}
