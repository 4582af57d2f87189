package org.ddss.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Dataset;
import org.ddss.data.Mnist;
import org.ddss.tensor.TensorArena;
import org.ddss.train.ClassifierTrainer;
import org.junit.jupiter.api.Test;

/** The shipped models load, and both classifiers meet the 98% bar on the held-out test digits. */
class EmbeddedTest {

    @Test
    void shippedClassifiersAreAtLeast98PercentAccurate() throws IOException {
        try (Backend be = Backends.create(); TensorArena ar = new TensorArena();
             DigitClassifier a = Embedded.searchClassifier(); DigitClassifier b = Embedded.heldOutClassifier()) {
            Dataset test = Mnist.embeddedTest(ar);
            assertEquals(DigitClassifier.Arch.CNN_A, a.arch());
            assertEquals(DigitClassifier.Arch.CNN_B, b.arch());
            double accA = ClassifierTrainer.accuracy(a, test, be), accB = ClassifierTrainer.accuracy(b, test, be);
            assertTrue(accA >= 0.98, "classifier A accuracy " + accA);
            assertTrue(accB >= 0.98, "classifier B accuracy " + accB);
        }
    }

    @Test
    void shippedModelIsTheDigitsPreset() throws IOException {
        try (UNet2DModel m = Embedded.model()) {
            assertEquals(Presets.byName("digits"), m.config());
        }
    }
}
