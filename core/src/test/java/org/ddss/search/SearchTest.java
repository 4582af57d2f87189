package org.ddss.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddss.Progress;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Mnist;
import org.ddss.diffusion.Ddim;
import org.ddss.diffusion.DifferentiableNoisePredictor;
import org.ddss.diffusion.DpmSolverPP;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.NoiseSource;
import org.ddss.diffusion.Spacing;
import org.ddss.features.DigitClassifier;
import org.ddss.metrics.Kid;
import org.ddss.model.Embedded;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.ddss.model.UNetPredictor;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DDSS families, their gradient through the chain, the search loop and the sampler file. */
class SearchTest {
    static final NoiseSchedule DDPM = NoiseSchedule.ddpm();
    /** A tiny random UNet on 28x28 digits, so that the real feature network applies. */
    static final String TINY28 = """
            {"_class_name": "UNet2DModel", "sample_size": 28, "in_channels": 1, "out_channels": 1,
             "block_out_channels": [8, 8], "layers_per_block": 1, "attention_head_dim": null, "norm_num_groups": 4,
             "down_block_types": ["DownBlock2D", "AttnDownBlock2D"], "up_block_types": ["AttnUpBlock2D", "UpBlock2D"],
             "flip_sin_to_cos": true, "freq_shift": 0}
            """;
    static final int[] DIGIT = {28, 28, 1};

    static Backend be;
    static UNet2DModel tiny;
    static UNet2DModel digits;
    static DigitClassifier classifier;
    static double[][] real;

    @BeforeAll
    static void setUp() throws IOException {
        // The device check runs this suite on the GPU with -Dddss.test.backend=cuda.
        be = Backends.create(System.getProperty("ddss.test.backend", "java"));
        tiny = UNet2DModel.random(UNetConfig.parse(TINY28), 3);
        digits = Embedded.model();
        classifier = Embedded.searchClassifier();
        try (TensorArena ar = new TensorArena()) {
            real = classifier.extract(Mnist.embeddedTest(ar).images().slice(0, 200), be, 100);
        }
    }

    @AfterAll
    static void tearDown() {
        classifier.close();
        tiny.close();
        digits.close();
        be.close();
    }

    /** The KID of classifier A against 200 test digits, on {@code model}. */
    static Objective objective(DifferentiableNoisePredictor model) {
        return new Objective(model, DIGIT, classifier, "200 test digits", new KidLoss(KidLoss.Kernel.LINEAR, real), be);
    }

    /** Settings from DDIM with the given search seed, activations and clipping. */
    static Search.Settings settings(long seed, boolean keepActivations, boolean clip) {
        return Search.Settings.defaults(Init.DDIM).withSeed(seed).withKeptActivations(keepActivations).withClip(clip);
    }

    static List<SearchSpace> allSpaces(int k) {
        List<SearchSpace> spaces = new ArrayList<>();
        for (Family f : Family.values()) {
            for (boolean time : new boolean[] {false, true}) {
                for (Conversion c : Conversion.values()) {
                    spaces.add(new SearchSpace(f, k, time, c, DDPM));
                }
            }
        }
        return spaces;
    }

    static float[] sample(org.ddss.diffusion.Sampler s, int n, long seed) {
        try (TensorArena ar = new TensorArena()) {
            Tensor out = ar.empty(n, 28, 28, 1);
            s.sample(new UNetPredictor(tiny, be), new NoiseSource(seed, 0, n), out);
            return out.toArray();
        }
    }

    @Test
    void initialSamplerOfEveryFamilyIsDdim() {
        for (boolean clip : new boolean[] {false, true}) {
            float[] ddim = sample(new Ddim(DDPM, new Spacing.Trailing().times(DDPM, 6), 0, clip), 3, 5);
            for (SearchSpace space : allSpaces(6)) {
                float[] init = sample(new LearnedSampler(space, space.initial(), clip, "m", Map.of()), 3, 5);
                String what = space.name() + " " + space.conversion() + (clip ? " clipped" : "");
                if (!space.learnTimes() && space.conversion() == Conversion.SCHEDULE && space.family() != Family.DDIM_ETA) {
                    // The same numbers in the same order: bit for bit.
                    assertArrayEquals(ddim, init, what);
                } else {
                    // Times through softmax(log gaps), marginals through Theorem 1's recursion, or DDIM's
                    // closed form through sqrt(sigma^2): equal up to the rounding of those doubles.
                    assertTrue(relativeDifference(ddim, init) <= 1e-5, what + ": " + relativeDifference(ddim, init));
                }
            }
        }
    }

