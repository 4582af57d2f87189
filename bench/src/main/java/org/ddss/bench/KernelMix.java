package org.ddss.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.ddss.backend.Backend;
import org.ddss.backend.GroupNorm;
import org.ddss.backend.Backends;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * The Java kernels the way a search step mixes them: group norm + SiLU (with and without the
 * normalised values kept), SiLU, the pair's VJP and the attention's small matrix products, over
 * the digits UNet's shapes, all in one JVM, so that the JIT compiles each kernel after seeing
 * every caller and shape, as in a real run. Prints microseconds per call (best of 7 rounds of
 * 200 calls) and the heap bytes allocated per call by all threads: the kernels allocate a few
 * small arrays and their parallel bookkeeping (about a kilobyte a call), so tens of kilobytes
 * or more mean the JIT boxed vectors on the heap (see {@code VectorKernels}).
 *
 * <p>Usage: {@code KernelMix [backend]} (default {@code java}). A JMH benchmark of one kernel
 * alone cannot show this: its compilation sees a single caller.
 */
public final class KernelMix {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private KernelMix() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "java";
        int[][] shapes = {{32, 28, 28, 16}, {32, 28, 28, 48}, {32, 14, 14, 32}, {32, 7, 7, 32}};
        String[] ops = {"groupNormSilu", "groupNormSilu+y", "silu", "siluBackward+groupNormBackward"};
        System.out.println("| op | shape | us/call | heap KiB/call |");
        System.out.println("|---|---|---:|---:|");
        try (Backend be = Backends.create(name); TensorArena ar = new TensorArena()) {
            Random r = new Random(1);
            for (int[] s : shapes) {
                int c = s[3];
                Tensor x = random(ar, r, s), dy = random(ar, r, s);
                Tensor y = ar.zeros(s), act = ar.zeros(s), dh = ar.zeros(s), dx = ar.zeros(s);
                Tensor gamma = random(ar, r, c), beta = random(ar, r, c), dgamma = ar.zeros(c), dbeta = ar.zeros(c);
                Tensor mean = ar.zeros(s[0], 8), var = ar.zeros(s[0], 8);
                for (String op : ops) {
                    Runnable call = switch (op) {
                        case "groupNormSilu" -> () -> be.groupNormSilu(x, null, gamma, beta, new GroupNorm(8, 1e-5f), null, act, mean, var);
                        case "groupNormSilu+y" -> () -> be.groupNormSilu(x, null, gamma, beta, new GroupNorm(8, 1e-5f), y, act, mean, var);
                        case "silu" -> () -> be.silu(x, act);
                        default -> () -> {
                            be.siluBackward(dy, y, dh);
                            be.groupNormBackward(dh, x, null, gamma, mean, var, new GroupNorm(8, 1e-5f), dx, null, dgamma, dbeta);
                        };
                    };
                    report(op, s, call);
                }
            }
            // The attention's projections ([B*HW, C] x [C, C]) and scores ([B, HW, C] x [B, C, HW]).
            Tensor a = random(ar, r, 1568, 32), w = random(ar, r, 32, 32), out = ar.zeros(1568, 32);
            report("matmul", new int[] {1568, 32, 32}, () -> be.matmul(a, false, w, false, null, out));
            Tensor q = random(ar, r, 32, 49, 32), k = random(ar, r, 32, 49, 32), scores = ar.zeros(32, 49, 49);
            report("matmul, B transposed", new int[] {32, 49, 32, 49}, () -> be.matmul(q, false, k, true, null, scores));
        }
    }

    private static void report(String op, int[] shape, Runnable call) {
        for (int i = 0; i < 200; i++) {
            call.run();
        }
        long before = THREADS.getTotalThreadAllocatedBytes();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                call.run();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 200);
        }
        double kib = (THREADS.getTotalThreadAllocatedBytes() - before) / 1400.0 / 1024;
        System.out.printf("| %s | %s | %.1f | %.1f |%n", op, Arrays.toString(shape), best / 1e3, kib);
    }

    private static Tensor random(TensorArena ar, Random r, int... shape) {
        Tensor t = ar.zeros(shape);
        for (long i = 0; i < t.size(); i++) {
            t.set(i, (float) r.nextGaussian());
        }
        return t;
    }
}
