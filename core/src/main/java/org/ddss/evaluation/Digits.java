package org.ddss.evaluation;

import java.io.IOException;
import org.ddss.backend.Backend;
import org.ddss.data.Mnist;
import org.ddss.features.DigitClassifier;
import org.ddss.model.Embedded;
import org.ddss.tensor.TensorArena;

/**
 * The protocol of the embedded digits model: searches optimise the KID of classifier A's
 * features against the 9,000 embedded train digits; evaluations report FID and KID against the
 * 1,000 held-out test digits with classifier A and with classifier B, which no search sees, and
 * the share of samples classifier A labels with confidence of at least 0.9.
 */
public final class Digits {
    private Digits() {}

    /** Opens the protocol, computing features on {@code backend}; the caller closes it. */
    public static Protocol protocol(Backend backend) throws IOException {
        TensorArena arena = new TensorArena();
        DigitClassifier a = null, b = null;
        try {
            a = Embedded.searchClassifier();
            b = Embedded.heldOutClassifier();
            return Protocol.builder("digits", backend)
                    .search("A", a, "train digits", Mnist.embeddedTrain(arena).images())
                    .heldOut("B", b)
                    .evaluateAgainst("test digits", Mnist.embeddedTest(arena).images())
                    .labels("A", a)
                    .owning(arena, a, b)
                    .build();
        } catch (IOException | RuntimeException e) {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
            arena.close();
            throw e;
        }
    }
}
