package org.ddss.evaluation;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import org.ddss.Pipeline;
import org.ddss.features.InceptionV3;
import org.ddss.features.InceptionWeights;

/**
 * Which protocol measures a model's samples, as a small serializable value (so that a cluster's
 * executors open the same one as the driver): the embedded digits protocol, or Inception-v3's
 * against a reference statistics file.
 *
 * @param inception whether the protocol is Inception-v3's (else the digits one)
 * @param reference the reference {@code .npz} (Inception only)
 * @param weights   pytorch-fid's Inception weights, or null for {@link InceptionWeights#location()}
 */
public record ProtocolChoice(boolean inception, String reference, String weights) implements Serializable {
    /** The digits protocol (classifiers A and B against the embedded test digits). */
    public static final ProtocolChoice DIGITS = new ProtocolChoice(false, null, null);

    public ProtocolChoice {
        if (!inception && reference != null) {
            throw new IllegalArgumentException("--reference goes with --features inception; the digits protocol compares with its own digits");
        }
        if (inception && reference == null) {
            throw new IllegalArgumentException("--features inception compares samples with a reference: --reference stats.npz (a "
                    + "published FID statistics file, or 'ddss stats --out stats.npz ...' from your images)");
        }
    }

    /**
     * Opens the protocol on the pipeline's backend, refused in one sentence
     * ({@link IllegalArgumentException}) where its networks cannot read the model's samples; the
     * caller closes it.
     */
    public Protocol open(Pipeline p) throws IOException {
        Protocol protocol = create(p);
        try {
            protocol.requireShape(p.sampleShape());
            return protocol;
        } catch (RuntimeException e) {
            protocol.close();
            throw e;
        }
    }

    private Protocol create(Pipeline p) throws IOException {
        if (!inception) {
            return p.digitsProtocol();
        }
        InceptionV3 net = InceptionWeights.load(weights == null ? null : Path.of(weights));
        try {
            return InceptionProtocol.of(p.backend(), net, Reference.read(Path.of(reference), net));
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }
}
