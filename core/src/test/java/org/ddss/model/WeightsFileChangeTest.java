package org.ddss.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.ddss.backend.Backend;
import org.ddss.backend.TestBackends;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A weights file truncated or written over while its model is loaded (a checkpoint downloaded
 * again into the same folder) changes nothing for the running process: the model reads its
 * weights into memory it owns, so native code never reads the file's pages.
 */
class WeightsFileChangeTest {
    @TempDir
    Path dir;

    static java.util.stream.Stream<String> backends() {
        return TestBackends.names();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aLoadedModelIgnoresItsFileBeingTruncatedAndReplaced(String backendName) throws IOException {
        try (UNet2DModel random = UNet2DModel.random(UNetConfig.parse(UNet2DModelTest.TINY), 3)) {
            random.save(dir);
        }
        Path weights = dir.resolve(UNet2DModel.WEIGHTS);
        try (Backend be = TestBackends.open(backendName);
             UNet2DModel model = UNet2DModel.load(dir);
             TensorArena ar = new TensorArena()) {
            UNetPredictor p = new UNetPredictor(model, be);
            float[] input = new float[2 * 8 * 8];
            Random r = new Random(5);
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) r.nextGaussian();
            }
            Tensor x = ar.of(input, 2, 8, 8, 1), eps = ar.empty(2, 8, 8, 1);
            p.predict(x, 500, eps);
            float[] before = eps.toArray();

            try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            p.predict(x, 500, eps);
            assertArrayEquals(before, eps.toArray(), "after the file was truncated to 0 bytes");

            byte[] other = new byte[4096];
            r.nextBytes(other);
            Files.write(weights, other);
            p.predict(x, 500, eps);
            assertArrayEquals(before, eps.toArray(), "after the file was replaced by other bytes");
        }
    }
}