    @Test
    void ggdmPredFromDpmSolverPPSamplesAsDpmSolverPP() {
        double[] times = new Spacing.Trailing().times(DDPM, 6);
        for (boolean clip : new boolean[] {false, true}) {
            float[] dpm = sample(new DpmSolverPP(DDPM, times, 2, clip), 3, 5);
            // Not DDIM's samples, or this test would not tell the two starts apart.
            assertTrue(relativeDifference(dpm, sample(new Ddim(DDPM, times, 0, clip), 3, 5)) > 1e-3);
            for (boolean time : new boolean[] {false, true}) {
                for (Conversion c : Conversion.values()) {
                    SearchSpace space = new SearchSpace(Family.GGDM_PRED, 6, time, c, DDPM);
                    float[] init = sample(new LearnedSampler(space, space.initial(Init.DPMPP2M), clip, "m", Map.of()), 3, 5);
                    String what = space.name() + " " + c + (clip ? " clipped" : "");
                    // The chain sums its float states in its own order (1e-5 for DDIM); with two data
                    // predictions per step and Theorem 1's marginals, rounding reaches 2e-5 here.
                    assertTrue(relativeDifference(dpm, init) <= 1e-4, what + ": " + relativeDifference(dpm, init));
                }
            }
        }
        for (Family f : List.of(Family.DDIM_ETA, Family.RDDIM, Family.GGDM)) {
            SearchSpace space = new SearchSpace(f, 6, true, Conversion.MARGINALS, DDPM);
            var e = assertThrows(IllegalArgumentException.class, () -> space.initial(Init.DPMPP2M));
            assertTrue(e.getMessage().contains("ggdm+pred"), e.getMessage());
            assertEquals(Init.DDIM, Init.defaultFor(f));
        }
        // The default start is the better solver where the family contains it.
        assertEquals(Init.DPMPP2M, Init.defaultFor(Family.GGDM_PRED));
    }

