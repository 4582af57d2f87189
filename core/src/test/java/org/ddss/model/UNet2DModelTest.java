package org.ddss.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.backend.JavaBackend;
import org.ddss.io.SafeTensors;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UNet2DModelTest {

    @TempDir
    Path dir;

    static final String TINY = """
            {"_class_name": "UNet2DModel", "sample_size": 8, "in_channels": 1, "out_channels": 1,
             "block_out_channels": [8, 8], "layers_per_block": 1, "attention_head_dim": null, "norm_num_groups": 4,
             "down_block_types": ["DownBlock2D", "AttnDownBlock2D"], "up_block_types": ["AttnUpBlock2D", "UpBlock2D"],
             "downsample_padding": 0, "flip_sin_to_cos": false, "freq_shift": 1, "norm_eps": 1e-6}
            """;

    static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    @Test
    void configTakesDiffusersDefaultsAndRejectsUnsupportedValuesByName() {
        UNetConfig c = UNetConfig.parse("{\"sample_size\": 32}");
        assertTrue(c.flipSinToCos());
        assertEquals(0f, c.freqShift());
        assertEquals(1e-5f, c.normEps());
        assertEquals(8, c.attentionHeadDim());
        assertEquals(1, c.downsamplePadding());
        assertEquals(List.of(224, 448, 672, 896), c.blockOutChannels());
        assertEquals(List.of("AttnUpBlock2D", "AttnUpBlock2D", "AttnUpBlock2D", "UpBlock2D"), c.upBlockTypes());
        assertEquals(null, UNetConfig.parse("{\"attention_head_dim\": null, \"block_out_channels\": [32,32,32,32]}").attentionHeadDim());
        String e1 = assertThrows(IllegalArgumentException.class, () -> UNetConfig.parse("{\"act_fn\": \"gelu\"}")).getMessage();
        assertTrue(e1.contains("act_fn") && e1.contains("gelu"), e1);
        String e2 = assertThrows(IllegalArgumentException.class,
                () -> UNetConfig.parse("{\"resnet_time_scale_shift\": \"scale_shift\"}")).getMessage();
        assertTrue(e2.contains("resnet_time_scale_shift"), e2);
        String e3 = assertThrows(IllegalArgumentException.class, () -> UNetConfig.parse(
                "{\"block_out_channels\": [32,64], \"down_block_types\": [\"CrossAttnDownBlock2D\", \"DownBlock2D\"],"
                        + "\"up_block_types\": [\"UpBlock2D\", \"UpBlock2D\"]}")).getMessage();
        assertTrue(e3.contains("CrossAttnDownBlock2D"), e3);
        String e4 = assertThrows(IllegalArgumentException.class, () -> UNetConfig.parse("{\"class_embed_type\": \"timestep\"}")).getMessage();
        assertTrue(e4.contains("class_embed_type"), e4);
        assertEquals(c, UNetConfig.parse(c.toJson()));
    }

    /** Options that change nothing when sampling are accepted, and said in a note each. */
    @Test
    void swishAndDropoutAreAcceptedWithANote() {
        UNetConfig c = UNetConfig.parse(TINY.replace("\"norm_eps\": 1e-6}", "\"norm_eps\": 1e-6, \"act_fn\": \"swish\", \"dropout\": 0.1}"));
        assertEquals(List.of("act_fn swish is SiLU (diffusers maps both names to the same function)",
                "dropout 0.1 was for training; sampling runs without it"), c.notes());
        assertEquals(c, UNetConfig.parse(c.toJson()));
        assertTrue(UNetConfig.parse(TINY).notes().isEmpty());
        assertFalse(UNetConfig.parse(TINY).toJson().contains("dropout"), "a config without dropout keeps its text");
        String e = assertThrows(IllegalArgumentException.class, () -> UNetConfig.parse("{\"dropout\": 1.5}")).getMessage();
        assertTrue(e.contains("dropout = 1.5"), e);
    }

    /** diffusers takes {@code sample_size} as one number or as [height, width]; square configs keep their JSON (and fingerprint). */
    /** Values out of range are refused naming the key and the range, before anything divides, loops or allocates. */
    @Test
    void configValuesOutOfRangeAreRefusedByName() {
        String[][] cases = {
                {"\"norm_num_groups\": 4", "\"norm_num_groups\": 0", "norm_num_groups = 0 must be in [1, 16384]"},
                {"\"norm_num_groups\": 4", "\"norm_num_groups\": -8", "norm_num_groups = -8 must be in [1, 16384]"},
                {"\"attention_head_dim\": null", "\"attention_head_dim\": 0", "attention_head_dim = 0 must be in [1, 16384]"},
                {"\"attention_head_dim\": null", "\"attention_head_dim\": -4", "attention_head_dim = -4 must be in [1, 16384]"},
                {"\"layers_per_block\": 1", "\"layers_per_block\": 10000000", "layers_per_block = 10000000 must be in [1, 64]"},
                {"\"norm_eps\": 1e-6", "\"norm_eps\": -1", "norm_eps = -1.0 must be a number in (0, 1)"},
                {"\"norm_eps\": 1e-6", "\"norm_eps\": 1e400", "norm_eps = Infinity must be a number in (0, 1)"},
                {"\"sample_size\": 8", "\"sample_size\": 27", "sample_size 27x27 must be at most 8192 and a multiple of 2"},
                {"\"sample_size\": 8", "\"sample_size\": 100000", "must be at most 8192"},
                {"\"block_out_channels\": [8, 8]", "\"block_out_channels\": []", "block_out_channels [] must list 1 to 10 levels"},
        };
        for (String[] c : cases) {
            String json = TINY.replace(c[0], c[1]);
            String e = assertThrows(IllegalArgumentException.class, () -> UNetConfig.parse(json), c[1]).getMessage();
            assertTrue(e.contains(c[2]), c[1] + ": " + e);
        }
        String scale = assertThrows(IllegalArgumentException.class, () -> UNetConfig.parse(TINY.replace("\"norm_eps\": 1e-6}",
                "\"norm_eps\": 1e-6, \"mid_block_scale_factor\": 0}"))).getMessage();
        assertTrue(scale.contains("mid_block_scale_factor = 0.0 must be a positive number"), scale);
    }

    /** close() is idempotent, as AutoCloseable advises, for a model loaded from a mapped file too. */
    @Test
    void closingTwiceIsHarmless(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (UNet2DModel m = UNet2DModel.random(UNetConfig.parse(TINY), 2)) {
            m.save(dir);
        }
        UNet2DModel loaded = UNet2DModel.load(dir);
        loaded.close();
        loaded.close();
    }

    @Test
    void aSampleSizeMayBeHeightAndWidth() {
        UNetConfig wide = UNetConfig.parse(TINY.replace("\"sample_size\": 8", "\"sample_size\": [8, 12]"));
        assertEquals(8, wide.sampleSize());
        assertEquals(12, wide.sampleWidth());
        assertEquals(wide, UNetConfig.parse(wide.toJson()));
        assertTrue(UNetConfig.parse(TINY).toJson().contains("\"sample_size\":8,"), UNetConfig.parse(TINY).toJson());
        assertTrue(wide.toJson().contains("\"sample_size\":[8,12]"), wide.toJson());
        String bad = assertThrows(IllegalArgumentException.class,
                () -> UNetConfig.parse(TINY.replace("\"sample_size\": 8", "\"sample_size\": [8, 12, 4]"))).getMessage();
        assertTrue(bad.contains("sample_size") && bad.contains("[height, width]"), bad);
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena(); UNet2DModel m = UNet2DModel.random(wide, 2);
             Tape t = Tape.inference(be)) {
            assertArrayEquals(new int[] {8, 12, 1}, m.sampleShape());
            Tensor x = ar.of(random(new Random(1), 2 * 8 * 12), 2, 8, 12, 1), times = ar.of(new float[] {3f, 700f}, 2);
            assertArrayEquals(new int[] {2, 8, 12, 1}, m.forward(t, t.constant(x), t.constant(times)).value().shape());
        }
        UNetConfig anySize = UNetConfig.parse(TINY.replace("\"sample_size\": 8, \"in_channels\": 1, \"out_channels\": 1",
                "\"in_channels\": 3, \"out_channels\": 3"));
        try (UNet2DModel m = UNet2DModel.random(anySize, 1)) {
            assertArrayEquals(new int[] {32, 32, 3}, m.sampleShape());
        }
    }

    @Test
    void savesAndLoadsBackTheSameModel() throws IOException {
        UNetConfig cfg = UNetConfig.parse(TINY);
        Random r = new Random(3);
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena(); UNet2DModel m = UNet2DModel.random(cfg, 7)) {
            m.save(dir);
            Tensor x = ar.of(random(r, 2 * 8 * 8), 2, 8, 8, 1), t = ar.of(new float[] {5f, 900.5f}, 2);
            try (UNet2DModel back = UNet2DModel.load(dir); Tape t1 = Tape.inference(be); Tape t2 = Tape.inference(be)) {
                assertEquals(cfg, back.config());
                assertEquals(m.parameterCount(), back.parameterCount());
                float[] a = m.forward(t1, t1.constant(x), t1.constant(t)).value().toArray();
                float[] b = back.forward(t2, t2.constant(x), t2.constant(t)).value().toArray();
                assertArrayEquals(a, b);
            }
        }
    }

    @Test
    void loadingListsMissingUnexpectedAndMisshapenTensors() throws IOException {
        UNetConfig cfg = UNetConfig.parse(TINY);
        try (UNet2DModel m = UNet2DModel.random(cfg, 1)) {
            m.save(dir);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (SafeTensors st = SafeTensors.open(dir.resolve(UNet2DModel.WEIGHTS)); TensorArena ar = new TensorArena()) {
            for (String n : st.names()) {
                Tensor v = st.tensor(n);
                Tensor copy = ar.zeros(v.shape());
                copy.copyFrom(v);
                tensors.put(n, copy);
            }
            tensors.remove("conv_in.bias");
            tensors.put("extra.weight", ar.zeros(2));
            tensors.put("conv_out.bias", ar.zeros(3));
            Path broken = Files.createDirectories(dir.resolve("broken"));
            Files.copy(dir.resolve(UNet2DModel.CONFIG), broken.resolve(UNet2DModel.CONFIG));
            SafeTensors.write(broken.resolve(UNet2DModel.WEIGHTS), tensors, Map.of());
            String msg = assertThrows(IOException.class, () -> UNet2DModel.load(broken)).getMessage();
            assertTrue(msg.contains("missing: conv_in.bias"), msg);
            assertTrue(msg.contains("unexpected: extra.weight"), msg);
            assertTrue(msg.contains("conv_out.bias [3] (config implies [1])"), msg);
        }
        String noCfg = assertThrows(IOException.class, () -> UNet2DModel.load(dir.resolve("nowhere"))).getMessage();
        assertTrue(noCfg.contains("config.json"), noCfg);
    }

    /** loss(x, t) = sum(g . eps(x, t)) on an inference tape, in double. */
    static double loss(Backend be, UNet2DModel m, Tensor x, Tensor t, Tensor g) {
        try (Tape tape = Tape.inference(be)) {
            Tensor y = m.forward(tape, tape.constant(x), tape.constant(t)).value();
            double s = 0;
            for (long i = 0; i < y.size(); i++) {
                s += (double) y.get(i) * g.get(i);
            }
            return s;
        }
    }

    /**
     * Directional central differences of the loss along random directions (h = 1e-2 in float32:
     * error ~h^2 |f'''| + 1e-7 |L| / h, about 1e-4 relative here) against the VJPs.
     */
    @Test
    void inputAndTimeVjpsMatchFiniteDifferences() {
        UNetConfig cfg = UNetConfig.parse(TINY);
        Random r = new Random(5);
        try (Backend be = new JavaBackend(); TensorArena ar = new TensorArena(); UNet2DModel m = UNet2DModel.random(cfg, 2)) {
            Tensor x = ar.of(random(r, 2 * 8 * 8), 2, 8, 8, 1), t = ar.of(new float[] {12.5f, 400.25f}, 2);
            Tensor g = ar.of(random(r, 2 * 8 * 8), 2, 8, 8, 1);
            Tensor dx, dt;
            try (Tape tape = Tape.recording(be)) {
                Var xv = tape.input(x, true), tv = tape.input(t, true);
                tape.backward(m.forward(tape, xv, tv), g);
                dx = ar.zeros(x.shape());
                dx.copyFrom(xv.grad());
                dt = ar.zeros(2);
                dt.copyFrom(tv.grad());
            }
            for (Tensor[] pair : new Tensor[][] {{x, dx}, {t, dt}}) {
                Tensor v = pair[0], grad = pair[1];
                for (int dir = 0; dir < 3; dir++) {
                    float[] u = random(r, (int) v.size());
                    float[] orig = v.toArray();
                    float h = 1e-2f;
                    double analytic = 0;
                    for (int i = 0; i < u.length; i++) {
                        analytic += (double) u[i] * grad.get(i);
                        v.set(i, orig[i] + h * u[i]);
                    }
                    double lp = loss(be, m, x, t, g);
                    for (int i = 0; i < u.length; i++) {
                        v.set(i, orig[i] - h * u[i]);
                    }
                    double lm = loss(be, m, x, t, g);
                    v.copyFrom(orig);
                    double fd = (lp - lm) / (2 * h);
                    assertEquals(fd, analytic, 2e-3 * Math.max(1, Math.abs(fd)), (v == x ? "input" : "time") + " direction " + dir);
                }
            }
        }
    }

    /** Back-propagates through a chain of n checkpointed UNet calls and returns the peak native bytes. */
    static long chainPeak(Backend be, UNet2DModel m, int n) {
        Random r = new Random(9);
        try (TensorArena ar = new TensorArena()) {
            Tensor x = ar.of(random(r, 4 * 8 * 8), 4, 8, 8, 1), t = ar.of(new float[] {10, 20, 30, 40}, 4);
            NativeMemory.resetPeak();
            long base = NativeMemory.liveBytes();
            try (Tape tape = Tape.recording(be)) {
                Var h = tape.input(x, true), tv = tape.constant(t);
                for (int i = 0; i < n; i++) {
                    h = tape.checkpoint((tp, in) -> tp.add(in[0], tp.scale(m.forward(tp, in[0], in[1]), -0.05f)), h, tv);
                }
                tape.backward(h, ar.of(random(r, 4 * 8 * 8), 4, 8, 8, 1));
            }
            return NativeMemory.peakBytes() - base;
        }
    }

    @Test
    void twentyCheckpointedCallsPeakWithinOneAndAHalfTimesTwo() {
        UNetConfig cfg = UNetConfig.parse(TINY);
        try (Backend be = new JavaBackend(); UNet2DModel m = UNet2DModel.random(cfg, 4)) {
            chainPeak(be, m, 2);
            long two = chainPeak(be, m, 2), twenty = chainPeak(be, m, 20);
            assertTrue(twenty <= 1.5 * two, "peak of 20 calls " + twenty + " bytes vs 2 calls " + two);
        }
    }

    @Test
    void flopsPerImageCountsEveryConvolutionAndAttentionAtItsResolution() {
        UNetConfig c = UNetConfig.parse("""
                {"sample_size": 8, "in_channels": 1, "out_channels": 1, "block_out_channels": [8, 8], "layers_per_block": 1,
                 "down_block_types": ["DownBlock2D", "DownBlock2D"], "up_block_types": ["UpBlock2D", "UpBlock2D"],
                 "norm_num_groups": 4}
                """);
        double full = 64, half = 16, k3 = 9;
        double expected = 2 * (
                8 * 1 * k3 * full                                   // conv_in
                + 2 * 8 * 8 * k3 * full                             // down 0: one resnet, two convs
                + 8 * 8 * k3 * half                                 // its downsampler, stride 2
                + 2 * 8 * 8 * k3 * half                             // down 1
                + 4 * 8 * 8 * k3 * half                             // mid: two resnets
                + 4 * 8 * 8 * half + 2 * half * half * 8            // mid attention: q, k, v, out; then QK^T and AV
                + 2 * (16 * 8 * k3 + 8 * 8 * k3 + 16 * 8) * half    // up 0: two resnets on 16 channels with 1x1 shortcuts
                + 8 * 8 * k3 * full                                 // its upsampler, after the 2x upsampling
                + 2 * (16 * 8 * k3 + 8 * 8 * k3 + 16 * 8) * full    // up 1
                + 1 * 8 * k3 * full);                               // conv_out
        assertEquals(expected, UNet2DModel.flopsPerImage(c, 8, 8), 1e-6);
    }

    /** The presets are the published architectures: diffusers instantiates them with these tensor and parameter counts. */
    @Test
    void presetsHaveThePublishedModelsSizes() throws IOException {
        for (Object[] c : new Object[][] {{"ddpm-cifar10-32", 328, 35_746_307L}, {"ddpm-256", 450, 113_673_219L}}) {
            List<UNet2DModel.ParamSpec> specs = UNet2DModel.specs(Presets.byName((String) c[0]));
            long params = 0;
            for (UNet2DModel.ParamSpec p : specs) {
                long n = 1;
                for (int d : p.torchShape()) {
                    n *= d;
                }
                params += n;
            }
            assertEquals(c[1], specs.size(), c[0] + " tensors");
            assertEquals(c[2], params, c[0] + " parameters");
        }
    }

    /**
     * Weights files whose values were damaged into NaN or infinities at random places: every one
     * is refused at load with a sentence naming the tensor and the element (never loaded to give
     * NaN samples), and large finite values load.
     */
    @Test
    void fuzzedNonFiniteWeightsAreRefusedNamingTheTensor() throws IOException {
        try (UNet2DModel m = UNet2DModel.random(UNetConfig.parse(TINY), 4)) {
            m.save(dir);
        }
        Path file = dir.resolve(UNet2DModel.WEIGHTS);
        byte[] clean = Files.readAllBytes(file);
        long headerLength = java.nio.ByteBuffer.wrap(clean).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        int data = 8 + (int) headerLength, floats = (clean.length - data) / 4;
        Random r = new Random(9);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fc00001)};
        for (int trial = 0; trial < 40; trial++) {
            byte[] mutated = clean.clone();
            int at = data + 4 * r.nextInt(floats);
            float v = trial % 5 == 4 ? 3e38f : bad[trial % bad.length];
            java.nio.ByteBuffer.wrap(mutated).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(at, v);
            Files.write(file, mutated);
            if (Float.isFinite(v)) {
                try (UNet2DModel loaded = UNet2DModel.load(dir)) {
                    assertEquals(UNet2DModel.specs(loaded.config()).size(), loaded.params().size());
                }
            } else {
                String e = assertThrows(IOException.class, () -> UNet2DModel.load(dir).close(), "value " + v + " at byte " + at)
                        .getMessage();
                assertTrue(e.contains(": weight ") && e.contains(" at element ") && e.contains("every sample would be NaN"), e);
            }
        }
    }
}
