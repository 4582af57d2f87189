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
        long bytes = Float.BYTES * (long) n;
        for (int d : sampleShape) {
            bytes = bytes > Long.MAX_VALUE / Math.max(d, 1) ? -1 : bytes * d;
        }
        org.ddss.tensor.NativeMemory.requireAffordable(bytes, n + " samples of " + java.util.Arrays.toString(sampleShape));
        Tensor out = arena.empty(shape);
        long t0 = System.nanoTime();
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            sampler.sample(model, new NoiseSource(seed, first + s, e - s), out.slice(s, e));
            progress.update(e, n, Double.NaN, e / ((System.nanoTime() - t0) / 1e9), null);
        }
        return out;
    }
}
