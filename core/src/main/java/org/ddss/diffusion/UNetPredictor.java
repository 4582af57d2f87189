package org.ddss.diffusion;

import org.ddss.autodiff.Tape;
import org.ddss.backend.Backend;
import org.ddss.model.UNet2DModel;
import org.ddss.tensor.Tensor;

/** A {@link UNet2DModel} as a sampler's noise predictor: one inference call per batch and time. */
public record UNetPredictor(UNet2DModel model, Backend backend) implements NoisePredictor {
    @Override
    public void predict(Tensor x, double t, Tensor eps) {
        try (Tape tape = Tape.inference(backend)) {
            Tensor times = tape.alloc(x.dim(0));
            times.fill((float) t);
            eps.copyFrom(model.forward(tape, tape.constant(x), tape.constant(times)).value());
        }
    }
}
