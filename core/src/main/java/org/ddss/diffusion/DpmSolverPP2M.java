package org.ddss.diffusion;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++", Algorithm 2): a second-order multistep
 * solver of the probability-flow ODE in data prediction. With {@code lambda = log(alpha/sigma)},
 * {@code h_i = lambda_{i} - lambda_{i-1}} and {@code r_i = h_{i-1}/h_i}, each step is
 * {@code x_i = (sigma_i/sigma_{i-1}) x_{i-1} - alpha_i (e^{-h_i} - 1) D_i} with
 * {@code D_i = (1 + 1/(2 r_i)) p_{i-1} - 1/(2 r_i) p_{i-2}} ({@code D_1 = p_0}, first order).
 * The final step to noise level 0 is first order (its h is infinite), so the output is the
 * last data prediction: the usual lower-order final step.
 */
public record DpmSolverPP2M(NoiseSchedule schedule, double[] times, boolean clip) implements Sampler {

    public DpmSolverPP2M {
        times = times.clone();
    }

    public static DpmSolverPP2M of(NoiseSchedule schedule, Spacing spacing, int k, boolean clip) {
        return new DpmSolverPP2M(schedule, spacing.times(schedule, k), clip);
    }

    @Override
    public String name() {
        return "dpmpp2m(K=" + times.length + ")";
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public int sample(NoisePredictor model, NoiseSource noise, Tensor out) {
        try (TensorArena ar = new TensorArena()) {
            int[] shape = out.shape();
            Tensor x = ar.empty(shape), eps = ar.empty(shape), p = ar.empty(shape), prev = ar.empty(shape);
            noise.fill(x);
            double hPrev = Double.NaN;
            for (int k = 0; k < times.length; k++) {
                double t = times[k];
                boolean last = k == times.length - 1;
                model.predict(x, t, eps);
                Sampler.dataPrediction(x, eps, schedule.alpha(t), schedule.sigma(t), clip, last ? out : p);
                if (last) {
                    break;
                }
                double s = times[k + 1];
                double h = schedule.lambda(s) - schedule.lambda(t);
                double ratio = schedule.sigma(s) / schedule.sigma(t);
                double coeff = -schedule.alpha(s) * Math.expm1(-h);
                boolean second = k > 0;
                double r = second ? hPrev / h : 0;
                for (long i = 0, n = x.size(); i < n; i++) {
                    double d = second ? (1 + 1 / (2 * r)) * p.get(i) - 1 / (2 * r) * prev.get(i) : p.get(i);
                    x.set(i, (float) (ratio * x.get(i) + coeff * d));
                }
                prev.copyFrom(p);
                hPrev = h;
            }
            return times.length;
        }
    }
}
