package org.ddss.diffusion;

import org.ddss.tensor.Tensor;

/**
 * The model a sampler calls: the noise prediction {@code eps(x_t, t)} for a batch at one real
 * time. Implemented over a UNet (through a backend) and, in tests, by exact denoisers.
 */
@FunctionalInterface
public interface NoisePredictor {
    /** Writes {@code eps(x, t)} into eps (same shape as x). */
    void predict(Tensor x, double t, Tensor eps);
}
