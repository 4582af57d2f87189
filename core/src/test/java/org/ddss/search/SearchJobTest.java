package org.ddss.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.ddss.Progress;
import org.ddss.autodiff.Param;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.backend.Conv2d;
import org.ddss.diffusion.Ddim;
import org.ddss.diffusion.DpmSolverPP;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Spacing;
import org.ddss.evaluation.Digits;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.Row;
import org.ddss.features.FeatureNetwork;
import org.ddss.model.Embedded;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
import org.ddss.model.UNetPredictor;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole search job through the core API the command line uses: on any model, under any protocol. */
class SearchJobTest {
    /** A tiny random UNet making 16x16 RGB samples. */
    static final String TINY_RGB = """
            {"_class_name": "UNet2DModel", "sample_size": 16, "in_channels": 3, "out_channels": 3,
             "block_out_channels": [8, 8], "layers_per_block": 1, "attention_head_dim": null, "norm_num_groups": 4,
             "down_block_types": ["DownBlock2D", "AttnDownBlock2D"], "up_block_types": ["AttnUpBlock2D", "UpBlock2D"],
             "flip_sin_to_cos": true, "freq_shift": 0}
            """;

    /** A small random feature network for 16x16 RGB images: conv 3x3/2 (8) - SiLU - pool - linear (12) - SiLU. */
    static final class TinyFeatures implements FeatureNetwork, AutoCloseable {
        final String name;
        final TensorArena arena = new TensorArena();
        final Param w1, b1, w2, b2;

        TinyFeatures(String name, long seed) {
            this.name = name;
            Random r = new Random(seed);
            w1 = param(r, 3, 3, 3, 8);
            b1 = param(r, 8);
            w2 = param(r, 12, 4 * 4 * 8);
            b2 = param(r, 12);
        }

        private Param param(Random r, int... shape) {
            Tensor t = arena.empty(shape);
            for (long i = 0; i < t.size(); i++) {
                t.set(i, (float) (r.nextGaussian() * 0.4));
            }
            return new Param("p", t);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int featureDim() {
            return 12;
        }

        @Override
        public boolean accepts(int[] s) {
            return s.length == 3 && s[0] == 16 && s[1] == 16 && s[2] == 3;
        }

        @Override
        public String inputDescription() {
            return "16x16 RGB images";
        }

        @Override
        public Var features(Tape t, Var x) {
            Var h = t.avgPool2x2(t.silu(t.conv2d(x, t.param(w1), t.param(b1), Conv2d.of(2, 1))));
            return t.silu(t.linear(t.reshape(h, x.dim(0), 4 * 4 * 8), t.param(w2), t.param(b2)));
        }

        @Override
        public void close() {
            arena.close();
        }
    }

