package org.ddss.diffusion;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * iPNDM (Zhang and Chen 2023, "Fast Sampling of Diffusion Models with Exponential Integrator",
 * the improved pseudo linear multistep method; as zju-pi/diff-sampler's {@code ipndm_sampler} and
 * ComfyUI's {@code sample_ipndm} run it): Adams-Bashforth with fixed coefficients on the
 * probability-flow ODE in EDM's variables, {@code y = x/alpha}, {@code s = sigma/alpha}, where
 * {@code dy/ds = eps}. Each step is {@code y_{i+1} = y_i + (s_{i+1} - s_i) sum_j c_j eps_{i-j}}
 * with, newest first, (1), (3, -1)/2, (23, -16, 5)/12, (55, -59, 37, -9)/24 at orders 1 to 4, the
 * order rising by one a step from 1 up to {@code maxOrder} (warm-up). The step to noise level 0
 * returns the last data prediction (ComfyUI's rule). It starts from the VP prior,
 * {@code x = noise}, where EDM starts from {@code y = s_max noise}.
 */
public record Ipndm(NoiseSchedule schedule, double[] times, int maxOrder, boolean clip) implements Sampler {
    private static final double[][] COEFFS = {{1}, {1.5, -0.5}, {23 / 12.0, -16 / 12.0, 5 / 12.0},
            {55 / 24.0, -59 / 24.0, 37 / 24.0, -9 / 24.0}};

    public Ipndm {
        if (maxOrder < 1 || maxOrder > 4) {
            throw new IllegalArgumentException("iPNDM order must be 1 to 4, got " + maxOrder);
        }
        times = times.clone();
    }

    public static Ipndm of(NoiseSchedule schedule, Spacing spacing, int k, int maxOrder, boolean clip) {
        return new Ipndm(schedule, spacing.times(schedule, k, Spacing.Scheduler.MULTISTEP), maxOrder, clip);
    }

    @Override
    public String name() {
        return "ipndm" + (maxOrder == 4 ? "" : "(order=" + maxOrder + ")") + "(K=" + times.length + ")";
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public int sample(NoisePredictor model, NoiseSource noise, Tensor out) {
        try (TensorArena ar = new TensorArena()) {
            int[] shape = out.shape();
            Tensor x = ar.empty(shape);
            // The last maxOrder noise predictions, newest at history[0].
            Tensor[] history = new Tensor[maxOrder];
            for (int j = 0; j < maxOrder; j++) {
                history[j] = ar.empty(shape);
            }
            Tensor clipped = clip ? ar.empty(shape) : null;
            noise.fill(x);
            for (int k = 0; k < times.length; k++) {
                double t = times[k];
                Tensor oldest = history[maxOrder - 1];
                System.arraycopy(history, 0, history, 1, maxOrder - 1);
                history[0] = oldest;
                model.predict(x, t, history[0]);
                if (k == times.length - 1) {
                    Sampler.dataPrediction(x, history[0], schedule.alpha(t), schedule.sigma(t), clip, out);
                    break;
                }
                if (clip) {
                    // Clipping acts on the data prediction; the eps that goes with the clipped one drives the step.
                    Sampler.dataPrediction(x, history[0], schedule.alpha(t), schedule.sigma(t), true, clipped);
                    for (long i = 0, n = x.size(); i < n; i++) {
                        history[0].set(i, (float) ((x.get(i) - schedule.alpha(t) * clipped.get(i)) / schedule.sigma(t)));
                    }
                }
                double s = times[k + 1];
                double at = schedule.alpha(t), as = schedule.alpha(s);
                double ds = schedule.veSigma(s) - schedule.veSigma(t);
                double[] c = COEFFS[Math.min(maxOrder, k + 1) - 1];
                for (long i = 0, n = x.size(); i < n; i++) {
                    double d = 0;
                    for (int j = 0; j < c.length; j++) {
                        d += c[j] * history[j].get(i);
                    }
                    x.set(i, (float) (as * (x.get(i) / at + ds * d)));
                }
            }
            return times.length;
        }
    }
}
