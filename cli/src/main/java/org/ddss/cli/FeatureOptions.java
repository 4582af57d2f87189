package org.ddss.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ddss.Pipeline;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.ProtocolChoice;
import picocli.CommandLine.Option;

/** Which feature network and reference {@code search} and {@code eval} measure samples with. */
final class FeatureOptions {
    @Option(names = "--features", defaultValue = "digits",
            description = "digits (the embedded classifiers A and B, for 28x28 grey models) or inception (pytorch-fid's "
                    + "Inception-v3, the field's FID; needs --reference) (default: ${DEFAULT-VALUE})")
    String features;
    @Option(names = "--reference",
            description = "with --features inception: the reference, a .npz with mu and sigma (a published FID statistics file, "
                    + "or one 'ddss stats' wrote, which also keeps the features KID needs)")
    Path reference;
    @Option(names = "--inception",
            description = "pytorch-fid's Inception weights (default: system property ddss.inception, environment variable "
                    + "DDSS_INCEPTION, or the cache 'ddss fetch inception' fills)")
    Path inception;

    boolean inception() {
        return switch (features.toLowerCase(Locale.ROOT)) {
            case "digits" -> false;
            case "inception" -> true;
            default -> throw new BadInput("--features is digits or inception, not '" + features + "'");
        };
    }

    /** The options as a value a cluster's executors can open too; a bad combination is a usage error. */
    ProtocolChoice choice() {
        boolean inception = inception();
        try {
            return new ProtocolChoice(inception, reference == null ? null : reference.toString(),
                    inception && this.inception != null ? this.inception.toString() : null);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    /**
     * The protocol the options name, on the pipeline's backend, refused in one sentence where its
     * networks cannot read the model's samples; the caller closes it.
     */
    Protocol open(Pipeline p) throws IOException {
        ProtocolChoice choice = choice();
        try {
            return choice.open(p);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }
}
