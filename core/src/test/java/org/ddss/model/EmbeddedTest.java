package org.ddss.model;

import org.ddss.features.DigitClassifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Dataset;
import org.ddss.data.Mnist;
import org.ddss.tensor.TensorArena;
import org.ddss.train.ClassifierTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aPresetIsANameOrAConfigFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, Presets.DIGITS.replace("\"layers_per_block\": 1", "\"layers_per_block\": 2"));
        UNetConfig two = Presets.byName(file.toString());
        assertEquals(2, two.layersPerBlock());
        assertEquals(Presets.byName("digits").blockOutChannels(), two.blockOutChannels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Presets.byName("huge"));
        assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
        Files.writeString(file, "{not json");
        IOException bad = assertThrows(IOException.class, () -> Presets.byName(file.toString()));
        assertTrue(bad.getMessage().startsWith(file + ": "), bad.getMessage());
    }
}
