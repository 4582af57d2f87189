package org.ddss.diffusion;

import java.util.Locale;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * UniPC (Zhao et al. 2023, "UniPC: A Unified Predictor-Corrector Framework", Algorithms 1-3,
 * the B(h) variants), stepping as diffusers' {@code UniPCMultistepScheduler} does in data
 * prediction: the UniP predictor of order {@code p} from the last {@code p} data predictions,
 * and, once the model has been called at the predicted state, the UniC corrector, which
 * re-estimates that state from the same call, so correcting costs no model call. With
 * {@code h = lambda_t - lambda_s}, {@code hh = -h}, {@code B(h) = hh} (bh1) or {@code e^hh - 1}
 * (bh2), the ratios {@code r_i = (lambda_{s_i} - lambda_s)/h} and {@code D_i = (m_i - m_0)/r_i},
 * a step is {@code x_t = (sigma_t/sigma_s) x_s - alpha_t (e^hh - 1) m_0 - alpha_t B(h) sum rho_i D_i},
 * where the {@code rho} solve the order conditions {@code sum rho_i r_i^(q-1) = b_q(h)} (one
 * fewer for the predictor; {@code rho = 1/2} at its lowest orders).
 *
 * <p>Orders rise by one a step from 1 (warm-up) and fall to {@code min(order, K - k)} at the end
 * ({@code lower_order_final}); the step to noise level 0 returns the last data prediction. The
 * last correction is then never used: that is diffusers' default, K model calls. With
 * {@code finalCorrector} the model is called once more at the corrected last state and its data
 * prediction is the output (K + 1 calls).
 */
