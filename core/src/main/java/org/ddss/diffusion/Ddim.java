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
 *
 * <p>Each step goes to the next listed time, the paper's rule for a sub-sequence of times. With
 * {@code diffusersStep}, it goes to {@code t - T//K} instead, as diffusers' {@code DDIMScheduler}
 * does ({@code set_alpha_to_one}): the same for {@code leading} lists, and for {@code trailing}
 * when K divides T, but elsewhere the state reaches a time 0.1-1 steps from the one the next call
 * is made at, and where the last step's target is not below 0 the output is that state, not the
 * data prediction.
 */
public record Ddim(NoiseSchedule schedule, double[] times, double eta, boolean clip, boolean diffusersStep) implements Sampler {

    /** The paper's DDIM on the given times. */
    public Ddim(NoiseSchedule schedule, double[] times, double eta, boolean clip) {
        this(schedule, times, eta, clip, false);
    }

    public Ddim {
        times = times.clone();
        if (!(eta >= 0 && eta <= 1)) {
            // Above 1 the noise outgrows the step's own: sigma_s^2 - c^2 < 0, no longer a DDIM step.
            throw new IllegalArgumentException("DDIM eta must be in [0, 1], got " + eta);
        }
    }

    public static Ddim of(NoiseSchedule schedule, Spacing spacing, int k, double eta, boolean clip) {
        return new Ddim(schedule, spacing.times(schedule, k), eta, clip, false);
    }

    /** DDIM stepping as diffusers' {@code DDIMScheduler} does, to {@code t - T//K}. */
    public static Ddim diffusers(NoiseSchedule schedule, Spacing spacing, int k, double eta, boolean clip) {
        return new Ddim(schedule, spacing.times(schedule, k), eta, clip, true);
    }

    @Override
    public String name() {
        return (diffusersStep ? "ddim-diffusers" : "ddim") + "(eta=" + eta + ", K=" + times.length + ")";
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
            int stride = schedule.steps() / times.length;
            for (int k = 0; k < times.length; k++) {
                double t = times[k];
                boolean last = k == times.length - 1, toData = last && !diffusersStep;
                model.predict(x, t, eps);
                Sampler.dataPrediction(x, eps, schedule.alpha(t), schedule.sigma(t), clip, toData ? out : p);
                if (toData) {
                    break;
                }
                // In the (x, p) form of DDSS's families: x_s = a x + b p + c z, with eps re-derived
                // from p (so a clipped p is followed as diffusers does), rounded by the families' kernel.
                double target = diffusersStep ? t - stride : times[k + 1];
                double at = schedule.alpha(t), st = schedule.sigma(t);
                double as = target < 0 ? 1 : schedule.alpha(target), ss = target < 0 ? 0 : schedule.sigma(target);
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
                if (last) {
                    out.copyFrom(x);
                }
            }
            return times.length;
        }
    }
}
