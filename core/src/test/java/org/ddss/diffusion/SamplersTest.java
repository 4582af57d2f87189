package org.ddss.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntFunction;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Schedules, spacings, noise streams, and the samplers on Gaussian data x ~ N(mu, s^2), where
 * the exact noise predictor is known in closed form: each sampler must converge to the data
 * distribution as K grows, at its expected order.
 */
class SamplersTest {
    static final NoiseSchedule DDPM = NoiseSchedule.ddpm();
    /** Where the samplers' own tensor arithmetic runs. */
    static final Backend BE = Backends.create("java");

    @AfterAll
    static void closeBackend() {
        BE.close();
    }

    /** The exact {@code eps(x_t, t)} for data N(mu, s^2), on the java backend. */
    static NoisePredictor gaussian(NoiseSchedule sch, double mu, double s, int[] calls) {
        return GaussianData.predictor(sch, mu, s, calls, BE);
    }

    @Test
    void linearScheduleMatchesDdpmAndTheContinuousViewIsConsistent() {
        assertEquals(1000, DDPM.steps());
        assertEquals(1 - 1e-4, DDPM.abar(0), 1e-9);
        // diffusers' alphas_cumprod[-1] for the DDPM linear schedule.
        assertEquals(4.0358e-5, DDPM.abar(999), 1e-8);
        for (double t : new double[] {0.3, 17.5, 500.25, 998.9}) {
            double h = 1e-4;
            assertEquals((DDPM.alpha(t + h) - DDPM.alpha(t - h)) / (2 * h), DDPM.dAlpha(t), 1e-8, "dalpha at " + t);
            assertEquals((DDPM.sigma(t + h) - DDPM.sigma(t - h)) / (2 * h), DDPM.dSigma(t), 1e-8, "dsigma at " + t);
            assertEquals(1, DDPM.alpha(t) * DDPM.alpha(t) + DDPM.sigma(t) * DDPM.sigma(t), 1e-12);
            assertEquals(t, DDPM.timeOfLambda(DDPM.lambda(t)), 1e-6);
        }
        // Between integers, log abar is the straight line between its neighbours.
        assertEquals(0.5 * (Math.log(DDPM.abar(10)) + Math.log(DDPM.abar(11))), DDPM.logAbar(10.5), 1e-12);
        NoiseSchedule cos = NoiseSchedule.cosine(1000);
        assertTrue(cos.abar(999) < 1e-6 && cos.abar(0) > 0.9999);
        assertThrows(IllegalArgumentException.class, () -> DDPM.alpha(999.5));
        assertThrows(IllegalArgumentException.class, () -> DDPM.alpha(-0.1));
    }

    @Test
    void spacingsFollowDiffusersAndTheDdimPaper() {
        assertArrayEquals(new double[] {999, 888, 777, 666, 555, 444, 333, 222, 111, 0}, new Spacing.Uniform().times(DDPM, 10));
        assertArrayEquals(new double[] {900, 800, 700, 600, 500, 400, 300, 200, 100, 0}, new Spacing.Leading().times(DDPM, 10));
        assertArrayEquals(new double[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99}, new Spacing.Trailing().times(DDPM, 10));
        assertArrayEquals(new double[] {800, 632, 483, 355, 246, 158, 88, 39, 9, 0}, new Spacing.Quadratic().times(DDPM, 10));
        double[] l = new Spacing.LogSnr().times(DDPM, 6);
        assertEquals(999, l[0]);
        assertEquals(0, l[5]);
        for (int i = 1; i < 5; i++) {
            assertEquals(DDPM.lambda(l[i - 1]) - DDPM.lambda(l[i]), DDPM.lambda(l[i]) - DDPM.lambda(l[i + 1]), 1e-6);
        }
        assertArrayEquals(new double[] {900.5, 10}, Spacing.parse("900.5, 10").times(DDPM, 2));
        assertThrows(IllegalArgumentException.class, () -> Spacing.explicit(10, 20).times(DDPM, 2));
        assertThrows(IllegalArgumentException.class, () -> Spacing.parse("sideways"));
    }

