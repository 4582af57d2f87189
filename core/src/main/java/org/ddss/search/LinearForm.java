package org.ddss.search;

import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.diffusion.NoisePredictor;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.NoiseSource;
import org.ddss.diffusion.Sampler;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A deterministic training-free sampler's transitions in the chain's form
 * {@code x_{i+1} = a_i x_i + sum_{j <= i} b_ij p_j} (one state, every data prediction so far),
 * read off by running the sampler itself rather than by re-deriving each method's algebra. Every
 * multistep solver here (DPM-Solver++, iPNDM, UniPC with its corrector) is linear in the initial
 * noise and the noise predictions, and its states span the same space as
 * {@code (x_i, p_0, ..., p_i)}, so the form exists and is unique.
 *
 * <p>The probe is a batch of K + 1 scalar samples with a model that answers chosen predictions:
 * sample 0 sees only its initial noise, sample r also a noise prediction (of 1024) at call r - 1. The
 * states the sampler calls the model at then give each state's coefficients on the initial
 * noise and on each prediction, and one small linear solve per transition gives
 * {@code a_i, b_i0..b_ii}. The sampler runs in float32, so the coefficients carry its rounding.
 */
final class LinearForm {
    private LinearForm() {}

    /** Rows {@code [a_i, b_i0, ..., b_ii]} for the K - 1 transitions of {@code sampler} (built without clipping). */
    static double[][] of(Sampler sampler, NoiseSchedule schedule) {
        double[] tau = sampler.times();
        int k = tau.length, n = k + 1;
        double[][] states = new double[k][];
        try (Backend be = Backends.create("java"); TensorArena ar = new TensorArena()) {
            int[] call = {0};
            NoisePredictor probe = new NoisePredictor() {
                @Override
                public void predict(Tensor x, double t, Tensor eps) {
                    int j = call[0]++;
                    states[j] = new double[n];
                    for (int e = 0; e < n; e++) {
                        states[j][e] = x.get(e);
                        eps.set(e, e == j + 1 ? UNIT : 0f);
                    }
                }

                @Override
                public Backend backend() {
                    return be;
                }
            };
            Tensor out = ar.empty(n, 1);
            sampler.sample(probe, new NoiseSource(PROBE_SEED, 0, n), out);
            if (call[0] != k) {
                throw new IllegalStateException(sampler.name() + " made " + call[0] + " model calls for " + k + " times");
            }
        }
        // Coefficients on (x_0, eps_0, ..., eps_{K-1}): sample 0 gives the initial noise's, which the
        // others' own initial noise is then taken out of.
        double[][] x = new double[k][n], p = new double[k][n];
        double start = states[0][0];
        for (int j = 0; j < k; j++) {
            x[j][0] = states[j][0] / start;
            for (int e = 1; e < n; e++) {
                x[j][e] = (states[j][e] - x[j][0] * states[0][e]) / UNIT;
            }
            double a = schedule.alpha(tau[j]), s = schedule.sigma(tau[j]);
            for (int e = 0; e < n; e++) {
                p[j][e] = (x[j][e] - (e == j + 1 ? s : 0)) / a;
            }
        }
        double[][] rows = new double[k - 1][];
        for (int i = 0; i + 1 < k; i++) {
            int m = i + 2; // basis entries 0..i+1 are the only nonzero ones so far
            DMatrixRMaj lhs = new DMatrixRMaj(m, m), rhs = new DMatrixRMaj(m, 1), sol = new DMatrixRMaj(m, 1);
            for (int e = 0; e < m; e++) {
                lhs.set(e, 0, x[i][e]);
                for (int j = 0; j <= i; j++) {
                    lhs.set(e, 1 + j, p[j][e]);
                }
                rhs.set(e, 0, x[i + 1][e]);
            }
            if (!CommonOps_DDRM.solve(lhs, rhs, sol)) {
                throw new IllegalStateException(sampler.name() + ": transition " + i + " is not in the chain's form");
            }
            rows[i] = sol.getData().clone();
        }
        return rows;
    }

    /**
     * The size of the probe's noise predictions: large next to the unit initial noise, so that
     * the part of each state due to a prediction is not lost in float32 beside the part due to
     * the initial noise, which is taken out; a power of 2, so scaling back is exact.
     */
    private static final float UNIT = 1024f;

    /** A seed whose first initial-noise value is far from 0, so dividing by it is well conditioned. */
    private static final long PROBE_SEED = 1;
}
