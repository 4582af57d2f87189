package org.ddss.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ddss.Pipeline;
import org.ddss.evaluation.InceptionProtocol;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.Reference;
import org.ddss.features.InceptionV3;
import org.ddss.features.InceptionWeights;
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

    /**
     * The protocol the options name, on the pipeline's backend, refused in one sentence where its
     * networks cannot read the model's samples; the caller closes it.
     */
    Protocol open(Pipeline p) throws IOException {
        Protocol protocol = create(p);
        try {
            protocol.requireShape(p.sampleShape());
            return protocol;
        } catch (IllegalArgumentException e) {
            protocol.close();
            throw new BadInput(e.getMessage());
        }
    }

    private Protocol create(Pipeline p) throws IOException {
        if (!inception()) {
            if (reference != null) {
                throw new BadInput("--reference goes with --features inception; the digits protocol compares with its own digits");
            }
            return p.digitsProtocol();
        }
        if (reference == null) {
            throw new BadInput("--features inception compares samples with a reference: --reference stats.npz (a published FID "
                    + "statistics file, or 'ddss stats --out stats.npz ...' from your images)");
        }
        InceptionV3 net = InceptionWeights.load(inception);
        try {
            return InceptionProtocol.of(p.backend(), net, Reference.read(reference, net));
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }
}
