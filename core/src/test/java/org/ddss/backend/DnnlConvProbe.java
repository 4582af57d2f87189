package org.ddss.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * The UNet's convolution shapes (16 and 32 channels, 3x3 and 1x1) on the dnnl backend: which
 * kernel oneDNN runs for each, each checked against the float64 reference. Run in-process by
 * {@link DnnlBackendSmokeTest}, and as a main in a child JVM with {@code ONEDNN_MAX_CPU_ISA=AVX2}
 * so that AVX-512 machines test the AVX2 path too.
 */
final class DnnlConvProbe {
    static final int[][] CASES = {{16, 16, 3}, {32, 32, 3}, {48, 16, 1}};

    private DnnlConvProbe() {
    }

    /** The kernel of each case, in order, after checking its output against the reference. */
    static List<String> kernels(DnnlBackend be, TensorArena mem, Random rnd) {
        List<String> kernels = new ArrayList<>();
        for (int[] c : CASES) {
            Tensor x = random(mem, rnd, 2, 14, 14, c[0]);
            Tensor w = random(mem, rnd, c[2], c[2], c[0], c[1]);
            Tensor b = random(mem, rnd, c[1]);
            Conv2d spec = Conv2d.of(1, c[2] / 2);
            Tensor y = mem.empty(2, 14, 14, c[1]);
            be.conv2d(x, w, b, spec, y);
            String impl = be.conv2dImplementation(x, w, spec, true);
            Check.close("conv2d " + Arrays.toString(c) + " on " + impl,
                    Ref.conv2d(Check.d(x), x.shape(), Check.d(w), w.shape(), Check.d(b), spec), y, 2e-4);
            kernels.add(impl);
        }
        return kernels;
    }

    /** Whether a kernel is oneDNN's direct one: neither the gemm fallback nor a reference loop. */
    static boolean direct(String kernel) {
        return !kernel.contains("gemm") && !kernel.startsWith("ref");
    }

    private static Tensor random(TensorArena mem, Random rnd, int... shape) {
        Tensor t = mem.zeros(shape);
        for (long i = 0; i < t.size(); i++) {
            t.set(i, (float) rnd.nextGaussian());
        }
        return t;
    }

    public static void main(String[] args) {
        try (DnnlBackend be = DnnlBackend.open(); TensorArena mem = new TensorArena()) {
            System.out.println("ISA " + DnnlBackend.isa());
            for (String k : kernels(be, mem, new Random(7))) {
                System.out.println("KERNEL " + k);
            }
        }
    }
}