    /**
     * GGDM+PRED starts exactly at DPM-Solver++(3M), iPNDM and UniPC (its corrector included), their
     * transitions read off the solvers by {@link LinearForm}; the probe also gives DPM-Solver++(2M)'s
     * closed-form start.
     */
    @Test
    void ggdmPredStartsAtEveryMultistepSolver() {
        for (int k : new int[] {3, 6}) {
            double[] times = new Spacing.Trailing().times(DDPM, k);
            for (Init init : List.of(Init.DPMPP3M, Init.IPNDM, Init.UNIPC, Init.UNIPC_BH1)) {
                for (boolean clip : new boolean[] {false, true}) {
                    float[] solver = sample(org.ddss.diffusion.Samplers.create(init.sampler(), DDPM, Spacing.explicit(times), k, 0, clip),
                            3, 5);
                    if (k == 6) {
                        assertTrue(relativeDifference(solver, sample(new DpmSolverPP(DDPM, times, 2, clip), 3, 5)) > 1e-4,
                                init + " differs from DPM-Solver++(2M)");
                    }
                    for (boolean time : new boolean[] {false, true}) {
                        for (Conversion c : Conversion.values()) {
                            SearchSpace space = new SearchSpace(Family.GGDM_PRED, k, time, c, DDPM);
                            float[] start = sample(new LearnedSampler(space, space.initial(init), clip, "m", Map.of()), 3, 5);
                            String what = init + " " + space.name() + " " + c + (clip ? " clipped" : "");
                            assertTrue(relativeDifference(solver, start) <= 1e-4, what + ": " + relativeDifference(solver, start));
                        }
                    }
                }
            }
        }
        // Under every placement that starts at T-1, each start samples as its solver placed there.
        for (String placement : List.of("linspace", "logsnr", "edm")) {
            for (Init init : Init.values()) {
                float[] solver = sample(org.ddss.diffusion.Samplers.create(init.sampler(), DDPM, Spacing.parse(placement), 5, 0, true), 3, 5);
                for (boolean time : new boolean[] {false, true}) {
                    for (Conversion c : Conversion.values()) {
                        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 5, time, c, DDPM).startingAt(Spacing.parse(placement), init);
                        float[] start = sample(new LearnedSampler(space, space.initial(init), true, "m", Map.of()), 3, 5);
                        String what = init + " " + placement + " " + space.name() + " " + c;
                        // Float32 solver and chain, large cancelling terms in the step to time 0: 1.3e-4 at worst (UniPC bh1, edm).
                        assertTrue(relativeDifference(solver, start) <= 2e-4, what + ": " + relativeDifference(solver, start));
                    }
                }
            }
        }
        var leading = assertThrows(IllegalArgumentException.class,
                () -> new SearchSpace(Family.GGDM_PRED, 5, true, Conversion.MARGINALS, DDPM).startingAt(new Spacing.Leading(), Init.DDIM));
        assertTrue(leading.getMessage().contains("learned times start at 999.0"), leading.getMessage());
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 8, true, Conversion.MARGINALS, DDPM);
        double[] closed = space.initial(Init.DPMPP2M);
        double[][] rows = LinearForm.of(new DpmSolverPP(DDPM, space.initialTimes(), 2, false), DDPM);
        List<String> names = space.parameterNames();
        for (int i = 1; i < 7; i++) {
            double unit = rows[i][1 + i] / (1 + closed[names.indexOf("b" + i + "_" + i)]);
            // The probe runs the solver in float32: its coefficients carry that rounding (2e-5 relative here).
            double expected = closed[names.indexOf("b" + i + "_" + (i - 1))];
            assertEquals(expected, rows[i][i] / unit, 1e-4 * Math.abs(expected), "b" + i + "_" + (i - 1));
        }
    }

    /** The largest difference between two sample sets, relative to the largest magnitude of the first. */
    private static double relativeDifference(float[] ref, float[] other) {
        double err = 0, scale = 0;
        for (int i = 0; i < ref.length; i++) {
            err = Math.max(err, Math.abs(ref[i] - other[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        return err / scale;
    }

    @Test
    void initialTimesAreTrailingAndMarginalsMatchTheSchedule() {
        for (SearchSpace space : allSpaces(10)) {
            Steps st = space.steps(space.initial());
            double[] trailing = new Spacing.Trailing().times(DDPM, 10);
            for (int i = 0; i < 10; i++) {
                assertEquals(trailing[i], st.tau()[i], 1e-9, space.name() + " tau " + i);
                assertEquals(DDPM.alpha(trailing[i]), st.m()[i], 1e-12, space.name() + " m " + i);
                assertEquals(DDPM.sigma(trailing[i]), st.s()[i], 1e-12, space.name() + " s " + i);
            }
        }
        assertEquals(10 + 3 * 9, new SearchSpace(Family.RDDIM, 10, true, Conversion.MARGINALS, DDPM).parameterCount());
        assertEquals(10 + 45 + 45 + 9, new SearchSpace(Family.GGDM_PRED, 10, true, Conversion.MARGINALS, DDPM).parameterCount());
    }

    @Test
    void learnedTimesStayOrderedInsideTheSchedule() {
        SearchSpace space = new SearchSpace(Family.GGDM, 8, true, Conversion.MARGINALS, DDPM);
        Random r = new Random(1);
        for (int trial = 0; trial < 50; trial++) {
            double[] theta = space.initial();
            for (int i = 0; i < 8; i++) {
                theta[i] += 5 * r.nextGaussian();
            }
            double[] tau = space.steps(theta).tau();
            assertEquals(999, tau[0]);
            for (int i = 1; i < 8; i++) {
                assertTrue(tau[i] < tau[i - 1] && tau[i] >= 0, "times " + java.util.Arrays.toString(tau));
            }
        }
    }

    @Test
    void scalarGraphDerivativesMatchFiniteDifferences() {
        java.util.function.Function<double[], Double> f = v -> {
            Scalars g = new Scalars();
            Scalars.S x = g.leaf(v[0]), y = g.leaf(v[1]);
            return g.sqrt(g.add(g.mul(g.exp(x), g.div(y, g.scale(x, 3))), g.constant(2))).value();
        };
        double[] at = {0.7, 1.3};
        Scalars g = new Scalars();
        Scalars.S x = g.leaf(at[0]), y = g.leaf(at[1]);
        Scalars.S out = g.sqrt(g.add(g.mul(g.exp(x), g.div(y, g.scale(x, 3))), g.constant(2)));
        g.seed(out, 1);
        g.backward();
        double h = 1e-6;
        assertEquals((f.apply(new double[] {at[0] + h, at[1]}) - f.apply(new double[] {at[0] - h, at[1]})) / (2 * h), x.adjoint(), 1e-8);
        assertEquals((f.apply(new double[] {at[0], at[1] + h}) - f.apply(new double[] {at[0], at[1] - h})) / (2 * h), y.adjoint(), 1e-8);
    }

    @Test
    void kidLossMatchesTheNaiveEstimatorAndItsGradientMatchesFiniteDifferences() {
        Random r = new Random(4);
        double[][] re = new double[7][5], f = new double[4][5];
        for (double[] row : re) {
            for (int q = 0; q < 5; q++) {
                row[q] = r.nextGaussian() + 1;
            }
        }
        for (double[] row : f) {
            for (int q = 0; q < 5; q++) {
                row[q] = 2 * r.nextGaussian();
            }
        }
        for (KidLoss.Kernel kernel : KidLoss.Kernel.values()) {
            KidLoss loss = new KidLoss(kernel, re);
            double[][] grad = new double[4][5];
            double v = loss.value(f, grad);
            double s = Kid.rmsScale(re);
            assertEquals(naiveMmd(kernel, f, re, s), v, 1e-9 * Math.max(1, Math.abs(v)), kernel.name());
            double h = 1e-5;
            for (int i = 0; i < 4; i++) {
                for (int q = 0; q < 5; q++) {
                    double keep = f[i][q];
                    f[i][q] = keep + h;
                    double up = loss.value(f, new double[4][5]);
                    f[i][q] = keep - h;
                    double down = loss.value(f, new double[4][5]);
                    f[i][q] = keep;
                    assertEquals((up - down) / (2 * h), grad[i][q], 1e-6, kernel + " d/df[" + i + "][" + q + "]");
                }
            }
        }
    }

    /** A sample that is not finite makes the loss NaN (the step is skipped) before any feature network sees it. */
    @Test
    void aNonFiniteSampleGivesANanLossNotAnError() {
        Objective o = objective(new UNetPredictor(tiny, be));
        try (TensorArena ar = new TensorArena()) {
            Tensor samples = ar.zeros(2, 28, 28, 1), grad = ar.empty(2, 28, 28, 1);
            samples.set(3, Float.POSITIVE_INFINITY);
            assertTrue(Double.isNaN(o.value(samples, grad)));
            assertEquals(0f, grad.get(3));
            assertTrue(Double.isNaN(o.value(samples, 2)));
        }
    }

    /** The linear loss from statistics alone is the loss from the features they summarise (and its large-m limit without a count). */
    @Test
    void theLinearLossFromStatisticsEqualsTheLossFromFeatures() {
        Random r = new Random(6);
        double[][] re = new double[40][5], f = new double[6][5];
        for (double[] row : re) {
            for (int q = 0; q < 5; q++) {
                row[q] = r.nextGaussian() * 2 + q;
            }
        }
        for (double[] row : f) {
            for (int q = 0; q < 5; q++) {
                row[q] = r.nextGaussian() + 1;
            }
        }
        org.ddss.metrics.FeatureStats stats = org.ddss.metrics.FeatureStats.of(re);
        double[][] g1 = new double[6][5], g2 = new double[6][5];
        double want = new KidLoss(KidLoss.Kernel.LINEAR, re).value(f, g1), got = KidLoss.linear(stats).value(f, g2);
        assertEquals(want, got, 1e-10 * Math.abs(want));
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(g1[i], g2[i], 1e-10);
        }
        double noCount = KidLoss.linear(new org.ddss.metrics.FeatureStats(stats.mu(), stats.sigma(), 0)).value(f, g2);
        assertTrue(Math.abs(noCount - want) < 0.1 * Math.abs(want), "the large-m limit " + noCount + " against " + want);
    }

    /** The unbiased MMD^2 estimate summed pair by pair, on features scaled by s. */
    static double naiveMmd(KidLoss.Kernel kernel, double[][] x, double[][] y, double s) {
        int n = x.length, m = y.length, d = x[0].length;
        java.util.function.BiFunction<double[], double[], Double> k = (u, v) -> {
            double dot = 0;
            for (int q = 0; q < d; q++) {
                dot += u[q] * s * v[q] * s;
            }
            return kernel == KidLoss.Kernel.LINEAR ? dot : Math.pow(dot / d + 1, 3);
        };
        double xx = 0, yy = 0, xy = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                xx += i == j ? 0 : k.apply(x[i], x[j]);
            }
            for (double[] v : y) {
                xy += k.apply(x[i], v);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                yy += i == j ? 0 : k.apply(y[i], y[j]);
            }
        }
        return xx / (n * (n - 1.0)) + yy / (m * (m - 1.0)) - 2 * xy / ((double) n * m);
    }

    /**
     * The trained embedded model (itself a tiny UNet, 280k parameters): a random UNet's output is
     * unstructured noise that {@code p = (x - sigma e) / alpha}, with alpha(999) = 0.006, blows up
     * into images of size 1e5, where the loss is so ill-conditioned that float32 rounding swamps
     * any difference quotient. Off the initial point (noise scales away from 0, times off the
     * integers); a fourth-order central difference with h = 1e-3.
     */
    @Test
    void chainGradientMatchesFiniteDifferencesForEveryParameter() {
        UNetPredictor model = new UNetPredictor(digits, be);
        Random r = new Random(9);
        for (SearchSpace space : List.of(new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, DDPM),
                new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.SCHEDULE, DDPM),
                new SearchSpace(Family.DDIM_ETA, 3, true, Conversion.MARGINALS, DDPM))) {
            double[] theta = space.initial();
            List<String> names = space.parameterNames();
            for (int i = 0; i < theta.length; i++) {
                theta[i] += (names.get(i).startsWith("w") ? 0.2 : 0.05) * r.nextGaussian();
            }
            Search search = new Search(space, objective(model), settings(7, false, false));
            java.util.function.ToDoubleFunction<double[]> f = th -> search.gradient(th, 0, 4).loss();
            Search.Gradient g = search.gradient(theta, 0, 4);
            double max = 0;
            for (double v : g.grad()) {
                max = Math.max(max, Math.abs(v));
            }
            StringBuilder report = new StringBuilder();
            boolean ok = true;
            for (int i = 0; i < theta.length; i++) {
                double h = 1e-3, keep = theta[i];
                double[] at = new double[5];
                for (int q = -2; q <= 2; q++) {
                    theta[i] = keep + q * h;
                    at[q + 2] = q == 0 ? 0 : f.applyAsDouble(theta);
                }
                theta[i] = keep;
                double fd = (8 * (at[3] - at[1]) - (at[4] - at[0])) / (12 * h);
                boolean good = Math.abs(fd - g.grad()[i]) <= 2e-2 * Math.abs(fd) + 2e-3 * max;
                ok &= good;
                report.append(String.format("%n  d/d%s: chain %.6g, finite differences %.6g%s", names.get(i), g.grad()[i], fd,
                        good ? "" : "  <-- differs"));
            }
            assertTrue(ok, space.name() + " " + space.conversion() + report);
        }
    }

    @Test
    void rematerialisedAndKeptActivationsGiveTheSameGradient() {
        UNetPredictor model = new UNetPredictor(tiny, be);
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 4, true, Conversion.MARGINALS, DDPM);
        double[] theta = space.initial();
        Search.Gradient remat = new Search(space, objective(model), settings(3, false, true)).gradient(theta, 0, 4);
        Search.Gradient kept = new Search(space, objective(model), settings(3, true, true)).gradient(theta, 0, 4);
        assertEquals(remat.loss(), kept.loss());
        assertArrayEquals(remat.grad(), kept.grad());
    }

    /**
     * A step shared among workers (features of each share, the loss over all rows, each share's
     * gradient from its rows) gives the one-machine step on the whole batch, for both kernels.
     */
    @Test
    void aStepSharedAmongWorkersEqualsTheWholeBatchStep() {
        UNetPredictor model = new UNetPredictor(tiny, be);
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 4, true, Conversion.MARGINALS, DDPM);
        double[] theta = space.initial();
        for (KidLoss.Kernel kernel : KidLoss.Kernel.values()) {
            Objective objective = new Objective(model, DIGIT, classifier, "200 test digits", new KidLoss(kernel, real), be);
            Search search = new Search(space, objective, settings(3, false, true));
            Search.Gradient whole = search.gradient(theta, 10, 6);
            long[][] shares = {{10, 2}, {12, 1}, {13, 3}};
            double[][] all = new double[6][];
            int row = 0;
            for (long[] sh : shares) {
                for (double[] f : search.features(theta, sh[0], (int) sh[1])) {
                    all[row++] = f;
                }
            }
            double[][] fg = new double[6][all[0].length];
            double loss = objective.loss().value(all, fg);
            double[] grad = new double[theta.length];
            row = 0;
            for (long[] sh : shares) {
                double[][] mine = java.util.Arrays.copyOfRange(fg, row, row + (int) sh[1]);
                row += (int) sh[1];
                double[] part = search.gradient(theta, sh[0], (int) sh[1], mine);
                for (int i = 0; i < grad.length; i++) {
                    grad[i] += part[i];
                }
            }
            assertEquals(whole.loss(), loss, 1e-5 * Math.abs(whole.loss()), kernel.id());
            double scale = 0;
            for (double v : whole.grad()) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, kernel.id());
            for (int i = 0; i < grad.length; i++) {
                assertEquals(whole.grad()[i], grad[i], 1e-4 * scale, kernel.id() + " parameter " + i);
            }
        }
    }

    /**
     * The rematerialised sweep runs every call again but the last, whose pass the forward kept;
     * a sampling chain keeps nothing and has no sweep.
     */
    @Test
    void theSweepRecomputesEveryCallButTheLast() {
        int k = 4;
        UNetPredictor unet = new UNetPredictor(tiny, be);
        int[] calls = new int[2];
        DifferentiableNoisePredictor counting = new DifferentiableNoisePredictor() {
            @Override
            public void predict(Tensor x, double t, Tensor eps) {
                calls[0]++;
                unet.predict(x, t, eps);
            }

            @Override
            public Pass record(Tensor x, double t, boolean timeGradient) {
                calls[1]++;
                return unet.record(x, t, timeGradient);
            }

            @Override
            public Backend backend() {
                return be;
            }
        };
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, k, true, Conversion.MARGINALS, DDPM);
        Scalars g0 = new Scalars();
        Steps steps = space.nodes(g0, java.util.Arrays.stream(space.initial()).mapToObj(g0::leaf).toArray(Scalars.S[]::new))
                .values();
        try (Chain chain = new Chain(steps, Chain.Activations.REMATERIALISED, true); TensorArena ar = new TensorArena()) {
            Tensor out = chain.forward(counting, new NoiseSource(3, 0, 2), DIGIT, true);
            assertArrayEquals(new int[] {k - 1, 1}, calls, "forward: predictions for steps 0..K-2, the last call recorded");
            Tensor g = ar.zeros(out.shape());
            g.fill(1f);
            chain.backward(counting, g, true);
            assertArrayEquals(new int[] {k - 1, k - 1}, calls, "the sweep records steps K-2..1 again (step 0 never)");
        }
        try (Chain chain = new Chain(steps, Chain.Activations.NONE, true); TensorArena ar = new TensorArena()) {
            calls[0] = calls[1] = 0;
            Tensor out = chain.forward(counting, new NoiseSource(3, 0, 2), DIGIT, false);
            assertArrayEquals(new int[] {k, 0}, calls, "sampling only predicts");
            assertThrows(IllegalStateException.class, () -> chain.backward(counting, ar.zeros(out.shape()), false));
        }
    }

    @Test
    void peakMemoryOfAStepHardlyGrowsWithK() throws IOException {
        try (UNet2DModel model = Embedded.model()) {
            UNetPredictor p = new UNetPredictor(model, be);
            long[] peak = new long[2];
            int[] ks = {5, 20};
            for (int round = 0; round < 2; round++) {
                SearchSpace space = new SearchSpace(Family.GGDM_PRED, ks[round], true, Conversion.MARGINALS, DDPM);
                long base = NativeMemory.liveBytes();
                NativeMemory.resetPeak();
                new Search(space, objective(p), settings(3, false, true)).gradient(space.initial(), 0, 16);
                peak[round] = NativeMemory.peakBytes() - base;
            }
            double ratio = (double) peak[1] / peak[0];
            assertTrue(ratio <= 1.3, "peak K=20 " + peak[1] + " B vs K=5 " + peak[0] + " B: ratio " + ratio);
        }
    }

    /** Six steps of four samples, validated every three on four, checkpointed every two. */
    static Search.Settings shortRun(Init init) {
        return Search.Settings.defaults(init).withIterations(6).withBatch(4).withLearningRate(0.05).withWarmup(1)
                .withSeed(11).withCheckpointEvery(2).withValidation(3, 4);
    }

    @Test
    void searchLowersTheLossAndAResumedRunEndsExactlyAsAnUninterruptedOne(@TempDir Path dir) throws IOException {
        UNetPredictor model = new UNetPredictor(tiny, be);
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, DDPM);
        Search search = new Search(space, objective(model), shortRun(Init.DDIM));
        Search.Result full = search.run(dir.resolve("a"), false, Progress.NONE);
        assertEquals(0, full.skipped());
        Progress killAtFour = (step, total, l, rate, message) -> {
            if (step == 4 && message == null) {
                throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class, () -> search.run(dir.resolve("b"), false, killAtFour));
        Search.Result resumed = search.run(dir.resolve("b"), true, Progress.NONE);
        assertArrayEquals(full.theta(), resumed.theta());
        assertArrayEquals(full.losses(), resumed.losses());
        assertArrayEquals(full.validation(), resumed.validation());
        for (int k = 0; k <= 6; k++) {
            assertEquals(k % 3 == 0, Double.isFinite(full.validation()[k]), "validation after step " + k);
        }
        // The kept parameters are those of the lowest validation KID, and give that KID again.
        double lowest = Math.min(full.validation()[0], Math.min(full.validation()[3], full.validation()[6]));
        assertEquals(lowest, full.validation()[full.bestStep()]);
        assertEquals(lowest, search.validate(full.best()));
        // Step 3 here: before the kill, so the resumed run has it only from the checkpoint.
        assertTrue(full.bestStep() < 4, "best after step " + full.bestStep());
        assertEquals(full.bestStep(), resumed.bestStep());
        assertArrayEquals(full.best(), resumed.best());
    }

    @Test
    void aCheckpointOfAnotherSearchIsRefusedNamingTheFieldThatDiffers(@TempDir Path dir) throws IOException {
        UNetPredictor model = new UNetPredictor(tiny, be);
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, DDPM);
        Search.Settings s = shortRun(Init.DDIM).withIterations(2);
        new Search(space, objective(model), s).run(dir, false, Progress.NONE);
        java.util.function.Function<Search, String> refusal = other ->
                assertThrows(IOException.class, () -> other.run(dir, true, Progress.NONE)).getMessage();
        String lr = refusal.apply(new Search(space, objective(model), s.withLearningRate(0.01)));
        assertTrue(lr.contains("another search (its lr is 0.05, this search's is 0.01)"), lr);
        String init = refusal.apply(new Search(space, objective(model), shortRun(Init.DPMPP2M).withIterations(2)));
        assertTrue(init.contains("its init is ddim, this search's is dpmpp2m"), init);
        Objective cubic = new Objective(model, DIGIT, classifier, "200 test digits", new KidLoss(KidLoss.Kernel.CUBIC, real), be);
        String kernel = refusal.apply(new Search(space, cubic, s));
        assertTrue(kernel.contains("its kernel is linear, this search's is cubic"), kernel);
        String k = refusal.apply(new Search(new SearchSpace(Family.GGDM_PRED, 4, true, Conversion.MARGINALS, DDPM),
                objective(model), s));
        assertTrue(k.contains("its steps is 3, this search's is 4"), k);
        // What changes nothing a search computes may change on resume.
        new Search(space, objective(model), s.withKeptActivations(true).withCheckpointEvery(1)).run(dir, true, Progress.NONE);
    }

    /**
     * Checkpoints written before the identity was recorded field by field hold one string, with
     * no kernel, no feature network and no init for a DDIM start: they resume where the search
     * is the same, and a different one is refused naming the field.
     */
    @Test
    void aCheckpointWithTheOlderOneStringIdentityStillResumes(@TempDir Path dir) throws IOException {
        UNetPredictor model = new UNetPredictor(tiny, be);
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, DDPM);
        Objective digitsA = new Objective(model, DIGIT, classifier, "train digits", new KidLoss(KidLoss.Kernel.LINEAR, real), be);
        Search.Settings s = shortRun(Init.DDIM);
        Search search = new Search(space, digitsA, s);
        Search.Result full = search.run(dir.resolve("full"), false, Progress.NONE);
        Path old = dir.resolve("old");
        Search.Settings four = s.withIterations(4);
        new Search(space, digitsA, four).run(old, false, Progress.NONE);
        Path file = Search.checkpointFile(old);
        String legacy = space.name() + " " + space.conversion().id() + " " + space.schedule() + " Settings[iterations=6, batch=4, "
                + "lr=0.05, warmup=1, clipNorm=1.0, seed=11, checkpointEvery=2, keepActivations=false, clip=true, "
                + "validateEvery=3, validationSamples=4]";
        rewriteIdentity(file, legacy);
        Search.Result resumed = search.run(old, true, Progress.NONE);
        // The first four steps ran under a shorter learning-rate schedule: only the file's reading is checked here.
        assertEquals(6, resumed.losses().length);
        assertTrue(Double.isFinite(resumed.losses()[5]) && Double.isFinite(full.losses()[5]));
        rewriteIdentity(file, legacy.replace("lr=0.05", "lr=0.07"));
        String e = assertThrows(IOException.class, () -> search.run(old, true, Progress.NONE)).getMessage();
        assertTrue(e.contains("its lr is 0.07, this search's is 0.05"), e);
        rewriteIdentity(file, legacy);
        String d = assertThrows(IOException.class, () -> new Search(space, digitsA, shortRun(Init.DPMPP2M)).run(old, true,
                Progress.NONE)).getMessage();
        assertTrue(d.contains("its init is ddim, this search's is dpmpp2m"), d);
    }

    /** Replaces a checkpoint's recorded identity by the older one-string form. */
    private static void rewriteIdentity(Path file, String legacy) throws IOException {
        Map<String, String> meta;
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        try (TensorArena ar = new TensorArena(); org.ddss.io.SafeTensors st = org.ddss.io.SafeTensors.open(file)) {
            meta = new java.util.LinkedHashMap<>(st.metadata());
            meta.remove("identity");
            meta.put("search", legacy);
            for (String n : st.names()) {
                Tensor t = ar.empty(st.tensor(n).shape());
                t.copyFrom(st.tensor(n));
                tensors.put(n, t);
            }
            Path tmp = file.resolveSibling("rewritten.safetensors");
            org.ddss.io.SafeTensors.write(tmp, tensors, meta);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aSearchStartsFromItsInit() throws IOException {
        UNetPredictor model = new UNetPredictor(tiny, be);
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 4, true, Conversion.MARGINALS, DDPM);
        for (Init init : Init.values()) {
            Search search = new Search(space, objective(model), Search.Settings.defaults(init).withIterations(1).withBatch(4)
                    .withLearningRate(0.05).withWarmup(0).withSeed(11).withCheckpointEvery(0).withValidation(1, 4));
            Search.Result r = search.run(null, false, Progress.NONE);
            // The search holds its parameters in float32.
            double[] start = java.util.Arrays.stream(space.initial(init)).map(v -> (float) v).toArray();
            assertEquals(search.validate(start), r.validation()[0], init.id());
        }
    }

    /** --resume without a checkpoint says so; temporary files a killed write left are removed at the start. */
    @Test
    void resumingWithoutACheckpointSaysSoAndLeftoversAreRemoved(@TempDir Path dir) throws IOException {
        Path leftover = Files.createFile(dir.resolve("search.safetensors4711.tmp"));
        Path kept = Files.writeString(dir.resolve("notes.tmp"), "a user's file");
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, DDPM);
        List<String> messages = new java.util.ArrayList<>();
        new Search(space, objective(new UNetPredictor(tiny, be)), shortRun(Init.DDIM).withIterations(1).withValidation(0, 4))
                .run(dir, true, (step, total, loss, rate, message) -> {
                    if (message != null) {
                        messages.add(message);
                    }
                });
        assertTrue(messages.getFirst().startsWith("no checkpoint ") && messages.getFirst().endsWith("to resume: starting at step 0"),
                messages.toString());
        assertTrue(!Files.exists(leftover), "the killed write's temporary file is gone");
        assertTrue(Files.exists(kept), "files of other names stay");
    }

    @Test
    void badSettingsAreRefusedNamingTheValuesGiven() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> shortRun(Init.DDIM).withBatch(1));
        assertTrue(e.getMessage().contains("batch=1 (>= 2)") && e.getMessage().contains("iterations=6"), e.getMessage());
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
                () -> shortRun(Init.DDIM).withLearningRate(Double.POSITIVE_INFINITY));
        assertTrue(lr.getMessage().contains("lr=Infinity (> 0, finite)"), lr.getMessage());
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, DDPM);
        IllegalArgumentException seed = assertThrows(IllegalArgumentException.class,
                () -> new Search(space, objective(new UNetPredictor(tiny, be)), shortRun(Init.DDIM).withSeed(1_000_000)));
        assertTrue(seed.getMessage().contains("evaluation uses 1000000 and up"), seed.getMessage());
    }

    @Test
    void aStepWithANonFiniteLossIsSkippedAndReportedNeverApplied() throws IOException {
        UNetPredictor inner = new UNetPredictor(tiny, be);
        boolean[] poison = {false};
        DifferentiableNoisePredictor model = new DifferentiableNoisePredictor() {
            @Override
            public void predict(Tensor x, double t, Tensor eps) {
                inner.predict(x, t, eps);
                if (poison[0]) {
                    eps.set(0, Float.NaN);
                }
            }

            @Override
            public Pass record(Tensor x, double t, boolean timeGradient) {
                return inner.record(x, t, timeGradient);
            }

            @Override
            public Backend backend() {
                return be;
            }
        };
        List<String> messages = new ArrayList<>();
        Progress progress = (step, total, l, rate, message) -> {
            poison[0] = step == 1;
            if (message != null) {
                messages.add(message);
            }
        };
        SearchSpace space = new SearchSpace(Family.RDDIM, 3, true, Conversion.MARGINALS, DDPM);
        Search.Settings s = shortRun(Init.DDIM).withIterations(3).withWarmup(0).withCheckpointEvery(0).withValidation(0, 0);
        Search.Result r = new Search(space, objective(model), s).run(null, false, progress);
        assertEquals(1, r.skipped());
        assertTrue(Double.isNaN(r.losses()[1]) && Double.isFinite(r.losses()[0]) && Double.isFinite(r.losses()[2]));
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.getFirst().startsWith("step 2: loss or gradient not finite"), messages.toString());
        for (double v : r.theta()) {
            assertTrue(Double.isFinite(v), "parameters " + java.util.Arrays.toString(r.theta()));
        }
    }

    @Test
    void samplerFileRoundTripsAndGuardsItsModel(@TempDir Path dir) throws Exception {
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 5, true, Conversion.MARGINALS, DDPM);
        double[] theta = space.initial();
        theta[2] += 0.3;
        LearnedSampler s = new LearnedSampler(space, theta, true, tiny.fingerprint(), Map.of("iterations", 3));
        Path f = dir.resolve("s.json");
        s.save(f);
        LearnedSampler back = LearnedSampler.load(f);
        assertEquals(space, back.space());
        assertArrayEquals(theta, back.parameters());
        assertArrayEquals(s.times(), back.times());
        assertArrayEquals(sample(s, 2, 1), sample(back, 2, 1));
        String json = Files.readString(f);
        assertTrue(json.contains("\"diffusers_timesteps\":[999,"), json);
        back.requireModel(tiny.fingerprint(), false);
        try (UNet2DModel other = UNet2DModel.random(UNetConfig.parse(TINY28), 4)) {
            assertThrows(IllegalArgumentException.class, () -> back.requireModel(other.fingerprint(), false));
            back.requireModel(other.fingerprint(), true);
        }
        assertTrue(json.contains("\"sigmas\":[157.4"), json);
        assertTrue(!json.contains("start_times"), "trailing starts are not recorded: " + json);
        SearchSpace edm = space.startingAt(Spacing.parse("edm"), Init.IPNDM);
        LearnedSampler fromEdm = new LearnedSampler(edm, edm.initial(Init.IPNDM), true, tiny.fingerprint(), Map.of());
        Path g = dir.resolve("edm.json");
        fromEdm.save(g);
        assertTrue(Files.readString(g).contains("\"start_times\":[999.0,"));
        assertEquals(edm, LearnedSampler.load(g).space());
        assertArrayEquals(sample(fromEdm, 2, 1), sample(LearnedSampler.load(g), 2, 1));
        // Unknown fields are ignored; a newer major version, or a version that is not a positive integer, is refused.
        Files.writeString(f, json.replace("\"version\":1", "\"version\":1,\"added_later\":{\"x\":[1]}"));
        assertArrayEquals(theta, LearnedSampler.load(f).parameters());
        Files.writeString(f, json.replace("\"version\":1", "\"version\":7"));
        IOException e = assertThrows(IOException.class, () -> LearnedSampler.load(f));
        assertTrue(e.getMessage().contains("it is format version 7; this build reads version 1"), e.getMessage());
        for (String bad : new String[] {"1.9", "0", "-1", "4294967297", "\"1\""}) {
            Files.writeString(f, json.replace("\"version\":1", "\"version\":" + bad));
            e = assertThrows(IOException.class, () -> LearnedSampler.load(f), bad);
            assertTrue(e.getMessage().contains("version"), e.getMessage());
        }
        // A value of the wrong type names its field and what belongs there, not a Java class.
        Files.writeString(f, json.replace("\"parameters\":[", "\"parameters\":[\"abc\","));
        e = assertThrows(IOException.class, () -> LearnedSampler.load(f));
        assertTrue(e.getMessage().contains("field 'parameters' item 0 is \"abc\", not a finite number"), e.getMessage());
        Files.writeString(f, json.replace("\"clip\":true", "\"clip\":\"yes\""));
        e = assertThrows(IOException.class, () -> LearnedSampler.load(f));
        assertTrue(e.getMessage().contains("field 'clip' is \"yes\", not true or false") && !e.getMessage().contains("java.lang"),
                e.getMessage());
        Files.writeString(f, json.replace("\"family\":\"ggdm+pred\"", "\"family\":\"magic\""));
        e = assertThrows(IOException.class, () -> LearnedSampler.load(f));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }
}
