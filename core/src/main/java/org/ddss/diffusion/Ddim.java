package org.ddss.diffusion;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * DDIM (Song, Meng & Ermon 2021, eq. 12 with eq. 16's sigma): from time t to the next time s
 * (abar 1 after the last step),
 * {@code x_s = sqrt(abar_s) p + sqrt(1 - abar_s - sigma^2) eps + sigma z} with
 * {@code sigma = eta sqrt((1-abar_s)/(1-abar_t)) sqrt(1 - abar_t/abar_s)}. eta = 0 is the
 * deterministic sampler (the probability-flow ODE's first-order solver); eta = 1 has DDPM's
 * {@code fixed_small} variance.
 */
public record Ddim(NoiseSchedule schedule, double[] times, double eta, boolean clip) implements Sampler {

    public Ddim {
        times = times.clone();
        if (!(eta >= 0)) {
            throw new IllegalArgumentException("DDIM eta must be >= 0, got " + eta);
        }
    }

    public static Ddim of(NoiseSchedule schedule, Spacing spacing, int k, double eta, boolean clip) {
        return new Ddim(schedule, spacing.times(schedule, k), eta, clip);
    }

    @Override
    public String name() {
        return "ddim(eta=" + eta + ", K=" + times.length + ")";
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public int sample(NoisePredictor model, NoiseSource noise, Tensor out) {
        try (TensorArena ar = new TensorArena()) {
            int[] shape = out.shape();
            Tensor x = ar.empty(shape), next = ar.empty(shape), eps = ar.empty(shape), p = ar.empty(shape), z = ar.empty(shape);
            noise.fill(x);
            for (int k = 0; k < times.length; k++) {
                double t = times[k];
                boolean last = k == times.length - 1;
                model.predict(x, t, eps);
                Sampler.dataPrediction(x, eps, schedule.alpha(t), schedule.sigma(t), clip, last ? out : p);
                if (last) {
                    break;
                }
                // In the (x, p) form of DDSS's families: x_s = a x + b p + c z, with eps re-derived
                // from p (so a clipped p is followed as diffusers does), rounded by the families' kernel.
                double at = schedule.alpha(t), st = schedule.sigma(t);
                double as = schedule.alpha(times[k + 1]), ss = schedule.sigma(times[k + 1]);
                double c = eta * (ss / st) * Math.sqrt(1 - (at * at) / (as * as));
                double a = c == 0 ? ss / st : Math.sqrt(Math.max(ss * ss - c * c, 0)) / st, b = as - a * at;
                if (c != 0) {
                    noise.fill(z);
                }
                Transition.apply(model.backend(), c, z, new double[] {a}, new Tensor[] {x}, new double[] {b}, new Tensor[] {p},
                        1, next);
                Tensor done = x;
                x = next;
                next = done;
            }
            return times.length;
        }
    }
}
