package org.ddss.diffusion;

import org.ddss.backend.Backend;
import org.ddss.tensor.Tensor;

/** Data N(mu, s^2), whose exact noise predictor is known in closed form: the analytic model the sampler tests run on. */
public final class GaussianData {
    private GaussianData() {}

    /** The exact {@code eps(x_t, t)}, from the posterior mean of x given x_t; counts its calls in {@code calls[0]}. */
    public static NoisePredictor predictor(NoiseSchedule sch, double mu, double s, int[] calls, Backend be) {
        return new NoisePredictor() {
            @Override
            public void predict(Tensor x, double t, Tensor eps) {
                calls[0]++;
                double a = sch.alpha(t), sg = sch.sigma(t);
                double gain = a * s * s / (a * a * s * s + sg * sg);
                for (long i = 0; i < x.size(); i++) {
                    double post = mu + gain * (x.get(i) - a * mu);
                    eps.set(i, (float) ((x.get(i) - a * post) / sg));
                }
            }

            @Override
            public Backend backend() {
                return be;
            }
        };
    }
}
