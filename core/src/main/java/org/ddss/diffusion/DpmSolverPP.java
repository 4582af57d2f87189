package org.ddss.diffusion;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * DPM-Solver++(2M) and (3M) (Lu et al. 2022, "DPM-Solver++", Algorithm 2 and its third-order
 * multistep form), multistep solvers of the probability-flow ODE in data prediction, stepping as
 * diffusers' {@code DPMSolverMultistepScheduler} does (midpoint form, {@code lower_order_final},
 * final noise level zero). With {@code lambda = log(alpha/sigma)}, the step from {@code t} to
 * {@code s} has {@code h = lambda_s - lambda_t}, and with the newest data predictions
 * {@code m0, m1, m2} and {@code r0 = h_0/h}, {@code r1 = h_1/h} (the two steps before):
 * <ul>
 *   <li>first order: {@code x_s = (sigma_s/sigma_t) x - alpha_s (e^-h - 1) m0};</li>
 *   <li>second: the same with {@code m0 + (m0 - m1)/(2 r0)} for {@code m0};</li>
 *   <li>third: {@code D1_0 = (m0 - m1)/r0}, {@code D1_1 = (m1 - m2)/r1},
 *       {@code D1 = D1_0 + r0/(r0+r1) (D1_0 - D1_1)}, {@code D2 = (D1_0 - D1_1)/(r0+r1)} and
 *       {@code x_s = (sigma_s/sigma_t) x - alpha_s (e^-h - 1) m0 + alpha_s ((e^-h - 1)/h + 1) D1
 *       - alpha_s ((e^-h - 1 + h)/h^2 - 1/2) D2}.</li>
 * </ul>
 * Warm-up: step 0 is first order, step 1 second; with fewer than 15 steps the second-to-last
 * step is second order too. The step to noise level 0 returns the last data prediction.
 */
public record DpmSolverPP(NoiseSchedule schedule, double[] times, int order, boolean clip) implements Sampler {

    public DpmSolverPP {
        if (order < 2 || order > 3) {
            throw new IllegalArgumentException("DPM-Solver++ order must be 2 or 3, got " + order);
        }
        times = times.clone();
    }

    public static DpmSolverPP of(NoiseSchedule schedule, Spacing spacing, int k, int order, boolean clip) {
        return new DpmSolverPP(schedule, spacing.times(schedule, k, Spacing.Scheduler.MULTISTEP), order, clip);
    }

    @Override
    public String name() {
        return "dpmpp" + order + "m(K=" + times.length + ")";
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    /** The order of the step from {@code times[k]} to {@code times[k+1]}, as diffusers picks it. */
    int stepOrder(int k) {
        int n = times.length;
        if (k == 0) {
            return 1;
        }
        if (k == 1 || order == 2 || (k == n - 2 && n < 15)) {
            return 2;
        }
        return 3;
    }

    @Override
    public int sample(NoisePredictor model, NoiseSource noise, Tensor out) {
        try (TensorArena ar = new TensorArena()) {
            int[] shape = out.shape();
            Tensor x = ar.empty(shape), eps = ar.empty(shape);
            Tensor m0 = ar.empty(shape), m1 = ar.empty(shape), m2 = ar.empty(shape);
            noise.fill(x);
            for (int k = 0; k < times.length; k++) {
                double t = times[k];
                // Shift the history: m2 <- m1 <- m0, reusing the oldest buffer for the new prediction.
                Tensor oldest = m2;
                m2 = m1;
                m1 = m0;
                m0 = oldest;
                model.predict(x, t, eps);
                boolean last = k == times.length - 1;
                Sampler.dataPrediction(x, eps, schedule.alpha(t), schedule.sigma(t), clip, last ? out : m0);
                if (last) {
                    break;
                }
                double s = times[k + 1];
                double h = schedule.lambda(s) - schedule.lambda(t);
                double ratio = schedule.sigma(s) / schedule.sigma(t), as = schedule.alpha(s), em = Math.expm1(-h);
                int o = stepOrder(k);
                double r0 = o >= 2 ? (schedule.lambda(t) - schedule.lambda(times[k - 1])) / h : 0;
                double r1 = o == 3 ? (schedule.lambda(times[k - 1]) - schedule.lambda(times[k - 2])) / h : 0;
                // x_s = ratio x + c0 m0 + c1 m1 + c2 m2, the terms above collected per prediction.
                double c0 = -as * em, c1 = 0, c2 = 0;
                if (o == 2) {
                    c0 += -as * em * 0.5 / r0;
                    c1 = as * em * 0.5 / r0;
                } else if (o == 3) {
                    double phi2 = as * (em / h + 1), phi3 = as * ((em + h) / (h * h) - 0.5);
                    // D1 = a0 m0 + a1 m1 + a2 m2 and D2 = b0 m0 + b1 m1 + b2 m2.
                    double w = r0 / (r0 + r1);
                    double a0 = (1 + w) / r0, a1 = -(1 + w) / r0 - w / r1, a2 = w / r1;
                    double b0 = 1 / (r0 * (r0 + r1)), b1 = -1 / (r0 * (r0 + r1)) - 1 / (r1 * (r0 + r1)), b2 = 1 / (r1 * (r0 + r1));
                    c0 += phi2 * a0 - phi3 * b0;
                    c1 = phi2 * a1 - phi3 * b1;
                    c2 = phi2 * a2 - phi3 * b2;
                }
                for (long i = 0, n = x.size(); i < n; i++) {
                    double v = ratio * x.get(i) + c0 * m0.get(i);
                    if (o >= 2) {
                        v += c1 * m1.get(i);
                    }
                    if (o == 3) {
                        v += c2 * m2.get(i);
                    }
                    x.set(i, (float) v);
                }
            }
            return times.length;
        }
    }
}
