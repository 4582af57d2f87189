package org.ddss.diffusion;

import org.ddss.Progress;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/** Sampling many images in batches, each sample's noise a function of (seed, sample index) only. */
public final class Sampling {
    private Sampling() {}

    /**
     * Draws samples {@code first .. first + n - 1} of the run seeded {@code seed} into a new
     * tensor [n, sampleShape...] of {@code arena}, {@code batch} at a time, reporting images done.
     */
    public static Tensor generate(Sampler sampler, NoisePredictor model, long seed, long first, int n, int batch,
                                  int[] sampleShape, TensorArena arena, Progress progress) {
        if (n < 1 || batch < 1) {
            throw new IllegalArgumentException("sampling needs n >= 1 and batch >= 1, got n=" + n + ", batch=" + batch);
        }
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        requireAffordable(n, sampleShape);
        Tensor out = arena.empty(shape);
        long t0 = System.nanoTime();
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            Tensor part = out.slice(s, e);
            sampler.sample(model, new NoiseSource(seed, first + s, e - s), part);
            requireFinite(part, sampler, first + s);
            progress.update(e, n, Double.NaN, e / ((System.nanoTime() - t0) / 1e9), null);
        }
        return out;
    }

    /** Refuses, before any work, {@code n} samples whose tensor would not fit in memory, saying how much they need. */
    public static void requireAffordable(int n, int[] sampleShape) {
        long bytes = Float.BYTES * (long) n;
        for (int d : sampleShape) {
            bytes = bytes > Long.MAX_VALUE / Math.max(d, 1) ? -1 : bytes * d;
        }
        org.ddss.tensor.NativeMemory.requireAffordable(bytes, n + " samples of " + java.util.Arrays.toString(sampleShape));
    }

    /** Stops a sampling that produced NaN or an infinity, naming the sample, rather than let it be written or scored. */
    private static void requireFinite(Tensor part, Sampler sampler, long firstIndex) {
        long per = part.size() / part.dim(0);
        for (long i = 0, n = part.size(); i < n; i++) {
            float v = part.get(i);
            if (!Float.isFinite(v)) {
                throw new ArithmeticException(sampler.name() + " produced " + v + " in sample " + (firstIndex + i / per)
                        + ": the model or the sampler's coefficients overflow; nothing was written");
            }
        }
    }
}
