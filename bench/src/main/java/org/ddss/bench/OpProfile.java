package org.ddss.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddss.backend.Backend;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backends;
import org.ddss.model.Presets;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.ddss.tensor.TensorArena;
import org.ddss.tensor.Tensor;

/**
 * Where a search step's time goes, op by op: runs {@link SearchStepBench}'s step (K = 10,
 * batch 32, rematerialised) with every {@link Backend} call timed through a
 * {@link Proxy}, and prints milliseconds per step for each op and first-argument shape,
 * largest first. Wall time per call, so it includes what a profiler of the native library
 * alone misses (thread wake-ups, stream waits, the Java kernels).
 *
 * <p>Usage: {@code OpProfile [backend] [steps]} (default {@code dnnl 8}), after 3 warm-up steps.
 */
public final class OpProfile {
    private OpProfile() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("unet")) {
            unet(args);
            return;
        }
        String name = args.length > 0 ? args[0] : "dnnl";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Map<String, long[]> times = new HashMap<>();
        Backend real = Backends.create(name);
        Backend timed = timed(real, times);
        SearchStepBench bench = new SearchStepBench();
        bench.setUp(timed);
        long stepNanos = 0;
        try {
            for (int s = 0; s < 3 + steps; s++) {
                if (s == 3) {
                    times.clear();
                }
                long t0 = System.nanoTime();
                bench.searchStep();
                if (s >= 3) {
                    stepNanos += System.nanoTime() - t0;
                }
            }
        } finally {
            bench.tearDown();
        }
        print("backend " + name + ", " + steps + " steps", times, stepNanos, steps, "step");
    }

    /**
     * {@code OpProfile unet [cifar|256|bench] [batch] [backend] [calls]} (default {@code cifar 32 dnnl 3}):
     * a UNet's forward pass and its input VJP profiled separately, at random weights: the
     * google/ddpm-cifar10-32 architecture, the 256-pixel DDPMs' or {@link UNetBench}'s. The
     * convolutions' GFLOP/s are printed beside the same run's best sgemm.
     */
    static void unet(String[] args) throws Exception {
        String config = args.length > 1 ? args[1] : "cifar";
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        String name = args.length > 3 ? args[3] : "dnnl";
        int calls = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        UNetConfig c = UNetConfig.parse(switch (config) {
            case "cifar" -> Presets.DDPM_CIFAR10_32;
            case "256" -> Presets.DDPM_256;
            default -> UNetBench.CONFIG;
        });
        Map<String, long[]> times = new HashMap<>();
        try (Backend real = Backends.create(name); UNet2DModel model = UNet2DModel.random(c, 0);
             TensorArena arena = new TensorArena()) {
            Backend timed = timed(real, times);
            int[] shape = model.sampleShape();
            Random r = new Random(1);
            Tensor x = arena.zeros(batch, shape[0], shape[1], shape[2]), g = arena.zeros(batch, shape[0], shape[1], shape[2]);
            Tensor t = arena.zeros(batch);
            for (long i = 0; i < x.size(); i++) {
                x.set(i, r.nextFloat() * 2 - 1);
                g.set(i, r.nextFloat());
            }
            t.fill(500);
            for (String phase : new String[] {"forward", "input VJP"}) {
                long nanos = 0;
                for (int i = 0; i < 2 + calls; i++) {
                    if (i == 2) {
                        times.clear();
                    }
                    long t0 = System.nanoTime();
                    if (phase.equals("forward")) {
                        try (Tape tape = Tape.inference(timed)) {
                            model.forward(tape, tape.constant(x), tape.constant(t));
                        }
                    } else {
                        try (Tape tape = Tape.recording(timed)) {
                            Var xv = tape.input(x, true);
                            tape.backward(model.forward(tape, xv, tape.constant(t)), g);
                        }
                    }
                    if (i >= 2) {
                        nanos += System.nanoTime() - t0;
                    }
                }
                print(config + " UNet " + phase + ", batch " + batch + ", backend " + name + ", " + calls + " calls",
                        times, nanos, calls, "call");
                System.out.println();
            }
            System.out.printf("sgemm 2048x2048x2048 on %s, best of 5: %.1f GFLOP/s%n", name, sgemmGflops(real, 2048));
        }
    }

    /** {@code real} with every call timed into {@code times}, keyed by op name and first argument's shape. */
    private static Backend timed(Backend real, Map<String, long[]> times) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, a) -> {
                    long t0 = System.nanoTime();
                    try {
                        return method.invoke(real, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        String key = method.getName();
                        if (a != null && a.length > 0 && a[0] instanceof Tensor x) {
                            key += " " + Arrays.toString(x.shape());
                        }
                        long[] v = times.computeIfAbsent(key, k -> new long[3]);
                        v[0] += System.nanoTime() - t0;
                        v[1]++;
                        v[2] += convFlops(method.getName(), a);
                    }
                });
    }

    /**
     * The multiply-adds times two of a convolution call (forward, backward data or backward
     * weights: the same count), 0 for any other op. Weights are HWIO.
     */
    private static long convFlops(String op, Object[] a) {
        return switch (op) {
            case "conv2d" -> 2 * ((Tensor) a[4]).size() * perOutput((Tensor) a[1]);
            case "conv2dBackwardData" -> 2 * ((Tensor) a[0]).size() * perOutput((Tensor) a[1]);
            case "conv2dBackwardWeights" -> 2 * ((Tensor) a[1]).size() * perOutput((Tensor) a[3]);
            default -> 0;
        };
    }

    private static long perOutput(Tensor w) {
        return (long) w.dim(0) * w.dim(1) * w.dim(2);
    }

    /**
     * The best of five single-precision matrix products of two n-by-n matrices on {@code be}: the
     * machine's practical peak for dense arithmetic, measured in the same run as the ops.
     */
    static double sgemmGflops(Backend be, int n) {
        try (TensorArena arena = new TensorArena()) {
            Tensor a = arena.zeros(n, n), b = arena.zeros(n, n), c = arena.zeros(n, n);
            Random r = new Random(3);
            for (long i = 0; i < a.size(); i++) {
                a.set(i, r.nextFloat());
                b.set(i, r.nextFloat());
            }
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 6; i++) {
                long t0 = System.nanoTime();
                be.matmul(a, false, b, false, null, c);
                if (i > 0) {
                    best = Math.min(best, System.nanoTime() - t0);
                }
            }
            return 2.0 * n * n * n / best;
        }
    }

    private static void print(String title, Map<String, long[]> times, long totalNanos, int count, String unit) {
        times.remove("close");
        double per = totalNanos / 1e6 / count;
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(times.entrySet());
        rows.sort((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0]));
        System.out.printf("%s: %.1f ms per %s%n%n", title, per, unit);
        System.out.println("| op and first argument's shape | ms/" + unit + " | share | calls/" + unit + " | us/call | GFLOP/s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double inOps = 0;
        long convNanos = 0, convFlops = 0;
        for (Map.Entry<String, long[]> e : rows) {
            long[] v = e.getValue();
            double ms = v[0] / 1e6 / count;
            inOps += ms;
            System.out.printf("| %s | %.1f | %.1f%% | %d | %.1f | %s |%n", e.getKey(), ms, 100 * ms / per,
                    v[1] / count, v[0] / 1e3 / v[1], v[2] > 0 ? String.format("%.1f", (double) v[2] / v[0]) : "");
            if (v[2] > 0) {
                convNanos += v[0];
                convFlops += v[2];
            }
        }
        System.out.printf("%nin backend ops: %.1f ms per %s (%.1f%%)%n", inOps, unit, 100 * inOps / per);
        if (convFlops > 0) {
            System.out.printf("convolutions: %.1f ms per %s, %.1f GFLOP/s%n", convNanos / 1e6 / count, unit,
                    (double) convFlops / convNanos);
        }
    }
}
