package org.ddss.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.ddss.autodiff.Param;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Conv2d;
import org.ddss.backend.GroupNorm;
import org.ddss.backend.UpsampleConv;
import org.ddss.io.SafeTensors;
import org.ddss.io.WeightFile;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * diffusers' {@code UNet2DModel} for the DDPM family: the noise-prediction network
 * {@code eps(x_t, t)}. Images are NHWC {@code [N, H, W, C]}; times are real numbers, one per
 * sample (DDSS moves them continuously), and the model is differentiable in both.
 *
 * <p>Parameters keep diffusers' names. Convolution weights are held HWIO (our conv layout):
 * permuted once when loaded from, and back when saved to, PyTorch's OIHW. Every other
 * parameter is a view of the weights file's bytes, read once into memory the model owns.
 */
public final class UNet2DModel implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "diffusion_pytorch_model.safetensors";
    /** The PyTorch checkpoint some published folders hold instead of {@link #WEIGHTS}. */
    public static final String TORCH_WEIGHTS = "diffusion_pytorch_model.bin";

    /** A parameter's name, its shape in PyTorch's layout, and whether it is a conv weight. */
    public record ParamSpec(String name, int[] torchShape, boolean conv) {}

    private final UNetConfig config;
    private final Map<String, Param> params;
    private final TensorArena arena;
    private final WeightFile source;
    /** Upsamplers' sub-pixel phase weights, built once from read-only (frozen) 3x3 weights. */
    private final Map<String, Tensor> phaseWeights = new HashMap<>();

    private UNet2DModel(UNetConfig config, Map<String, Param> params, TensorArena arena, WeightFile source) {
        this.config = config;
        this.params = Collections.unmodifiableMap(params);
        this.arena = arena;
        this.source = source;
        for (Param p : params.values()) {
            Tensor w = p.value();
            if (p.name().contains(".upsamplers.") && p.name().endsWith(".weight") && w.data().isReadOnly()) {
                Tensor w2 = arena.empty(UpsampleConv.weightShape(w));
                UpsampleConv.weights(w, w2);
                phaseWeights.put(p.name(), w2.readOnly());
            }
        }
    }

    /**
     * One sample's shape [H, W, C]: {@code sample_size} (one number for square samples, or
     * height and width; 32 x 32 where the config gives none, diffusers' most common size) by
     * {@code in_channels}.
     */
    public int[] sampleShape() {
        return sampleShape(config);
    }

    /** {@link #sampleShape()} of a model with this config. */
    public static int[] sampleShape(UNetConfig config) {
        return config.sampleSize() == 0 ? new int[] {32, 32, config.inChannels()}
                : new int[] {config.sampleSize(), config.sampleWidth(), config.inChannels()};
    }

    public UNetConfig config() {
        return config;
    }

    /** {@link #flopsPerImage(UNetConfig, int, int)} at this model's sample shape. */
    public double flopsPerImage() {
        int[] shape = sampleShape();
        return flopsPerImage(config, shape[0], shape[1]);
    }

    /** Parameters by diffusers name, in architecture order. */
    public Map<String, Param> params() {
        return params;
    }

    public long parameterCount() {
        long n = 0;
        for (Param p : params.values()) {
            n += p.value().size();
        }
        return n;
    }

    /**
     * {@code sha256:HEX} of the configuration and every weight (name, shape, float32 values in
     * our layout): identifies the model a learned sampler was searched for, however it was loaded.
     */
    public String fingerprint() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(config.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (Param p : params.values()) {
                md.update(p.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(java.util.Arrays.toString(p.value().shape()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(p.value().data().asByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN));
            }
            return "sha256:" + java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    // ---- architecture ------------------------------------------------------------------------

    /** Every parameter the configuration implies, in diffusers' names and PyTorch shapes. */
    public static List<ParamSpec> specs(UNetConfig c) {
        List<ParamSpec> s = new ArrayList<>();
        List<Integer> boc = c.blockOutChannels();
        int c0 = boc.getFirst(), e = c.timeEmbedDim();
        conv(s, "conv_in", c0, c.inChannels(), 3);
        linear(s, "time_embedding.linear_1", e, c0);
        linear(s, "time_embedding.linear_2", e, e);
        int out = c0;
        for (int i = 0; i < boc.size(); i++) {
            int in = out;
            out = boc.get(i);
            String p = "down_blocks." + i + ".";
            boolean attn = c.downBlockTypes().get(i).equals("AttnDownBlock2D");
            for (int j = 0; j < c.layersPerBlock(); j++) {
                resnet(s, p + "resnets." + j, j == 0 ? in : out, out, e);
                if (attn) {
                    attention(s, p + "attentions." + j, out);
                }
            }
            if (i < boc.size() - 1) {
                conv(s, p + "downsamplers.0.conv", out, out, 3);
            }
        }
        int mid = boc.getLast();
        resnet(s, "mid_block.resnets.0", mid, mid, e);
        if (c.addAttention()) {
            attention(s, "mid_block.attentions.0", mid);
        }
        resnet(s, "mid_block.resnets.1", mid, mid, e);
        List<Integer> rev = boc.reversed();
        out = rev.getFirst();
        for (int i = 0; i < rev.size(); i++) {
            int prev = out;
            out = rev.get(i);
            int in = rev.get(Math.min(i + 1, rev.size() - 1));
            String p = "up_blocks." + i + ".";
            boolean attn = c.upBlockTypes().get(i).equals("AttnUpBlock2D");
            int layers = c.layersPerBlock() + 1;
            for (int j = 0; j < layers; j++) {
                int skip = j == layers - 1 ? in : out;
                int resIn = j == 0 ? prev : out;
                resnet(s, p + "resnets." + j, resIn + skip, out, e);
                if (attn) {
                    attention(s, p + "attentions." + j, out);
                }
            }
            if (i < rev.size() - 1) {
                conv(s, p + "upsamplers.0.conv", out, out, 3);
            }
        }
        norm(s, "conv_norm_out", c0);
        conv(s, "conv_out", c.outChannels(), c0, 3);
        return s;
    }

    private static void conv(List<ParamSpec> s, String name, int out, int in, int k) {
        s.add(new ParamSpec(name + ".weight", new int[] {out, in, k, k}, true));
        s.add(new ParamSpec(name + ".bias", new int[] {out}, false));
    }

    private static void linear(List<ParamSpec> s, String name, int out, int in) {
        s.add(new ParamSpec(name + ".weight", new int[] {out, in}, false));
        s.add(new ParamSpec(name + ".bias", new int[] {out}, false));
    }

    private static void norm(List<ParamSpec> s, String name, int c) {
        s.add(new ParamSpec(name + ".weight", new int[] {c}, false));
        s.add(new ParamSpec(name + ".bias", new int[] {c}, false));
    }

    private static void resnet(List<ParamSpec> s, String p, int in, int out, int emb) {
        norm(s, p + ".norm1", in);
        conv(s, p + ".conv1", out, in, 3);
        linear(s, p + ".time_emb_proj", out, emb);
        norm(s, p + ".norm2", out);
        conv(s, p + ".conv2", out, out, 3);
        if (in != out) {
            conv(s, p + ".conv_shortcut", out, in, 1);
        }
    }

    private static void attention(List<ParamSpec> s, String p, int c) {
        norm(s, p + ".group_norm", c);
        linear(s, p + ".to_q", c, c);
        linear(s, p + ".to_k", c, c);
        linear(s, p + ".to_v", c, c);
        linear(s, p + ".to_out.0", c, c);
    }

    /**
     * Floating-point operations of one forward pass per image at {@code h x w}: the convolutions,
     * the attention projections and the attention's two matrix products (2 per multiply-add);
     * norms, activations and the time embedding, a few percent, are left out. An input VJP costs
     * about twice this again. For cost estimates before a long job, not for benchmarks.
     */
    public static double flopsPerImage(UNetConfig c, int h, int w) {
        int levels = c.blockOutChannels().size();
        double flops = 0;
        for (ParamSpec p : specs(c)) {
            int[] s = p.torchShape();
            if (!p.name().endsWith(".weight") || s.length < 2) {
                continue;
            }
            boolean attention = p.name().contains(".attentions.");
            if (!p.conv() && !attention) {
                continue;
            }
            double pixels = (double) h * w / Math.pow(4, level(p.name(), levels));
            double macs = s.length == 4 ? (double) s[0] * s[1] * s[2] * s[3] : (double) s[0] * s[1];
            flops += 2 * macs * pixels;
            if (p.name().endsWith(".to_q.weight")) {
                flops += 2 * 2 * pixels * pixels * s[0];
            }
        }
        return flops;
    }

    /**
     * The largest single tensor one forward pass makes at batch {@code n} and {@code h x w}: the
     * widest activation, or an attention layer's score matrix, quadratic in its pixels (a
     * 4096-pixel-square input to a model with attention at half size would need 64 TB for it).
     * Checked before every call, so an absurd size is refused in a sentence instead of running
     * out of memory or for days.
     */
    public static long largestTensorBytes(UNetConfig c, int n, int h, int w) {
        double largest = 0;
        List<Integer> channels = c.blockOutChannels();
        for (int level = 0; level < channels.size(); level++) {
            double pixels = (double) h * w / Math.pow(4, level);
            // Up blocks concatenate a skip connection: up to twice the widest channel count.
            largest = Math.max(largest, pixels * 2 * Math.max(channels.get(level), channels.get(Math.min(level + 1, channels.size() - 1))));
            boolean attention = c.downBlockTypes().get(level).equals("AttnDownBlock2D")
                    || c.upBlockTypes().get(channels.size() - 1 - level).equals("AttnUpBlock2D")
                    || (level == channels.size() - 1 && c.addAttention());
            if (attention) {
                int heads = c.attentionHeadDim() == null ? 1 : Math.max(1, channels.get(level) / c.attentionHeadDim());
                largest = Math.max(largest, pixels * pixels * heads);
            }
        }
        double bytes = largest * Float.BYTES * n;
        return bytes >= Long.MAX_VALUE ? -1 : (long) bytes;
    }

    /** Refuses, naming the input and the memory it needs, a call whose largest tensor would not fit in memory. */
    public void requireAffordable(int n, int h, int w) {
        NativeMemory.requireAffordable(largestTensorBytes(config, n, h, w),
                "one model call on " + java.util.Arrays.toString(new int[] {n, h, w, config.inChannels()}));
    }

    /** The resolution level (0 = full size) a parameter's layer runs at, from its name. */
    private static int level(String name, int levels) {
        String[] parts = name.split("\\.");
        if (parts[0].equals("mid_block")) {
            return levels - 1;
        }
        if (parts[0].equals("down_blocks")) {
            int i = Integer.parseInt(parts[1]);
            return parts[2].equals("downsamplers") ? i + 1 : i;
        }
        if (parts[0].equals("up_blocks")) {
            int i = levels - 1 - Integer.parseInt(parts[1]);
            return parts[2].equals("upsamplers") ? i - 1 : i;
        }
        return 0;
    }

    // ---- forward -----------------------------------------------------------------------------

    /**
     * Predicts the noise: x [N, H, W, in_channels] (NHWC), t [N] real-valued times; returns
     * [N, H, W, out_channels]. Records on the tape when it records.
     */
    public Var forward(Tape t, Var x, Var time) {
        UNetConfig c = config;
        if (x.value().rank() != 4 || x.dim(3) != c.inChannels() || time.value().rank() != 1 || time.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException("UNet input " + x.value() + " (expected [N, H, W, " + c.inChannels()
                    + "]) with times " + time.value() + " (expected [N])");
        }
        int levels = c.blockOutChannels().size() - 1;
        if (x.dim(1) % (1 << levels) != 0 || x.dim(2) % (1 << levels) != 0) {
            throw new IllegalArgumentException("UNet input " + x.value() + ": H and W must be multiples of " + (1 << levels));
        }
        requireAffordable(x.dim(0), x.dim(1), x.dim(2));
        if (c.centerInputSample()) {
            Tensor minusOne = t.alloc(1, 1, 1, 1);
            minusOne.set(0, -1f);
            x = t.add(t.scale(x, 2f), t.constant(minusOne));
        }
        Var emb = t.timestepEmbedding(time, c.blockOutChannels().getFirst(), c.flipSinToCos(), c.freqShift(), 10000);
        emb = t.linear(emb, p(t, "time_embedding.linear_1.weight"), p(t, "time_embedding.linear_1.bias"));
        emb = t.linear(t.silu(emb), p(t, "time_embedding.linear_2.weight"), p(t, "time_embedding.linear_2.bias"));
        // Every resnet applies SiLU to the embedding first; computing it once is the same math.
        Var embAct = t.silu(emb);

        Var h = conv(t, "conv_in", x, Conv2d.of(1, 1));
        List<Var> skips = new ArrayList<>();
        skips.add(h);
        List<Integer> boc = c.blockOutChannels();
        for (int i = 0; i < boc.size(); i++) {
            String p = "down_blocks." + i + ".";
            boolean attn = c.downBlockTypes().get(i).equals("AttnDownBlock2D");
            for (int j = 0; j < c.layersPerBlock(); j++) {
                h = resnet(t, p + "resnets." + j, h, embAct, 1f);
                if (attn) {
                    h = attention(t, p + "attentions." + j, h, 1f);
                }
                skips.add(h);
            }
            if (i < boc.size() - 1) {
                Conv2d down = c.downsamplePadding() == 0 ? new Conv2d(2, 2, 0, 1, 0, 1) : Conv2d.of(2, 1);
                h = conv(t, p + "downsamplers.0.conv", h, down);
                skips.add(h);
            }
        }
        h = resnet(t, "mid_block.resnets.0", h, embAct, c.midBlockScaleFactor());
        if (c.addAttention()) {
            h = attention(t, "mid_block.attentions.0", h, c.midBlockScaleFactor());
        }
        h = resnet(t, "mid_block.resnets.1", h, embAct, c.midBlockScaleFactor());
        for (int i = 0; i < boc.size(); i++) {
            String p = "up_blocks." + i + ".";
            boolean attn = c.upBlockTypes().get(i).equals("AttnUpBlock2D");
            for (int j = 0; j < c.layersPerBlock() + 1; j++) {
                Var skip = skips.removeLast();
                h = resnet(t, p + "resnets." + j, t.concat(h, skip), embAct, 1f);
                if (attn) {
                    h = attention(t, p + "attentions." + j, h, 1f);
                }
            }
            if (i < boc.size() - 1) {
                h = upsampler(t, p + "upsamplers.0.conv", h);
            }
        }
        h = groupNormSilu(t, "conv_norm_out", h);
        return conv(t, "conv_out", h, Conv2d.of(1, 1));
    }

    private Var p(Tape t, String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalStateException("model has no parameter " + name);
        }
        return t.param(p);
    }

    private Var conv(Tape t, String name, Var x, Conv2d spec) {
        return t.conv2d(x, p(t, name + ".weight"), p(t, name + ".bias"), spec);
    }

    /**
     * Upsample2D in sub-pixel form. Frozen weights use the phase weights built at load (read-only,
     * so a backend keeps them in its layout too); trainable ones rebuild them on the tape.
     */
    private Var upsampler(Tape t, String name, Var x) {
        Tensor frozen = phaseWeights.get(name + ".weight");
        Param w = params.get(name + ".weight");
        Var phases = frozen != null && w.grad() == null ? t.constant(frozen) : t.subPixelWeights(p(t, name + ".weight"));
        return t.upsampleConv(x, phases, p(t, name + ".bias"));
    }

    /** Every norm layer's group count and epsilon, from the config. */
    private GroupNorm norm() {
        return new GroupNorm(config.normNumGroups(), config.normEps());
    }

    private Var groupNorm(Tape t, String name, Var x) {
        return t.groupNorm(x, p(t, name + ".weight"), p(t, name + ".bias"), norm());
    }

    private Var groupNormSilu(Tape t, String name, Var x) {
        return t.groupNormSilu(x, p(t, name + ".weight"), p(t, name + ".bias"), norm());
    }

    private Var resnet(Tape t, String p, Var x, Var embAct, float outputScale) {
        Var h = conv(t, p + ".conv1", groupNormSilu(t, p + ".norm1", x), Conv2d.of(1, 1));
        // The time embedding's projection is added to h inside the group norm that follows.
        Var proj = t.linear(embAct, p(t, p + ".time_emb_proj.weight"), p(t, p + ".time_emb_proj.bias"));
        Var act = t.groupNormSilu(h, proj, p(t, p + ".norm2.weight"), p(t, p + ".norm2.bias"), norm());
        h = conv(t, p + ".conv2", act, Conv2d.of(1, 1));
        Var shortcut = params.containsKey(p + ".conv_shortcut.weight") ? conv(t, p + ".conv_shortcut", x, Conv2d.of(1, 0)) : x;
        Var out = t.add(shortcut, h);
        return outputScale == 1f ? out : t.scale(out, 1f / outputScale);
    }

    private Var attention(Tape t, String p, Var x, float rescale) {
        int n = x.dim(0), hh = x.dim(1), ww = x.dim(2), ch = x.dim(3);
        int heads = config.heads(ch), d = ch / heads;
        Var tokens = t.reshape(groupNorm(t, p + ".group_norm", x), n, hh * ww, ch);
        Var q = t.linear(tokens, p(t, p + ".to_q.weight"), p(t, p + ".to_q.bias"));
        Var k = t.linear(tokens, p(t, p + ".to_k.weight"), p(t, p + ".to_k.bias"));
        Var v = t.linear(tokens, p(t, p + ".to_v.weight"), p(t, p + ".to_v.bias"));
        if (heads > 1) {
            q = t.splitHeads(q, heads);
            k = t.splitHeads(k, heads);
            v = t.splitHeads(v, heads);
        }
        Var a = t.softmax(t.scale(t.matmul(q, false, k, true), (float) (1 / Math.sqrt(d))));
        Var o = t.matmul(a, false, v, false);
        if (heads > 1) {
            o = t.mergeHeads(o, heads);
        }
        o = t.linear(o, p(t, p + ".to_out.0.weight"), p(t, p + ".to_out.0.bias"));
        Var out = t.add(t.reshape(o, n, hh, ww, ch), x);
        return rescale == 1f ? out : t.scale(out, 1f / rescale);
    }

    // ---- creation, loading, saving -----------------------------------------------------------

    /**
     * A model with PyTorch's default initialisation (weights and biases uniform in
     * ±1/sqrt(fan_in), group norms 1 and 0), for training from scratch and for tests.
     */
    public static UNet2DModel random(UNetConfig config, long seed) {
        TensorArena arena = new TensorArena();
        Random r = new Random(seed);
        Map<String, Param> params = new LinkedHashMap<>();
        int[] fanIn = {1};
        for (ParamSpec s : specs(config)) {
            boolean isNorm = s.name().contains("norm") && s.torchShape().length == 1;
            if (s.name().endsWith(".weight") && !isNorm) {
                fanIn[0] = 1;
                for (int k = 1; k < s.torchShape().length; k++) {
                    fanIn[0] *= s.torchShape()[k];
                }
            }
            Tensor v = arena.zeros(ourShape(s));
            if (isNorm) {
                v.fill(s.name().endsWith(".weight") ? 1f : 0f);
            } else {
                float bound = (float) (1 / Math.sqrt(fanIn[0]));
                for (long i = 0; i < v.size(); i++) {
                    v.set(i, (r.nextFloat() * 2 - 1) * bound);
                }
            }
            params.put(s.name(), new Param(s.name(), v));
        }
        return new UNet2DModel(config, params, arena, null);
    }

    /**
     * Loads a diffusers folder: {@code config.json} and {@code diffusion_pytorch_model.safetensors},
     * or, where a folder has only that, the PyTorch checkpoint {@code diffusion_pytorch_model.bin}
     * (as the 256-pixel DDPMs are published).
     */
    public static UNet2DModel load(Path dir) throws IOException {
        Path cfgFile = dir.resolve(CONFIG), weights = dir.resolve(WEIGHTS);
        requireFolder(dir);
        if (!Files.isRegularFile(weights)) {
            weights = dir.resolve(TORCH_WEIGHTS);
        }
        if (!Files.isRegularFile(weights)) {
            throw new IOException(dir + " has neither " + WEIGHTS + " nor " + TORCH_WEIGHTS);
        }
        UNetConfig config = UNetConfig.read(cfgFile);
        WeightFile st = WeightFile.open(weights);
        TensorArena arena = new TensorArena();
        try {
            Map<String, String> byCanonical = new LinkedHashMap<>();
            for (String name : st.names()) {
                String canonical = canonicalName(name);
                if (byCanonical.put(canonical, name) != null) {
                    throw new IOException(weights + ": both " + name + " and another spelling of " + canonical + " are present");
                }
            }
            List<ParamSpec> specs = specs(config);
            TreeSet<String> missing = new TreeSet<>();
            TreeSet<String> unexpected = new TreeSet<>(byCanonical.keySet());
            List<String> badShapes = new ArrayList<>();
            for (ParamSpec s : specs) {
                String file = byCanonical.get(s.name());
                unexpected.remove(s.name());
                if (file == null) {
                    missing.add(s.name());
                } else if (!Arrays.equals(st.shape(file), s.torchShape())) {
                    badShapes.add(file + " " + Arrays.toString(st.shape(file)) + " (config implies " + Arrays.toString(s.torchShape()) + ")");
                }
            }
            if (!missing.isEmpty() || !unexpected.isEmpty() || !badShapes.isEmpty()) {
                throw new IOException(weights + " does not match " + cfgFile.getFileName() + ":"
                        + (missing.isEmpty() ? "" : "\n  missing: " + String.join(", ", missing))
                        + (unexpected.isEmpty() ? "" : "\n  unexpected: " + String.join(", ", unexpected))
                        + (badShapes.isEmpty() ? "" : "\n  wrong shapes: " + String.join(", ", badShapes)));
            }
            Map<String, Param> params = new LinkedHashMap<>();
            for (ParamSpec s : specs) {
                Tensor src = st.tensor(byCanonical.get(s.name()));
                requireFinite(src, weights, byCanonical.get(s.name()));
                Tensor v = src;
                if (s.conv()) {
                    Tensor hwio = arena.zeros(ourShape(s));
                    oihwToHwio(src, hwio);
                    // Read-only like the file's weights, so backends may keep derived forms (Backend).
                    v = hwio.readOnly();
                }
                params.put(s.name(), new Param(s.name(), v));
            }
            return new UNet2DModel(config, params, arena, st);
        } catch (IOException | RuntimeException e) {
            arena.close();
            st.close();
            throw e;
        }
    }

    /**
     * Refuses a folder without {@code config.json}, suggesting the {@code unet/} subfolder when
     * {@code dir} is a whole diffusers pipeline (as google/ddpm-cifar10-32 is published).
     */
    public static void requireFolder(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(CONFIG))) {
            return;
        }
        if (Files.isRegularFile(dir.resolve("unet").resolve(CONFIG))) {
            throw new IOException(dir + " is a diffusers pipeline, not a model folder: give its unet/ subfolder, "
                    + dir.resolve("unet"));
        }
        throw new IOException(dir + " is not a diffusers model folder: no " + CONFIG);
    }

    /** A weight with a NaN or infinite value would make every sample NaN: refused, naming it. */
    private static void requireFinite(Tensor t, Path file, String name) throws IOException {
        for (long i = 0, n = t.size(); i < n; i++) {
            float v = t.get(i);
            if (!Float.isFinite(v)) {
                throw new IOException(file + ": weight " + name + " holds " + v + " at element " + i
                        + " (a damaged or mis-saved file; every sample would be NaN)");
            }
        }
    }

    /**
     * A copy whose weights live in memory of its own, writable: a loaded model's weights are
     * read-only views of its file, so training from loaded weights starts from this.
     */
    public UNet2DModel writableCopy() {
        TensorArena arena = new TensorArena();
        Map<String, Param> copy = new LinkedHashMap<>();
        for (Param p : params.values()) {
            Tensor v = arena.empty(p.value().shape());
            v.copyFrom(p.value());
            copy.put(p.name(), new Param(p.name(), v));
        }
        return new UNet2DModel(config, copy, arena, null);
    }

    /** Writes this model as a diffusers folder (current attention names, PyTorch layouts). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (TensorArena tmp = new TensorArena()) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (ParamSpec s : specs(config)) {
                Tensor v = params.get(s.name()).value();
                if (s.conv()) {
                    Tensor t = tmp.zeros(s.torchShape());
                    hwioToOihw(v, t);
                    v = t;
                }
                out.put(s.name(), v);
            }
            SafeTensors.write(dir.resolve(WEIGHTS), out, Map.of("format", "pt"));
        }
        org.ddss.io.AtomicFile.write(dir.resolve(CONFIG), tmp -> Files.writeString(tmp, config.toJson(), StandardCharsets.UTF_8));
    }

    /** Maps the legacy attention names of old DDPM conversions to the current ones. */
    static String canonicalName(String name) {
        return name.replace(".query.", ".to_q.").replace(".key.", ".to_k.").replace(".value.", ".to_v.")
                .replace(".proj_attn.", ".to_out.0.");
    }

    private static int[] ourShape(ParamSpec s) {
        int[] t = s.torchShape();
        return s.conv() ? new int[] {t[2], t[3], t[1], t[0]} : t;
    }

    /** PyTorch [O, I, KH, KW] to our [KH, KW, I, O]. */
    static void oihwToHwio(Tensor src, Tensor dst) {
        int o = src.dim(0), in = src.dim(1), kh = src.dim(2), kw = src.dim(3);
        for (int a = 0; a < o; a++) {
            for (int b = 0; b < in; b++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        dst.set((((long) y * kw + x) * in + b) * o + a, src.get((((long) a * in + b) * kh + y) * kw + x));
                    }
                }
            }
        }
    }

    /** Our [KH, KW, I, O] to PyTorch [O, I, KH, KW]. */
    static void hwioToOihw(Tensor src, Tensor dst) {
        int kh = src.dim(0), kw = src.dim(1), in = src.dim(2), o = src.dim(3);
        for (int a = 0; a < o; a++) {
            for (int b = 0; b < in; b++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        dst.set((((long) a * in + b) * kh + y) * kw + x, src.get((((long) y * kw + x) * in + b) * o + a));
                    }
                }
            }
        }
    }

    /** Releases the weights (the arena and the file's bytes). */
    @Override
    public void close() {
        arena.close();
        if (source != null) {
            source.close();
        }
    }
}
