package org.ddss.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
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
        String name = args.length > 0 ? args[0] : "dnnl";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Map<String, long[]> times = new HashMap<>();
        Backend real = Backends.create(name);
        Backend timed = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
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
                        long[] v = times.computeIfAbsent(key, k -> new long[2]);
                        v[0] += System.nanoTime() - t0;
                        v[1]++;
                    }
                });
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
        times.remove("close");
        double step = stepNanos / 1e6 / steps;
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(times.entrySet());
        rows.sort((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0]));
        System.out.printf("backend %s, %d steps: %.1f ms per step%n%n", name, steps, step);
        System.out.println("| op and first argument's shape | ms/step | share | calls/step | us/call |");
        System.out.println("|---|---:|---:|---:|---:|");
        double inOps = 0;
        for (Map.Entry<String, long[]> e : rows) {
            double ms = e.getValue()[0] / 1e6 / steps;
            inOps += ms;
            System.out.printf("| %s | %.1f | %.1f%% | %d | %.1f |%n", e.getKey(), ms, 100 * ms / step,
                    e.getValue()[1] / steps, e.getValue()[0] / 1e3 / e.getValue()[1]);
        }
        System.out.printf("%nin backend ops: %.1f ms per step (%.1f%%)%n", inOps, 100 * inOps / step);
    }
}
