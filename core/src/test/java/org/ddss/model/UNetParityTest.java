package org.ddss.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.backend.TestBackends;
import org.ddss.io.SafeTensors;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java UNet against the PyTorch rebuild of diffusers' UNet2DModel
 * ({@code core/src/test/python/unet_parity.py} writes the fixtures): outputs within 1e-4
 * relative error, input and time VJPs within 1e-3, on every backend.
 */
class UNetParityTest {

    static Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return TestBackends.names().flatMap(b -> Stream.of("attn16", "defaults28")
                .map(f -> org.junit.jupiter.params.provider.Arguments.of(b, f)));
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(UNetParityTest.class.getResource("/fixtures/unet/" + name + "/config.json").toURI()).getParent();
    }

    /** [N, C, H, W] to [N, H, W, C], or back when {@code toNchw}. */
    static void permute(Tensor src, Tensor dst, boolean toNchw) {
        int[] s = toNchw ? dst.shape() : src.shape();
        int n = s[0], c = s[1], h = s[2], w = s[3];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        long nchw = (((long) b * c + k) * h + y) * w + x;
                        long nhwc = (((long) b * h + y) * w + x) * c + k;
                        if (toNchw) {
                            dst.set(nchw, src.get(nhwc));
                        } else {
                            dst.set(nhwc, src.get(nchw));
                        }
                    }
                }
            }
        }
    }

    static Tensor nhwc(TensorArena ar, Tensor nchw) {
        Tensor t = ar.zeros(nchw.dim(0), nchw.dim(2), nchw.dim(3), nchw.dim(1));
        permute(nchw, t, false);
        return t;
    }

    static void close(String what, Tensor expected, Tensor actual, double tol) {
        double scale = 1e-6, err = 0;
        for (long i = 0; i < expected.size(); i++) {
            scale = Math.max(scale, Math.abs(expected.get(i)));
            err = Math.max(err, Math.abs(expected.get(i) - actual.get(i)));
        }
        double rel = err / scale;
        assertTrue(rel <= tol, what + ": relative error " + rel + " > " + tol);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorch(String backend, String fixture) throws Exception {
        Path dir = fixture(fixture);
        try (Backend be = TestBackends.open(backend);
             UNet2DModel model = UNet2DModel.load(dir);
             SafeTensors io = SafeTensors.open(dir.resolve("io.safetensors"));
             TensorArena ar = new TensorArena();
             Tape tape = Tape.recording(be)) {
            Tensor x = nhwc(ar, io.tensor("x")), g = nhwc(ar, io.tensor("g"));
            Tensor eps = nhwc(ar, io.tensor("eps")), dx = nhwc(ar, io.tensor("dx"));
            Var xv = tape.input(x, true), tv = tape.input(io.tensor("t"), true);
            Var out = model.forward(tape, xv, tv);
            close(fixture + " output", eps, out.value(), 1e-4);
            tape.backward(out, g);
            close(fixture + " input VJP", dx, xv.grad(), 1e-3);
            close(fixture + " time VJP", io.tensor("dt"), tv.grad(), 1e-3);
        }
    }
}