    @Test
    void eachSampleHasItsOwnNoiseStream() {
        try (TensorArena ar = new TensorArena()) {
            Tensor whole = ar.empty(6, 3), part = ar.empty(2, 3);
            NoiseSource all = new NoiseSource(7, 0, 6), some = new NoiseSource(7, 4, 2);
            all.fill(whole);
            all.fill(whole);
            some.fill(part);
            some.fill(part);
            assertArrayEquals(whole.slice(4, 6).toArray(), part.toArray(), "samples 4 and 5 draw the same in any batch");
            new NoiseSource(8, 4, 2).fill(part);
            assertTrue(part.get(0) != whole.get(12), "another seed, other noise");
        }
    }

    /** Std of the samples (mu = 0) for a deterministic sampler, exactly: output = A z with z the initial noise. */
    static double deterministicStd(IntFunction<Sampler> make, int k, double s) {
        try (TensorArena ar = new TensorArena()) {
            Tensor out = ar.empty(4, 1), z = ar.empty(4, 1);
            int[] calls = {0};
            Sampler sampler = make.apply(k);
            int nfe = sampler.sample(gaussian(DDPM, 0, s, calls), new NoiseSource(1, 0, 4), out);
            assertEquals(k, nfe);
            assertEquals(k, calls[0]);
            new NoiseSource(1, 0, 4).fill(z);
            return out.get(0) / z.get(0);
        }
    }

    /**
     * The limit as K grows of a deterministic sampler from N(0, 1) at tau_K = 999 to tau_1 = 0
     * (mu = 0): the exact flow keeps x_t / sqrt(Var x_t) fixed, then the output is the exact data
     * prediction at t = 0, {@code alpha s^2 / Var x_0} times x_0.
     */
    static double flowTarget(double s) {
        return DDPM.alpha(0) * s * s / (Math.sqrt(variance(0, s)) * Math.sqrt(variance(999, s)));
    }

    static double variance(double t, double s) {
        double a = DDPM.alpha(t), sg = DDPM.sigma(t);
        return a * a * s * s + sg * sg;
    }

    @Test
    void ddimConvergesAtFirstOrderAndDpmSolverAtSecond() {
        double s = 0.5, target = flowTarget(s);
        double[] ddim = new double[3], dpm = new double[3];
        int[] ks = {20, 40, 80};
        for (int i = 0; i < ks.length; i++) {
            ddim[i] = Math.abs(deterministicStd(k -> Ddim.of(DDPM, new Spacing.Uniform(), k, 0, false), ks[i], s) - target);
            dpm[i] = Math.abs(deterministicStd(k -> DpmSolverPP.of(DDPM, new Spacing.LogSnr(), k, 2, false), ks[i], s) - target);
        }
        for (int i = 1; i < ks.length; i++) {
            double rDdim = ddim[i - 1] / ddim[i], rDpm = dpm[i - 1] / dpm[i];
            assertTrue(rDdim > 1.6 && rDdim < 2.6, "DDIM error ratio per doubling of K " + rDdim + " (first order: 2)");
            assertTrue(rDpm > 3.0, "DPM-Solver++(2M) error ratio per doubling of K " + rDpm + " (second order: 4)");
        }
        assertTrue(dpm[2] < ddim[2] / 10, "at K=80 DPM-Solver++ (" + dpm[2] + ") is far closer than DDIM (" + ddim[2] + ")");
        assertTrue(dpm[2] < 1e-3 * s);
    }

    /** Mean and std of many samples of a stochastic sampler on N(mu, s^2). */
    static double[] moments(Sampler sampler, double mu, double s, int n) {
        try (TensorArena ar = new TensorArena()) {
            Tensor out = ar.empty(n, 1);
            sampler.sample(gaussian(DDPM, mu, s, new int[1]), new NoiseSource(3, 0, n), out);
            double m = 0, v = 0;
            for (int i = 0; i < n; i++) {
                m += out.get(i);
            }
            m /= n;
            for (int i = 0; i < n; i++) {
                v += (out.get(i) - m) * (out.get(i) - m);
            }
            return new double[] {m, Math.sqrt(v / (n - 1))};
        }
    }

