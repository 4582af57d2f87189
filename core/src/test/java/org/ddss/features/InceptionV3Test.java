package org.ddss.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.backend.TestBackends;
import org.ddss.io.SafeTensors;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * pytorch-fid's Inception-v3 against PyTorch: a copy of the exact architecture with every width
 * divided by 8 and random weights (fixture from {@code core/src/test/python/inception_fixture.py},
 * saved by torch.save as pytorch-fid's weights are), two 32x32 images resized to 299: the pool3
 * features and the input VJP of a random cotangent against PyTorch in float64, on every backend.
 */
class InceptionV3Test {
    static Stream<String> backends() {
        return TestBackends.names();
    }

    static Path fixture(String name) throws Exception {
        return Path.of(InceptionV3Test.class.getResource("/fixtures/inception/" + name).toURI());
    }

    /** NCHW to NHWC. */
    static Tensor nhwc(TensorArena ar, Tensor t) {
        int n = t.dim(0), c = t.dim(1), h = t.dim(2), w = t.dim(3);
        Tensor out = ar.empty(n, h, w, c);
        for (int b = 0; b < n; b++) {
            for (int q = 0; q < c; q++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        out.set((((long) b * h + y) * w + x) * c + q, t.get((((long) b * c + q) * h + y) * w + x));
                    }
                }
            }
        }
        return out;
    }

    /** The L2 norm of the difference relative to the L2 norm of {@code want}. */
    static double l2Relative(Tensor want, Tensor got) {
        double err = 0, norm = 0;
        for (long i = 0; i < want.size(); i++) {
            err += Math.pow(want.get(i) - got.get(i), 2);
            norm += Math.pow(want.get(i), 2);
        }
        return Math.sqrt(err / norm);
    }

    static double maxRelative(Tensor want, Tensor got) {
        double err = 0, scale = 0;
        for (long i = 0; i < want.size(); i++) {
            err = Math.max(err, Math.abs(want.get(i) - got.get(i)));
            scale = Math.max(scale, Math.abs(want.get(i)));
        }
        return err / scale;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void poolFeaturesAndInputVjpMatchPyTorch(String backend) throws Exception {
        try (Backend be = TestBackends.open(backend); InceptionV3 net = InceptionV3.load(fixture("inception_w8.pth"));
             SafeTensors io = SafeTensors.open(fixture("io.safetensors")); TensorArena ar = new TensorArena()) {
            assertEquals(256, net.featureDim());
            Tensor images = nhwc(ar, io.tensor("images")), wantGrad = nhwc(ar, io.tensor("image_grad"));
            try (Tape t = Tape.recording(be)) {
                Var x = t.input(images, true);
                Var f = net.features(t, x);
                double fe = maxRelative(io.tensor("features"), f.value());
                assertTrue(fe < 1e-4, backend + ": features differ by " + fe);
                t.backward(f, io.tensor("cotangent"));
                // Against float64, PyTorch's own float32 gradient of this network differs by 3.5e-3 (largest
                // element) and 1.7e-3 (L2): ReLU gates that float32 rounding flips. Measured here: java
                // 7.1e-3 and 1.9e-3, dnnl 1.1e-2 and 3.0e-3.
                double ge = maxRelative(wantGrad, x.grad()), g2 = l2Relative(wantGrad, x.grad());
                assertTrue(ge < 2e-2 && g2 < 5e-3, backend + ": input VJP differs by " + ge + " (largest), " + g2 + " (L2)");
            }
            // One pixel's change moves the features; a NaN is refused before the network runs.
            double[][] a = net.extract(images, be, 2);
            images.set(5, images.get(5) + 0.5f);
            double[][] b = net.extract(images, be, 2);
            boolean differs = false;
            for (int j = 0; j < a[0].length; j++) {
                differs |= a[0][j] != b[0][j];
            }
            assertTrue(differs, "features of images one pixel apart are equal");
            images.set(7, Float.NaN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.extract(images, be, 2));
            assertTrue(e.getMessage().contains("NaN at index 7 (image 0)"), e.getMessage());
            assertFalse(net.accepts(new int[] {28, 28, 1}));
            assertTrue(net.accepts(new int[] {32, 32, 3}));
        }
    }

    @org.junit.jupiter.api.Test
    void otherWeightsAreRefusedNamingWhatIsMissing(@TempDir Path dir) throws Exception {
        Path digits = dir.resolve("w.safetensors");
        try (TensorArena ar = new TensorArena()) {
            SafeTensors.write(digits, java.util.Map.of("conv1.weight", ar.zeros(2, 2)), java.util.Map.of());
        }
        IOException e = assertThrows(IOException.class, () -> InceptionV3.load(digits));
        assertTrue(e.getMessage().contains("not pytorch-fid's Inception-v3: it has no Conv2d_1a_3x3.conv.weight"), e.getMessage());
        assertTrue(Files.size(fixture("inception_w8.pth")) < 2_000_000);
    }
}
