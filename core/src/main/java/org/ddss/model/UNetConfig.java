package org.ddss.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.io.Json;

/**
 * The configuration of a diffusers {@code UNet2DModel} of the DDPM family, as read from its
 * {@code config.json}. Missing keys take diffusers' own defaults ({@code unet_2d.py}), which
 * differ from the values of the published DDPM checkpoints; unsupported values are rejected
 * naming the key.
 *
 * @param sampleSize       the sample height; 0 when the file does not give one (diffusers' default is None)
 * @param sampleWidth      the sample width: {@code sample_size} is one number for square samples, or
 *                         {@code [height, width]}
 * @param attentionHeadDim null in the file means one head spanning all channels
 * @param actFn            {@code silu} or {@code swish}, the same function in diffusers
 * @param dropout          the training dropout rate, inactive when sampling
 */
public record UNetConfig(
        int sampleSize, int sampleWidth, int inChannels, int outChannels, boolean centerInputSample,
        String timeEmbeddingType, boolean flipSinToCos, float freqShift,
        List<String> downBlockTypes, List<String> upBlockTypes, List<Integer> blockOutChannels,
        int layersPerBlock, float midBlockScaleFactor, int downsamplePadding, String actFn,
        Integer attentionHeadDim, int normNumGroups, float normEps, String resnetTimeScaleShift,
        boolean addAttention, float dropout) {

    static final List<String> DOWN = List.of("DownBlock2D", "AttnDownBlock2D");
    static final List<String> UP = List.of("UpBlock2D", "AttnUpBlock2D");

    /** Validates the combination; throws naming what is unsupported or inconsistent. */
    public UNetConfig {
        downBlockTypes = List.copyOf(downBlockTypes);
        upBlockTypes = List.copyOf(upBlockTypes);
        blockOutChannels = List.copyOf(blockOutChannels);
        // Ranges first, so that nothing below divides by zero, loops without end or allocates without bound.
        range("norm_num_groups", normNumGroups, 1, MAX_CHANNELS);
        if (attentionHeadDim != null) {
            range("attention_head_dim", attentionHeadDim, 1, MAX_CHANNELS);
        }
        range("layers_per_block", layersPerBlock, 1, MAX_LAYERS);
        range("in_channels", inChannels, 1, MAX_CHANNELS);
        range("out_channels", outChannels, 1, MAX_CHANNELS);
        if (blockOutChannels.isEmpty() || blockOutChannels.size() > MAX_LEVELS) {
            throw new IllegalArgumentException("config: block_out_channels " + blockOutChannels + " must list 1 to " + MAX_LEVELS
                    + " levels");
        }
        for (int c : blockOutChannels) {
            range("block_out_channels", c, 1, MAX_CHANNELS);
        }
        if (!(normEps > 0 && normEps < 1)) {
            throw new IllegalArgumentException("config: norm_eps = " + normEps + " must be a number in (0, 1)");
        }
        if (!(midBlockScaleFactor > 0) || !Float.isFinite(midBlockScaleFactor) || !Float.isFinite(freqShift)) {
            throw new IllegalArgumentException("config: mid_block_scale_factor = " + midBlockScaleFactor + " must be a positive "
                    + "number, and freq_shift = " + freqShift + " finite");
        }
        int factor = 1 << (blockOutChannels.size() - 1);
        if (sampleSize > MAX_SIDE || sampleWidth > MAX_SIDE || sampleSize % factor != 0 || sampleWidth % factor != 0) {
            throw new IllegalArgumentException("config: sample_size " + sampleSize + "x" + sampleWidth + " must be at most "
                    + MAX_SIDE + " and a multiple of " + factor + " (the model halves it " + (blockOutChannels.size() - 1)
                    + " times)");
        }
        require(timeEmbeddingType.equals("positional"), "time_embedding_type", timeEmbeddingType, "positional");
        require(actFn.equals("silu") || actFn.equals("swish"), "act_fn", actFn, "silu, swish");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("config: dropout = " + dropout + " must be in [0, 1)");
        }
        require(resnetTimeScaleShift.equals("default"), "resnet_time_scale_shift", resnetTimeScaleShift, "default");
        for (String t : downBlockTypes) {
            require(DOWN.contains(t), "down_block_types", t, String.join(", ", DOWN));
        }
        for (String t : upBlockTypes) {
            require(UP.contains(t), "up_block_types", t, String.join(", ", UP));
        }
        if (downBlockTypes.size() != blockOutChannels.size() || upBlockTypes.size() != blockOutChannels.size()) {
            throw new IllegalArgumentException("config: down_block_types (" + downBlockTypes.size() + "), up_block_types ("
                    + upBlockTypes.size() + ") and block_out_channels (" + blockOutChannels.size() + ") must have equal lengths");
        }
        for (int c : blockOutChannels) {
            if (c <= 0 || c % normNumGroups != 0) {
                throw new IllegalArgumentException("config: block_out_channels " + blockOutChannels
                        + " must be positive multiples of norm_num_groups " + normNumGroups);
            }
            if (attentionHeadDim != null && c % attentionHeadDim != 0) {
                throw new IllegalArgumentException("config: block_out_channels " + blockOutChannels
                        + " must be multiples of attention_head_dim " + attentionHeadDim);
            }
        }
        if ((sampleSize == 0) != (sampleWidth == 0) || sampleSize < 0 || sampleWidth < 0) {
            throw new IllegalArgumentException("config: sample_size " + sampleSize + "x" + sampleWidth
                    + " must be positive in both dimensions, or absent");
        }
        if (layersPerBlock < 1 || inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("config: layers_per_block, in_channels and out_channels must be positive");
        }
        if (downsamplePadding < 0 || downsamplePadding > 1) {
            throw new IllegalArgumentException("config: downsample_padding " + downsamplePadding + " is not supported (0 or 1)");
        }
    }

    /** Bounds far beyond any published UNet2DModel (the 256-pixel DDPMs: 6 levels, 512 channels, 2 layers per block). */
    static final int MAX_CHANNELS = 1 << 14, MAX_LAYERS = 64, MAX_LEVELS = 10, MAX_SIDE = 1 << 13;

    private static void range(String key, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("config: " + key + " = " + v + " must be in [" + min + ", " + max + "]");
        }
    }

    private static void require(boolean ok, String key, Object value, String supported) {
        if (!ok) {
            throw new IllegalArgumentException("config: " + key + " = \"" + value + "\" is not supported (supported: " + supported + ")");
        }
    }

    /** Keys we read; others that change the architecture are rejected unless at their default. */
    private static final Map<String, Object> ARCHITECTURE_DEFAULTS = Map.of(
            "mid_block_type", "UNetMidBlock2D",
            "downsample_type", "conv",
            "upsample_type", "conv",
            "class_embed_type", Json.NULL,
            "num_class_embeds", Json.NULL,
            "time_embedding_dim", Json.NULL,
            "attn_norm_num_groups", Json.NULL);

    /** Reads and parses a {@code config.json} file; a bad one is an IOException naming the file. */
    public static UNetConfig read(Path file) throws IOException {
        return readFile(file, UNetConfig::parse);
    }

    /**
     * Reads a config file and parses it with {@code parse}; an unreadable file or an
     * IllegalArgumentException from {@code parse} becomes an IOException naming the file.
     */
    static <T> T readFile(Path file, java.util.function.Function<String, T> parse) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e, e);
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON object a config file's text holds; anything else is an IllegalArgumentException naming {@code what}. */
    static Map<?, ?> jsonObject(String json, String what) {
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.ParseException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(what + " is not a JSON object");
        }
        return m;
    }

    /** Parses a {@code config.json} text, applying diffusers' defaults for missing keys. */
    public static UNetConfig parse(String json) {
        Map<?, ?> m = jsonObject(json, "config.json");
        Object cls = m.get("_class_name");
        if (cls != null && !"UNet2DModel".equals(cls)) {
            throw new IllegalArgumentException("config.json describes a " + cls + ", not a UNet2DModel");
        }
        for (Map.Entry<String, Object> e : ARCHITECTURE_DEFAULTS.entrySet()) {
            Object v = m.get(e.getKey());
            if (v != null && !v.equals(e.getValue()) && v != e.getValue()) {
                throw new IllegalArgumentException("config: " + e.getKey() + " = " + v + " is not supported (only "
                        + e.getValue() + ")");
            }
        }
        Object headDim = m.containsKey("attention_head_dim") ? m.get("attention_head_dim") : BigDecimal.valueOf(8);
        int[] size = sampleSize(m.get("sample_size"));
        return new UNetConfig(
                size[0],
                size[1],
                integer(m, "in_channels", 3),
                integer(m, "out_channels", 3),
                bool(m, "center_input_sample", false),
                string(m, "time_embedding_type", "positional"),
                bool(m, "flip_sin_to_cos", true),
                number(m, "freq_shift", 0f),
                strings(m, "down_block_types", List.of("DownBlock2D", "AttnDownBlock2D", "AttnDownBlock2D", "AttnDownBlock2D")),
                strings(m, "up_block_types", List.of("AttnUpBlock2D", "AttnUpBlock2D", "AttnUpBlock2D", "UpBlock2D")),
                integers(m, "block_out_channels", List.of(224, 448, 672, 896)),
                integer(m, "layers_per_block", 2),
                number(m, "mid_block_scale_factor", 1f),
                integer(m, "downsample_padding", 1),
                string(m, "act_fn", "silu"),
                headDim == Json.NULL ? null : toInt("attention_head_dim", headDim),
                integer(m, "norm_num_groups", 32),
                number(m, "norm_eps", 1e-5f),
                string(m, "resnet_time_scale_shift", "default"),
                bool(m, "add_attention", true),
                number(m, "dropout", 0f));
    }

    /** What a reader should know of options that change nothing when sampling, a line each. */
    public List<String> notes() {
        List<String> notes = new java.util.ArrayList<>();
        if (actFn.equals("swish")) {
            notes.add("act_fn swish is SiLU (diffusers maps both names to the same function)");
        }
        if (dropout > 0) {
            notes.add("dropout " + dropout + " was for training; sampling runs without it");
        }
        return notes;
    }

    /** This configuration as diffusers writes it (sorted keys, 2-space indent). */
    public String toJson() {
        Map<String, Object> m = new java.util.TreeMap<>();
        m.put("_class_name", "UNet2DModel");
        m.put("act_fn", actFn);
        m.put("add_attention", addAttention);
        m.put("attention_head_dim", attentionHeadDim == null ? Json.NULL : attentionHeadDim);
        m.put("block_out_channels", blockOutChannels);
        m.put("center_input_sample", centerInputSample);
        m.put("down_block_types", downBlockTypes);
        if (dropout > 0) {
            // Left out at 0, so configs without it keep their text (and models their fingerprint).
            m.put("dropout", dropout);
        }
        m.put("downsample_padding", downsamplePadding);
        m.put("flip_sin_to_cos", flipSinToCos);
        m.put("freq_shift", freqShift);
        m.put("in_channels", inChannels);
        m.put("layers_per_block", layersPerBlock);
        m.put("mid_block_scale_factor", midBlockScaleFactor);
        m.put("norm_eps", normEps);
        m.put("norm_num_groups", normNumGroups);
        m.put("out_channels", outChannels);
        m.put("resnet_time_scale_shift", resnetTimeScaleShift);
        m.put("sample_size", sampleSize == 0 ? Json.NULL
                : sampleSize == sampleWidth ? (Object) sampleSize : List.of(sampleSize, sampleWidth));
        m.put("time_embedding_type", timeEmbeddingType);
        m.put("up_block_types", upBlockTypes);
        return Json.write(new LinkedHashMap<>(m)) + "\n";
    }

    /** Channels of the time embedding: 4 x block_out_channels[0]. */
    public int timeEmbedDim() {
        return 4 * blockOutChannels.getFirst();
    }

    /** Attention heads at a block of {@code channels} channels. */
    public int heads(int channels) {
        return attentionHeadDim == null ? 1 : channels / attentionHeadDim;
    }

    /** {@code sample_size}: absent, one number (square), or {@code [height, width]}, as diffusers accepts it. */
    private static int[] sampleSize(Object v) {
        if (v == null || v == Json.NULL) {
            return new int[] {0, 0};
        }
        if (v instanceof List<?> l) {
            if (l.size() != 2) {
                throw new IllegalArgumentException("config: sample_size " + l + " must be one number or [height, width]");
            }
            return new int[] {toInt("sample_size", l.get(0)), toInt("sample_size", l.get(1))};
        }
        int s = toInt("sample_size", v);
        return new int[] {s, s};
    }

    static int integer(Map<?, ?> m, String key, Integer dflt) {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            if (dflt == null) {
                throw new IllegalArgumentException("config: " + key + " is required");
            }
            return dflt;
        }
        return toInt(key, v);
    }

    private static int toInt(String key, Object v) {
        try {
            return ((BigDecimal) v).intValueExact();
        } catch (ClassCastException | ArithmeticException e) {
            throw new IllegalArgumentException("config: " + key + " = " + v + " is not an integer");
        }
    }

    private static float number(Map<?, ?> m, String key, float dflt) {
        BigDecimal d = decimal(m, key);
        return d == null ? dflt : d.floatValue();
    }

    static double real(Map<?, ?> m, String key, double dflt) {
        BigDecimal d = decimal(m, key);
        return d == null ? dflt : d.doubleValue();
    }

    private static BigDecimal decimal(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v != null && !(v instanceof BigDecimal)) {
            throw new IllegalArgumentException("config: " + key + " = " + v + " is not a number");
        }
        return (BigDecimal) v;
    }

    private static boolean bool(Map<?, ?> m, String key, boolean dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("config: " + key + " = " + v + " is not a boolean");
        }
        return b;
    }

    static String string(Map<?, ?> m, String key, String dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("config: " + key + " = " + v + " is not a string");
        }
        return s;
    }

    private static List<String> strings(Map<?, ?> m, String key, List<String> dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("config: " + key + " holds " + o + ", not a string");
                }
                out.add(s);
            }
            return out;
        }
        throw new IllegalArgumentException("config: " + key + " = " + v + " is not a list");
    }

    private static List<Integer> integers(Map<?, ?> m, String key, List<Integer> dflt) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        List<Integer> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(toInt(key, o));
            }
            return out;
        }
        throw new IllegalArgumentException("config: " + key + " = " + v + " is not a list");
    }
}
