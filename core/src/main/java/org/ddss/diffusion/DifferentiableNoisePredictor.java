package org.ddss.diffusion;

import org.ddss.tensor.Tensor;

/**
 * A noise predictor whose vector-Jacobian products with respect to its input and its time are
 * available: what a sampler search back-propagates through. Weights are never differentiated.
 */
public interface DifferentiableNoisePredictor extends NoisePredictor {

    /**
     * Runs the model at {@code (x, t)} keeping what the VJP needs (its activations) until the
     * pass is closed. {@code x} must not change while the pass is open.
     */
    Pass record(Tensor x, double t, boolean timeGradient);

    /** One recorded model call. */
    interface Pass extends AutoCloseable {
        /** The prediction {@code eps(x, t)}; valid until close. */
        Tensor eps();

        /**
         * Adds {@code (d eps / d x)^T g} into {@code xGrad} and returns {@code sum (d eps / d t) . g}
         * (0 when the pass was recorded without the time gradient). Call at most once.
         */
        double backward(Tensor g, Tensor xGrad);

        @Override
        void close();
    }
}