public record UniPc(NoiseSchedule schedule, double[] times, int order, Variant variant, boolean finalCorrector, boolean clip)
        implements Sampler {

    /** The B(h) of the order conditions: the paper recommends bh1 below 10 steps unconditionally, bh2 otherwise. */
    public enum Variant {
        BH1, BH2;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public UniPc {
        if (order < 1 || order > 3) {
            throw new IllegalArgumentException("UniPC order must be 1 to 3, got " + order);
        }
        times = times.clone();
    }

    public static UniPc of(NoiseSchedule schedule, Spacing spacing, int k, int order, Variant variant, boolean finalCorrector,
                           boolean clip) {
        return new UniPc(schedule, spacing.times(schedule, k, Spacing.Scheduler.MULTISTEP), order, variant, finalCorrector, clip);
    }

    @Override
    public String name() {
        return "unipc(" + variant.id() + (order == 2 ? "" : ", order=" + order) + (finalCorrector ? ", final corrector" : "")
                + ", K=" + times.length + ")";
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    /** The order of the predictor from {@code times[k]}, which the corrector at {@code times[k+1]} shares. */
    int stepOrder(int k) {
        return Math.min(order, Math.min(times.length - k, k + 1));
    }

    /**
     * The weights of one UniP ({@code corrector} false) or UniC update from {@code x} at
     * {@code times[from]} to {@code target}: {@code [x, m_from, m_from-1, ...,
     * m_from-p+1, m_new]}, the last only for the corrector.
     */
    double[] weights(int from, double target, int p, boolean corrector) {
        double ls = schedule.lambda(times[from]);
        double[] w = new double[p + 2];
        double at = schedule.alpha(target), h = schedule.lambda(target) - ls, hh = -h;
        double hPhi1 = Math.expm1(hh), hPhiK = hPhi1 / hh - 1, bh = variant == Variant.BH1 ? hh : Math.expm1(hh);
        double[] rks = new double[p];
        for (int i = 1; i < p; i++) {
            rks[i - 1] = (schedule.lambda(times[from - i]) - ls) / h;
        }
        rks[p - 1] = 1;
        DMatrixRMaj r = new DMatrixRMaj(p, p), b = new DMatrixRMaj(p, 1);
        double factorial = 1;
        for (int q = 1; q <= p; q++) {
            for (int j = 0; j < p; j++) {
                r.set(q - 1, j, Math.pow(rks[j], q - 1));
            }
            b.set(q - 1, 0, hPhiK * factorial / bh);
            factorial *= q + 1;
            hPhiK = hPhiK / hh - 1 / factorial;
        }
        double[] rhos;
        int n = corrector ? p : p - 1;
        if (n == 0) {
            rhos = new double[0];
        } else if ((corrector && p == 1) || (!corrector && p == 2)) {
            rhos = new double[] {0.5};
        } else {
            DMatrixRMaj sub = CommonOps_DDRM.extract(r, 0, n, 0, n), rhs = CommonOps_DDRM.extract(b, 0, n, 0, 1),
                    sol = new DMatrixRMaj(n, 1);
            if (!CommonOps_DDRM.solve(sub, rhs, sol)) {
                throw new IllegalStateException("UniPC's order conditions are singular at times " + java.util.Arrays.toString(times));
            }
            rhos = sol.getData();
        }
        w[0] = schedule.sigma(target) / schedule.sigma(times[from]);
        w[1] = -at * hPhi1;
        // D_i = (m_{from-i} - m_from)/r_i for the p - 1 older predictions; the corrector's last term is m_new - m_from.
        for (int i = 1; i < p && i <= rhos.length; i++) {
            double c = -at * bh * rhos[i - 1] / rks[i - 1];
            w[1 + i] += c;
            w[1] -= c;
        }
        if (corrector) {
            double c = -at * bh * rhos[p - 1];
            w[p + 1] += c;
            w[1] -= c;
        }
        return w;
    }

    @Override
    public int sample(NoisePredictor model, NoiseSource noise, Tensor out) {
        try (TensorArena ar = new TensorArena()) {
            int[] shape = out.shape();
            int keep = order + 1;
            Tensor x = ar.empty(shape), last = ar.empty(shape), eps = ar.empty(shape);
            // Data predictions, newest at m[0]: the corrector needs the new one and `order` before it.
            Tensor[] m = new Tensor[keep];
            for (int j = 0; j < keep; j++) {
                m[j] = ar.empty(shape);
            }
            noise.fill(x);
            int calls = 0;
            for (int k = 0; k < times.length; k++) {
                double t = times[k];
                Tensor oldest = m[keep - 1];
                System.arraycopy(m, 0, m, 1, keep - 1);
                m[0] = oldest;
                model.predict(x, t, eps);
                calls++;
                Sampler.dataPrediction(x, eps, schedule.alpha(t), schedule.sigma(t), clip, m[0]);
                if (k > 0) {
                    // UniC: x_k again from x_{k-1}, with the new prediction m[0] and the predictor's order.
                    int p = stepOrder(k - 1);
                    apply(weights(k - 1, t, p, true), last, m, 1, p, m[0], x);
                }
                if (k == times.length - 1) {
                    if (finalCorrector && k > 0) {
                        model.predict(x, t, eps);
                        calls++;
                        Sampler.dataPrediction(x, eps, schedule.alpha(t), schedule.sigma(t), clip, out);
                    } else {
                        out.copyFrom(m[0]);
                    }
                    break;
                }
                last.copyFrom(x);
                int p = stepOrder(k);
                apply(weights(k, times[k + 1], p, false), last, m, 0, p, null, x);
            }
            return calls;
        }
    }

    /** {@code out = w0 x + sum_i w_{1+i} m[first + i] (i < p) + w_{p+1} extra}. */
    private static void apply(double[] w, Tensor x, Tensor[] m, int first, int p, Tensor extra, Tensor out) {
        for (long i = 0, n = x.size(); i < n; i++) {
            double v = w[0] * x.get(i);
            for (int j = 0; j < p; j++) {
                v += w[1 + j] * m[first + j].get(i);
            }
            if (extra != null) {
                v += w[p + 1] * extra.get(i);
            }
            out.set(i, (float) v);
        }
    }
}
