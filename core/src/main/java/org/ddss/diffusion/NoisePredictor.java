package org.ddss.diffusion;

import org.ddss.backend.Backend;
import org.ddss.tensor.Tensor;

/**
 * The model a sampler calls: the noise prediction {@code eps(x_t, t)} for a batch at one real
 * time, on a backend. Implemented over a UNet and, in tests, by exact denoisers.
 */
public interface NoisePredictor {
    /** Writes {@code eps(x, t)} into eps (same shape as x). */
    void predict(Tensor x, double t, Tensor eps);

    /** The backend the model runs on; a sampler's own tensor arithmetic runs there too. */
    Backend backend();
}