    @Test
    void ddpmConvergesToTheDataDistribution() {
        double s = 0.5;
        int n = 200_000;
        double[] err = new double[3];
        int[] ks = {10, 20, 40};
        for (int i = 0; i < ks.length; i++) {
            err[i] = Math.abs(moments(Ddpm.of(DDPM, new Spacing.Uniform(), ks[i], false, false), 0, s, n)[1] - s);
        }
        // Monte Carlo error of the std is about s / sqrt(2n) = 8e-4.
        assertTrue(err[0] > err[1] && err[1] > err[2], "errors " + java.util.Arrays.toString(err) + " shrink with K");
        assertTrue(err[0] / err[2] > 2.5, "a first-order sampler: errors " + java.util.Arrays.toString(err));
        double[] m = moments(Ddpm.of(DDPM, new Spacing.Uniform(), 100, true, false), 0.3, s, n);
        assertEquals(0.3, m[0], 0.01, "DDPM fixed_large mean");
        assertEquals(s, m[1], 0.03, "DDPM fixed_large std");
    }

    /**
     * SDEdit with the exact denoiser: data noised to t0 and run down by DDPM ends as a draw from
     * the data distribution, correlated with its own start as the posterior says,
     * {@code corr = a^2 s^2 / (a^2 s^2 + sigma^2)} at t0.
     */
    @Test
    void ddpmDenoisesAGivenStateToThePosterior() {
        double mu = 0.3, s = 0.5;
        int n = 50_000, t0 = 100;
        double[] times = new double[t0 + 1];
        for (int k = 0; k <= t0; k++) {
            times[k] = t0 - k;
        }
        try (TensorArena ar = new TensorArena()) {
            Tensor data = ar.empty(n, 1), x = ar.empty(n, 1), out = ar.empty(n, 1);
            java.util.SplittableRandom r = new java.util.SplittableRandom(11);
            double a = DDPM.alpha(t0), sg = DDPM.sigma(t0);
            for (int i = 0; i < n; i++) {
                data.set(i, (float) (mu + s * r.nextGaussian()));
                x.set(i, (float) (a * data.get(i) + sg * r.nextGaussian()));
            }
            Ddpm ddpm = Ddpm.of(DDPM, Spacing.explicit(times), times.length, false, false);
            assertEquals(t0 + 1, ddpm.denoise(gaussian(DDPM, mu, s, new int[1]), x, new NoiseSource(4, 0, n), out));
            assertThrows(IllegalArgumentException.class,
                    () -> ddpm.denoise(gaussian(DDPM, mu, s, new int[1]), x.slice(0, 2), new NoiseSource(4, 0, 2), out.slice(0, 3)));
            double mo = 0, md = 0;
            for (int i = 0; i < n; i++) {
                mo += out.get(i);
                md += data.get(i);
            }
            mo /= n;
            md /= n;
            double vo = 0, vd = 0, cov = 0;
            for (int i = 0; i < n; i++) {
                vo += (out.get(i) - mo) * (out.get(i) - mo);
                vd += (data.get(i) - md) * (data.get(i) - md);
                cov += (out.get(i) - mo) * (data.get(i) - md);
            }
            assertEquals(mu, mo, 0.01, "mean");
            assertEquals(s, Math.sqrt(vo / (n - 1)), 0.01, "std");
            double expected = a * a * s * s / (a * a * s * s + sg * sg);
            assertEquals(expected, cov / Math.sqrt(vo * vd), 0.015, "correlation with the start");
        }
    }

    @Test
    void ddimWithEtaOneIsDdpmWithFixedSmallVariance() {
        try (TensorArena ar = new TensorArena()) {
            Tensor a = ar.empty(64, 2, 2, 1), b = ar.empty(64, 2, 2, 1);
            NoisePredictor model = gaussian(DDPM, 0.2, 0.4, new int[1]);
            Ddim.of(DDPM, new Spacing.Trailing(), 8, 1.0, false).sample(model, new NoiseSource(5, 0, 64), a);
            Ddpm.of(DDPM, new Spacing.Trailing(), 8, false, false).sample(model, new NoiseSource(5, 0, 64), b);
            float[] x = a.toArray(), y = b.toArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-4, "sample element " + i);
            }
        }
    }

    @Test
    void clippingKeepsSamplesInRange() {
        try (TensorArena ar = new TensorArena()) {
            Tensor out = ar.empty(256, 1);
            DpmSolverPP.of(DDPM, new Spacing.Uniform(), 5, 2, true).sample(gaussian(DDPM, 0.9, 0.5, new int[1]),
                    new NoiseSource(2, 0, 256), out);
            for (float v : out.toArray()) {
                assertTrue(v >= -1 && v <= 1, "clipped sample " + v);
            }
        }
    }
}
