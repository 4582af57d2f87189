package org.ddss.train;

/** The learning-rate schedule that training and the sampler search share. */
public final class LearningRate {
    private LearningRate() {}

    /**
     * A linear warm-up to {@code peak} over {@code warmup} steps, then a cosine from {@code peak}
     * down to {@code floor * peak} at the last step ({@code k = total - 1}); {@code floor = 1}
     * keeps the rate constant after the warm-up.
     *
     * @param k the step, from 0
     */
    public static double warmupCosine(double peak, long warmup, long total, double floor, long k) {
        if (k < warmup) {
            return peak * (k + 1) / warmup;
        }
        double u = (double) (k - warmup) / Math.max(1, total - 1 - warmup);
        return peak * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, u))));
    }
}
