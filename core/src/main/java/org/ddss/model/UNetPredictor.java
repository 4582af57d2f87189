package org.ddss.model;

import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.diffusion.DifferentiableNoisePredictor;
import org.ddss.model.UNet2DModel;
import org.ddss.tensor.Tensor;

/**
 * A {@link UNet2DModel} as a sampler's noise predictor: one inference call per batch and time,
 * or a recorded call whose VJP reaches the input and the time (never the frozen weights).
 */
public record UNetPredictor(UNet2DModel model, Backend backend) implements DifferentiableNoisePredictor {
    @Override
    public void predict(Tensor x, double t, Tensor eps) {
        stopIfInterrupted(t);
        try (Tape tape = Tape.inference(backend)) {
            Tensor times = tape.alloc(x.dim(0));
            times.fill((float) t);
            eps.copyFrom(model.forward(tape, tape.constant(x), tape.constant(times)).value());
        }
    }

    @Override
    public Pass record(Tensor x, double t, boolean timeGradient) {
        stopIfInterrupted(t);
        Tape tape = Tape.recording(backend);
        try {
            Tensor times = tape.alloc(x.dim(0));
            times.fill((float) t);
            Var xv = tape.input(x, true), tv = tape.input(times, timeGradient);
            Var eps = model.forward(tape, xv, tv);
            return new Pass() {
                @Override
                public Tensor eps() {
                    return eps.value();
                }

                @Override
                public double backward(Tensor g, Tensor xGrad) {
                    tape.backward(eps, g);
                    if (xv.grad() != null) {
                        backend.add(xGrad, xv.grad(), xGrad);
                    }
                    double dt = 0;
                    if (timeGradient && tv.grad() != null) {
                        for (int i = 0; i < tv.grad().size(); i++) {
                            dt += tv.grad().get(i);
                        }
                    }
                    return dt;
                }

                @Override
                public void close() {
                    tape.close();
                }
            };
        } catch (RuntimeException e) {
            tape.close();
            throw e;
        }
    }

    /**
     * Between model calls, an interrupted thread stops: sampling, searching and training all call
     * the model, so a cancelled task ends within one call, before its results are written.
     */
    private static void stopIfInterrupted(double t) {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("interrupted before the model call at time " + t);
        }
    }
}
