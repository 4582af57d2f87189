package org.ddss.diffusion;

import org.ddss.tensor.Tensor;

/**
 * A K-step sampler: from initial noise {@code x_K ~ N(0, I)} at {@code tau_K} down to data,
 * calling the model once per step (K NFE). All noise comes from the given {@link NoiseSource}
 * (initial noise first, then each step's), so results do not depend on batch composition.
 * The output is the data prediction of the last step. With clipping, every step's data prediction
 * is clipped to [-1, 1] before the step uses it (diffusers' {@code clip_sample}). A sampler is
 * a value (times, coefficients, the schedule): serializable, so that a cluster can hand it to its
 * executors.
 */
public interface Sampler extends java.io.Serializable {

    /** A short description, e.g. {@code ddim(eta=0, K=10)}. */
    String name();

    /** The model-call times {@code tau_K > ... > tau_1}. */
    double[] times();

    /** Writes samples into {@code out} [N, ...] (N = the noise source's count); returns the model calls made. */
    int sample(NoisePredictor model, NoiseSource noise, Tensor out);

    /** {@code p = (x - sigma eps) / alpha}, the data prediction (DESIGN.md §1), clipped when asked. */
    static void dataPrediction(Tensor x, Tensor eps, double alpha, double sigma, boolean clip, Tensor p) {
        for (long i = 0, n = x.size(); i < n; i++) {
            double v = (x.get(i) - sigma * eps.get(i)) / alpha;
            p.set(i, (float) (clip ? Math.max(-1, Math.min(1, v)) : v));
        }
    }
}
