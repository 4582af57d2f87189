package org.ddss.bench;

import java.util.Arrays;
import java.util.Random;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.backend.Conv2d;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * What keeping read-only weights reordered saves a convolution: the digits UNet's 3x3
 * convolutions, forward and input-VJP, with the same weights as a writable tensor (reordered on
 * every call) and as a read-only view (reordered once, as a loaded model's), alternating in one
 * JVM. Prints microseconds per call, best of 8 rounds, and the ratio.
 *
 * <p>Usage: {@code FrozenWeights [backend]} (default {@code dnnl}; the other backends keep
 * nothing, so there the ratio is 1).
 */
public final class FrozenWeights {
    private FrozenWeights() {
    }

    public static void main(String[] args) {
        // [N, H, W, Cin, Cout]: the search's batch of 32, and one image as `ddss sample -n 1` runs it.
        int[][] shapes = {{32, 7, 7, 32, 32}, {32, 14, 14, 32, 32}, {32, 28, 28, 16, 16}, {1, 7, 7, 32, 32},
                {1, 14, 14, 32, 32}, {1, 28, 28, 16, 16}};
        Conv2d spec = Conv2d.of(1, 1);
        Random rnd = new Random(1);
        try (Backend be = Backends.create(args.length > 0 ? args[0] : "dnnl"); TensorArena ar = new TensorArena()) {
            System.out.printf("backend %s, us per call (best of 8 rounds)%n%n", be.name());
            System.out.println("| conv 3x3, [N, H, W, Cin, Cout] | forward, writable | forward, read-only | ratio "
                    + "| input VJP, writable | input VJP, read-only | ratio |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (int[] s : shapes) {
                Tensor x = random(ar, rnd, s[0], s[1], s[2], s[3]);
                Tensor w = random(ar, rnd, 3, 3, s[3], s[4]);
                Tensor frozen = w.readOnly();
                Tensor y = ar.zeros(s[0], s[1], s[2], s[4]);
                Tensor dx = ar.zeros(x.shape());
                int calls = s[0] == 1 ? 2000 : 200;
                double[][] best = {{Double.MAX_VALUE, Double.MAX_VALUE}, {Double.MAX_VALUE, Double.MAX_VALUE}};
                for (int round = 0; round < 8; round++) {
                    for (int m = 0; m < 2; m++) {
                        Tensor wm = m == 0 ? w : frozen;
                        long t0 = System.nanoTime();
                        for (int i = 0; i < calls; i++) {
                            be.conv2d(x, wm, null, spec, y);
                        }
                        long t1 = System.nanoTime();
                        for (int i = 0; i < calls; i++) {
                            be.conv2dBackwardData(y, wm, spec, dx);
                        }
                        long t2 = System.nanoTime();
                        best[m][0] = Math.min(best[m][0], (t1 - t0) / 1e3 / calls);
                        best[m][1] = Math.min(best[m][1], (t2 - t1) / 1e3 / calls);
                    }
                }
                System.out.printf("| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |%n", Arrays.toString(s), best[0][0], best[1][0],
                        best[0][0] / best[1][0], best[0][1], best[1][1], best[0][1] / best[1][1]);
            }
        }
    }

    private static Tensor random(TensorArena ar, Random rnd, int... shape) {
        Tensor t = ar.zeros(shape);
        for (long i = 0; i < t.size(); i++) {
            t.set(i, (float) rnd.nextGaussian());
        }
        return t;
    }
}
