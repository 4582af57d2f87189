package org.ddss.evaluation;

import org.ddss.backend.Backend;
import org.ddss.features.InceptionV3;

/**
 * The field's protocol: FID and KID on pytorch-fid's Inception-v3 pool3 features against a
 * reference (statistics, and features where KID needs them), and the search's KID loss on the
 * same features. KID is reported as the field reports it: the cubic kernel on unscaled features,
 * 100 subsets of 1,000 (of all samples where there are fewer).
 */
public final class InceptionProtocol {
    /** The name of the network in tables: {@code FID (Inception)}. */
    public static final String KEY = "Inception";

    private InceptionProtocol() {}

    /** The protocol against {@code reference} (of {@code network}'s features); it closes the network with itself. */
    public static Protocol of(Backend backend, InceptionV3 network, Reference reference) {
        if (reference.network() != network) {
            throw new IllegalArgumentException("the reference " + reference.set() + " is not of this Inception network's features");
        }
        // 16 images at 299 x 299 keep a batch's activations near 1 GB.
        return Protocol.builder("inception", backend)
                .search(KEY, reference)
                .kid(1000, false)
                .batches(16, 100)
                .owning(network)
                .build();
    }
}
