package org.ddss.train;

import org.ddss.Progress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ddss.backend.Backend;
import org.ddss.backend.JavaBackend;
import org.ddss.data.Dataset;
import org.ddss.data.Mnist;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.io.SafeTensors;
import org.ddss.model.SchedulerConfig;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DdpmTrainerTest {
    @TempDir
    Path dir;

    static final String TINY = """
            {"sample_size": 28, "in_channels": 1, "out_channels": 1, "block_out_channels": [8, 8],
             "layers_per_block": 1, "attention_head_dim": null, "norm_num_groups": 4,
             "down_block_types": ["DownBlock2D", "AttnDownBlock2D"], "up_block_types": ["AttnUpBlock2D", "UpBlock2D"]}
            """;

    static DdpmTrainer.Settings settings(long steps) {
        return new DdpmTrainer.Settings(steps, 8, 1e-3, 5, 0.1, 1.0, 0.99, 42, false, 3, 0);
    }

    /** Every tensor of a checkpoint (weights, EMA, moments), in name order. */
    static List<float[]> contents(Path checkpoint) throws IOException {
        List<float[]> out = new ArrayList<>();
        try (SafeTensors st = SafeTensors.open(checkpoint)) {
            for (String n : st.names().stream().sorted().toList()) {
                out.add(st.tensor(n).toArray());
            }
        }
        return out;
    }

    @Test
    void aResumedRunEndsExactlyWhereAnUninterruptedOneDoes() throws IOException {
        UNetConfig cfg = UNetConfig.parse(TINY);
        NoiseSchedule sch = NoiseSchedule.ddpm();
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena()) {
            Dataset data = Mnist.embeddedTest(ar);
            Path straight = dir.resolve("straight"), split = dir.resolve("split");
            double[] losses = new double[2];
            try (UNet2DModel m = UNet2DModel.random(cfg, 1)) {
                DdpmTrainer.train(m, data, sch, be, settings(8), straight, false, (k, t, loss, r, msg) -> {
                    if (k == 1) {
                        losses[0] = loss;
                    }
                    losses[1] = loss;
                });
            }
            try (UNet2DModel m = UNet2DModel.random(cfg, 1)) {
                DdpmTrainer.train(m, data, sch, be, settings(5), split, false, Progress.NONE);
            }
            // A fresh process would start from a new random model: the checkpoint must restore everything.
            try (UNet2DModel m = UNet2DModel.random(cfg, 99)) {
                DdpmTrainer.train(m, data, sch, be, settings(8), split, true, Progress.NONE);
            }
            List<float[]> a = contents(DdpmTrainer.checkpointFile(straight)), b = contents(DdpmTrainer.checkpointFile(split));
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i), "checkpoint tensor " + i);
            }
            assertTrue(losses[1] < losses[0], "the loss falls: " + losses[0] + " -> " + losses[1]);
            try (UNet2DModel ema = UNet2DModel.load(straight.resolve("ema"))) {
                assertEquals(cfg, ema.config());
            }
            assertEquals(sch, SchedulerConfig.read(straight.resolve("ema").resolve(SchedulerConfig.FILE)),
                    "the result says which schedule it was trained on");
        }
    }

    @Test
    void aRunTrainedOnOneScheduleIsNotResumedOnAnother() throws IOException {
        UNetConfig cfg = UNetConfig.parse(TINY);
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena()) {
            Dataset data = Mnist.embeddedTest(ar);
            Path run = dir.resolve("cosine");
            try (UNet2DModel m = UNet2DModel.random(cfg, 1)) {
                DdpmTrainer.train(m, data, NoiseSchedule.cosine(1000), be, settings(3), run, false, Progress.NONE);
            }
            assertEquals(NoiseSchedule.cosine(1000), SchedulerConfig.read(run.resolve("ema").resolve(SchedulerConfig.FILE)));
            try (UNet2DModel m = UNet2DModel.random(cfg, 1)) {
                IOException e = assertThrows(IOException.class,
                        () -> DdpmTrainer.train(m, data, NoiseSchedule.ddpm(), be, settings(6), run, true, Progress.NONE));
                assertTrue(e.getMessage().contains("cosine(1000)") && e.getMessage().contains("linear(1000"), e.getMessage());
            }
        }
    }

    @Test
    void p2WeightingWeighsTheSameBatchLess() throws IOException {
        UNetConfig cfg = UNetConfig.parse(TINY);
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena()) {
            Dataset data = Mnist.embeddedTest(ar);
            double[] first = new double[2];
            for (int g = 0; g < 2; g++) {
                DdpmTrainer.Settings base = settings(1);
                DdpmTrainer.Settings s = new DdpmTrainer.Settings(base.steps(), base.batch(), base.lr(), base.warmup(),
                        base.lrFloor(), base.clip(), base.emaDecay(), base.seed(), base.flips(), base.checkpointEvery(), g);
                int at = g;
                try (UNet2DModel m = UNet2DModel.random(cfg, 1)) {
                    DdpmTrainer.train(m, data, NoiseSchedule.ddpm(), be, s, dir.resolve("g" + g), false,
                            (k, t, loss, r, msg) -> first[at] = loss);
                }
            }
            // Same model, batch, times and noise; every weight is below 1, most far below.
            assertTrue(first[1] > 0 && first[1] < 0.9 * first[0], "P2 loss " + first[1] + " against L_simple " + first[0]);
            // Resuming the L_simple run with P2 weighting would change its objective mid-run.
            try (UNet2DModel m = UNet2DModel.random(cfg, 1)) {
                DdpmTrainer.Settings p2 = new DdpmTrainer.Settings(2, 8, 1e-3, 5, 0.1, 1.0, 0.99, 42, false, 3, 1);
                IOException e = assertThrows(IOException.class,
                        () -> DdpmTrainer.train(m, data, NoiseSchedule.ddpm(), be, p2, dir.resolve("g0"), true, Progress.NONE));
                assertTrue(e.getMessage().contains("--p2-gamma 0.0"), e.getMessage());
            }
            for (double bad : new double[] {-1, Double.POSITIVE_INFINITY, Double.NaN}) {
                assertThrows(IllegalArgumentException.class, () -> new DdpmTrainer.Settings(1, 8, 1e-3, 5, 0.1, 1.0, 0.99, 42,
                        false, 3, bad));
            }
        }
    }

    @Test
    void p2WeightsFallWithTheSignalToNoiseRatio() {
        NoiseSchedule sch = NoiseSchedule.ddpm();
        double prev = 0;
        for (int t : new int[] {0, 20, 100, 250, 400, 700, 999}) {
            double abar = sch.abar(t), snr = abar / (1 - abar);
            double w = DdpmTrainer.p2Weight(sch.alpha(t), sch.sigma(t), 1);
            assertEquals(1 / (1 + snr), w, 1e-12, "t = " + t);
            assertEquals(Math.sqrt(w), DdpmTrainer.p2Weight(sch.alpha(t), sch.sigma(t), 0.5), 1e-12, "gamma 0.5, t = " + t);
            assertEquals(1, DdpmTrainer.p2Weight(sch.alpha(t), sch.sigma(t), 0), "gamma 0 is L_simple");
            assertTrue(w > prev, "noisier times weigh more: t = " + t);
            prev = w;
        }
    }

    @Test
    void theWeightedLossWeighsEachImageAndItsGradientMatchesFiniteDifferences() {
        try (TensorArena ar = new TensorArena()) {
            int n = 3, per = 5;
            Tensor out = ar.empty(n, per), target = ar.empty(n, per), grad = ar.empty(n, per), scratch = ar.empty(n, per);
            java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
            for (long j = 0; j < out.size(); j++) {
                out.set(j, (float) rng.nextGaussian());
                target.set(j, (float) rng.nextGaussian());
            }
            double[] weight = {0.25, 1, 0.01};
            double loss = DdpmTrainer.weightedMse(out, target, weight, grad);
            double expected = 0;
            for (int i = 0; i < n; i++) {
                double se = 0;
                for (int k = 0; k < per; k++) {
                    double d = out.get(i * per + k) - target.get(i * per + k);
                    se += d * d;
                }
                expected += weight[i] * se;
            }
            assertEquals(expected / (n * per), loss, 1e-12);
            double h = 1e-2;
            for (long j = 0; j < out.size(); j++) {
                float keep = out.get(j);
                out.set(j, keep + (float) h);
                double up = DdpmTrainer.weightedMse(out, target, weight, scratch);
                out.set(j, keep - (float) h);
                double down = DdpmTrainer.weightedMse(out, target, weight, scratch);
                out.set(j, keep);
                assertEquals((up - down) / (2 * h), grad.get(j), 1e-5, "element " + j);
            }
        }
    }
}
