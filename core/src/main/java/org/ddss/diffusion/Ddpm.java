package org.ddss.diffusion;

import java.util.Arrays;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * DDPM ancestral sampling (Ho, Jain & Abbeel 2020, Algorithm 2 and eqs. 6-7), respaced to K
 * steps (Nichol & Dhariwal 2021, §4): between consecutive times with cumulative products
 * {@code abar_t} and {@code abar_s} (s the next time, 1 after the last step),
 * {@code beta = 1 - abar_t/abar_s}; the posterior mean is
 * {@code sqrt(abar_s) beta/(1-abar_t) p + sqrt(1-beta) (1-abar_s)/(1-abar_t) x} and its variance
 * {@code (1-abar_s)/(1-abar_t) beta} ({@code fixed_small}) or {@code beta} ({@code fixed_large});
 * no noise is added at the last step.
 */
public record Ddpm(NoiseSchedule schedule, double[] times, boolean fixedLarge, boolean clip) implements Sampler {

    public Ddpm {
        times = times.clone();
    }

    public static Ddpm of(NoiseSchedule schedule, Spacing spacing, int k, boolean fixedLarge, boolean clip) {
        return new Ddpm(schedule, spacing.times(schedule, k), fixedLarge, clip);
    }

    @Override
    public String name() {
        return "ddpm(" + (fixedLarge ? "fixed_large" : "fixed_small") + ", K=" + times.length + ")";
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public int sample(NoisePredictor model, NoiseSource noise, Tensor out) {
        try (TensorArena ar = new TensorArena()) {
            Tensor x = ar.empty(out.shape());
            noise.fill(x);
            return denoise(model, x, noise, out);
        }
    }

    /**
     * Runs the chain from a given state {@code x} at {@code times[0]} (overwritten) instead of
     * pure noise, as SDEdit (Meng et al. 2022) does with a noised image; {@code noise} supplies
     * the steps' noise. Returns the number of model calls.
     */
    public int denoise(NoisePredictor model, Tensor x, NoiseSource noise, Tensor out) {
        if (!Arrays.equals(x.shape(), out.shape())) {
            throw new IllegalArgumentException("DDPM from a state of shape " + Arrays.toString(x.shape())
                    + " into an output of shape " + Arrays.toString(out.shape()));
        }
        try (TensorArena ar = new TensorArena()) {
            int[] shape = out.shape();
            Tensor eps = ar.empty(shape), z = ar.empty(shape);
            for (int k = 0; k < times.length; k++) {
                double t = times[k];
                boolean last = k == times.length - 1;
                double abarT = schedule.abar(t), abarS = last ? 1 : schedule.abar(times[k + 1]);
                model.predict(x, t, eps);
                Sampler.dataPrediction(x, eps, Math.sqrt(abarT), Math.sqrt(1 - abarT), clip, last ? out : eps);
                if (last) {
                    break;
                }
                double beta = 1 - abarT / abarS;
                double cp = Math.sqrt(abarS) * beta / (1 - abarT);
                double cx = Math.sqrt(1 - beta) * (1 - abarS) / (1 - abarT);
                double var = fixedLarge ? beta : Math.max((1 - abarS) / (1 - abarT) * beta, 1e-20);
                double sd = Math.sqrt(var);
                noise.fill(z);
                for (long i = 0, n = x.size(); i < n; i++) {
                    x.set(i, (float) (cp * eps.get(i) + cx * x.get(i) + sd * z.get(i)));
                }
            }
            return times.length;
        }
    }
}