    /** Smooth random colour images [n, 16, 16, 3] in [-1, 1]: a random gradient and offset per image and channel. */
    static Tensor images(TensorArena ar, int n, long seed) {
        Random r = new Random(seed);
        Tensor t = ar.empty(n, 16, 16, 3);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                double gx = r.nextGaussian() * 0.05, gy = r.nextGaussian() * 0.05, o = r.nextGaussian() * 0.3;
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        double v = Math.max(-1, Math.min(1, o + gx * (x - 7.5) + gy * (y - 7.5) + 0.05 * r.nextGaussian()));
                        t.set((((long) i * 16 + y) * 16 + x) * 3 + c, (float) v);
                    }
                }
            }
        }
        return t;
    }

    @Test
    void aSearchOnATinyRgbModelRunsThroughTheApiTheCommandLineUses(@TempDir Path dir) throws IOException {
        NoiseSchedule ddpm = NoiseSchedule.ddpm();
        try (Backend be = Backends.create("java"); UNet2DModel model = UNet2DModel.random(UNetConfig.parse(TINY_RGB), 5);
             TensorArena ar = new TensorArena(); TinyFeatures t = new TinyFeatures("net T", 1); TinyFeatures u = new TinyFeatures("net U", 2);
             Protocol protocol = Protocol.builder("tiny", be)
                     .search("T", t, "random train images", images(ar, 48, 3))
                     .heldOut("U", u)
                     .evaluateAgainst("random test images", images(ar, 40, 4))
                     .batches(16, 8)
                     .build()) {
            assertArrayEquals(new int[] {16, 16, 3}, model.sampleShape());
            SearchSpace space = new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, ddpm);
            Search.Settings settings = Search.Settings.defaults(Init.DPMPP2M).withIterations(3).withBatch(4).withLearningRate(0.01)
                    .withWarmup(0).withCheckpointEvery(1).withValidation(1, 4);
            SearchJob job = new SearchJob(space, settings, KidLoss.Kernel.LINEAR, SearchJob.Selection.BEST, 8);
            List<String> rows = new java.util.ArrayList<>();
            SearchJob.Outcome o = job.run(model, be, protocol, dir, false, Progress.NONE, name -> {
                rows.add(name);
                return Progress.NONE;
            });

            assertEquals(List.of("ddim(eta=0.0, K=3)", "dpmpp2m(K=3)", "ddss ggdm+pred+time(K=3) from dpmpp2m"), rows);
            assertEquals(3, o.comparison().size());
            for (Row r : o.comparison()) {
                assertEquals(List.of("T", "U"), List.copyOf(r.fid().keySet()));
                assertTrue(Double.isFinite(r.fid().get("T")) && Double.isFinite(r.kid().get("U").mean()), r.toString());
                assertEquals(8, r.samples());
                assertEquals(null, r.labels());
            }
            for (int k = 0; k <= 3; k++) {
                assertTrue(Double.isFinite(o.result().validation()[k]), "validation after step " + k);
            }
            assertEquals(o.result().validation()[o.selectedStep()], o.selectedValidation());
            for (Path f : List.of(o.samplerFile(), o.lossPlot(), o.beforeAfter(), Search.checkpointFile(dir))) {
                assertTrue(Files.size(f) > 0, f.toString());
            }
            // Two grids of 8 columns of 16-pixel samples (2-pixel borders), scaled 7x to reach 112 pixels, 16-pixel margins.
            assertEquals(3 * 16 + 2 * 7 * (8 * (16 + 2) + 2), javax.imageio.ImageIO.read(o.beforeAfter().toFile()).getWidth());
            LearnedSampler back = LearnedSampler.load(o.samplerFile());
            back.requireModel(model.fingerprint(), false);
            assertArrayEquals(o.sampler().parameters(), back.parameters());

            // The learned sampler's row is the protocol's score of the sampler file, on the evaluation seeds.
            Row again = protocol.score(back, new UNetPredictor(model, be), model.sampleShape(), 8, Progress.NONE);
            assertEquals(o.comparison().get(2).fid(), again.fid());

            // The search's seeds lie below the evaluation's; the digits protocol cannot read these samples.
            assertThrows(IllegalArgumentException.class, () -> new Search(space,
                    Objective.of(new UNetPredictor(model, be), model.sampleShape(), protocol, KidLoss.Kernel.LINEAR),
                    settings.withSeed(protocol.seeds().evaluationFirst())));
            try (Protocol digits = Digits.protocol(be)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> job.run(model, be, digits, dir.resolve("digits"), false, Progress.NONE, n -> Progress.NONE));
                assertTrue(e.getMessage().contains("read 28x28 grey images (1 channel), but the model makes 16x16x3 samples"),
                        e.getMessage());
                assertTrue(e.getMessage().contains("Inception-v3"), e.getMessage());
            }
        }
    }

    /**
     * The default search path (GGDM+PRED+TIME from DPM-Solver++(2M) on the embedded model under
     * the digits protocol, selecting the best-validated parameters), shortened, gives the sampler
     * and the scores the code before the core API gave: recorded with that code on the java
     * backend at 256-bit vectors, where the parameters must agree bit for bit (the suite reruns
     * this class at 256 bits on wider machines); elsewhere, to rounding. The FIDs agree to 1e-6
     * relative: FID has since been computed through a Cholesky factor instead of a square root
     * (a change of method, not of meaning; 20 samples in 128 dimensions make it ill-conditioned).
     */
    @Test
    void theDefaultSearchGivesTheResultsRecordedBeforeTheCoreApi(@TempDir Path dir) throws IOException {
        double[] theta = {-1.0984039306640625, -1.0961436033248901, -1.1016356945037842, -5.200982559472322E-4,
                -5.413373582996428E-4, 8.227412035921589E-5, 6.168361287564039E-4, 5.998446722514927E-4, -0.3340887129306793,
                0.33364686369895935, 1.8057911074720323E-4};
        double[][] fidAB = {{567.3131391031227, 817.886478490725}, {555.5219293298883, 807.5828945865951},
                {555.098354464285, 807.0346796650392}};
        boolean exact = FloatVector.SPECIES_PREFERRED.vectorBitSize() == 256;
        try (Backend be = Backends.create("java"); UNet2DModel model = Embedded.model(); Protocol digits = Digits.protocol(be)) {
            NoiseSchedule schedule = Embedded.schedule();
            SearchSpace space = new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, schedule);
            Search.Settings settings = Search.Settings.defaults(Init.DPMPP2M).withIterations(4).withBatch(4).withCheckpointEvery(2)
                    .withValidation(2, 4);
            SearchJob.Outcome o = new SearchJob(space, settings, KidLoss.Kernel.LINEAR, SearchJob.Selection.BEST, 0)
                    .run(model, be, digits, dir, false, Progress.NONE, n -> Progress.NONE);
            assertEquals(4, o.selectedStep());
            double[] got = o.sampler().parameters();
            UNetPredictor predictor = new UNetPredictor(model, be);
            Spacing trailing = new Spacing.Trailing();
            List<Sampler> samplers = List.of(Ddim.of(schedule, trailing, 3, 0, true), DpmSolverPP.of(schedule, trailing, 3, 2, true),
                    o.sampler());
            for (int i = 0; i < theta.length; i++) {
                assertEquals(theta[i], got[i], exact ? 0 : 1e-4 * Math.abs(theta[i]) + 1e-7, "parameter " + i);
            }
            for (int r = 0; r < 3; r++) {
                Row row = digits.score(samplers.get(r), predictor, model.sampleShape(), 20, Progress.NONE);
                assertEquals(fidAB[r][0], row.fid().get("A"), (exact ? 1e-6 : 1e-3) * fidAB[r][0], samplers.get(r).name());
                assertEquals(fidAB[r][1], row.fid().get("B"), (exact ? 1e-6 : 1e-3) * fidAB[r][1], samplers.get(r).name());
            }
        }
    }
}
