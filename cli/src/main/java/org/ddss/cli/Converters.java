package org.ddss.cli;

import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.Init;
import org.ddss.search.KidLoss;
import org.ddss.search.SearchJob;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option values for the core's enums, by the ids the core parses (e.g. {@code ggdm+pred}), so
 * that a bad value gets the core's one-line message listing the valid ones.
 */
final class Converters {
    private Converters() {}

    private static <T> T parse(java.util.function.Function<String, T> parser, String s) {
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static final class FamilyConverter implements ITypeConverter<Family> {
        @Override
        public Family convert(String s) {
            return parse(Family::parse, s);
        }
    }

    static final class InitConverter implements ITypeConverter<Init> {
        @Override
        public Init convert(String s) {
            return parse(Init::parse, s);
        }
    }

    static final class ConversionConverter implements ITypeConverter<Conversion> {
        @Override
        public Conversion convert(String s) {
            return parse(Conversion::parse, s);
        }
    }

    static final class KernelConverter implements ITypeConverter<KidLoss.Kernel> {
        @Override
        public KidLoss.Kernel convert(String s) {
            return parse(KidLoss.Kernel::parse, s);
        }
    }

    static final class SelectionConverter implements ITypeConverter<SearchJob.Selection> {
        @Override
        public SearchJob.Selection convert(String s) {
            return parse(SearchJob.Selection::parse, s);
        }
    }
}
