package org.ddss.search;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.diffusion.NoisePredictor;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.NoiseSource;
import org.ddss.diffusion.Sampler;
import org.ddss.io.AtomicFile;
import org.ddss.io.Json;
import org.ddss.tensor.Tensor;

/**
 * A sampler found by a search: a point of a {@link SearchSpace}, bound to the model it was
 * searched for by that model's fingerprint. Its file is a small JSON document (format
 * {@code ddss-sampler}, version 1; {@code docs/sampler-format.md}) holding the family, K, the
 * schedule, the free parameters (what loading rebuilds the sampler from), and for readers the
 * times, the rounded integer timesteps that diffusers' {@code set_timesteps(timesteps=...)}
 * takes, the noise levels as ComfyUI's {@code SIGMAS}, and every coefficient. With
 * {@code clip}, every data prediction of the chain is clipped to [-1, 1] (see {@link Chain}).
 */
public final class LearnedSampler implements Sampler {
    /** The value of the file's {@code format} field. */
    public static final String FORMAT = "ddss-sampler";
    public static final int VERSION = 1;
    /**
     * The largest parameter magnitude accepted. Searched parameters stay within a few units (the
     * time logits and the coefficients' offsets); far larger ones come from a damaged or
     * hand-edited file and would give infinite or NaN samples.
     */
    public static final double MAX_PARAMETER = 100;

    private final SearchSpace space;
    private final double[] theta;
    private final Steps steps;
    private final boolean clip;
    private final String model;
    private final Map<String, Object> search;

    /**
     * The sampler at parameters {@code theta} of {@code space}, for the model with fingerprint
     * {@code model}; {@code search} holds facts about the search that made it (or is empty).
     */
    public LearnedSampler(SearchSpace space, double[] theta, boolean clip, String model, Map<String, Object> search) {
        List<String> names = space.parameterNames();
        if (theta.length != names.size()) {
            throw new IllegalArgumentException(space.name() + " has " + names.size() + " parameters, the file gives " + theta.length);
        }
        for (int i = 0; i < theta.length; i++) {
            if (!(Math.abs(theta[i]) <= MAX_PARAMETER)) {
                throw new IllegalArgumentException("parameter " + i + " (" + names.get(i) + ") is " + theta[i]
                        + "; parameters lie within +-" + MAX_PARAMETER + " (searched ones stay within a few units)");
            }
        }
        this.space = space;
        this.theta = theta.clone();
        this.steps = space.steps(theta);
        this.clip = clip;
        this.model = model;
        this.search = new LinkedHashMap<>(search);
        requireFinite(steps.tau(), "time");
        requireFinite(steps.m(), "m");
        requireFinite(steps.s(), "s");
        requireFinite(steps.c(), "c");
        for (double[] row : steps.a()) {
            requireFinite(row, "a");
        }
        for (double[] row : steps.b()) {
            requireFinite(row, "b");
        }
    }

    private void requireFinite(double[] values, String what) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(space.name() + ": the parameters give a non-finite " + what);
            }
        }
    }

    public SearchSpace space() {
        return space;
    }

    public double[] parameters() {
        return theta.clone();
    }

    /** The chain's numbers (a copy). */
    public Steps steps() {
        return space.steps(theta);
    }

    /** Whether every data prediction is clipped to [-1, 1]. */
    public boolean clip() {
        return clip;
    }

    /** Facts about the search that made it (start, steps, batch, kept step, ...), as its file records them. */
    public Map<String, Object> search() {
        return java.util.Collections.unmodifiableMap(search);
    }

    /** The noise level of each call as a VE sigma, {@code sigma_t / alpha_t} (ComfyUI's {@code SIGMAS}, less the final 0). */
    public double[] sigmas() {
        double[] out = new double[steps.k()];
        for (int i = 0; i < out.length; i++) {
            out[i] = space.schedule().veSigma(steps.tau()[i]);
        }
        return out;
    }

    /** The fingerprint of the model this sampler was searched for. */
    public String model() {
        return model;
    }

    /** {@code ddss} and the space's name, and the search's start when it was not DDIM ({@code ... from dpmpp2m}). */
    @Override
    public String name() {
        Object init = search.get("init");
        return "ddss " + space.name() + (init == null || Init.DDIM.id().equals(init) ? "" : " from " + init);
    }

    @Override
    public double[] times() {
        return steps.tau().clone();
    }

    /** The times rounded to integers, as diffusers' {@code set_timesteps(timesteps=...)} takes them. */
    public int[] integerTimesteps() {
        int[] t = new int[steps.k()];
        for (int i = 0; i < t.length; i++) {
            t[i] = (int) Math.round(steps.tau()[i]);
        }
        return t;
    }

    @Override
    public int sample(NoisePredictor predictor, NoiseSource noise, Tensor out) {
        int[] shape = out.shape();
        try (Chain chain = new Chain(steps, Chain.Activations.NONE, clip)) {
            out.copyFrom(chain.forward(predictor, noise, java.util.Arrays.copyOfRange(shape, 1, shape.length), false));
        }
        return steps.k();
    }

    /**
     * Fails unless this sampler was searched for the model with {@code fingerprint}; a sampler's
     * coefficients are fitted to one model's errors, so another model is refused unless forced.
     */
    public void requireModel(String fingerprint, boolean force) {
        if (!force && !model.equals(fingerprint)) {
            throw new ModelMismatchException("this sampler was searched for model " + model + ", not for " + fingerprint);
        }
    }

    /** A sampler file used with a model other than the one it was searched for (callers name their way to force it). */
    public static final class ModelMismatchException extends IllegalArgumentException {
        ModelMismatchException(String message) {
            super(message);
        }
    }

    // ---- file ----------------------------------------------------------------------------

    /** The JSON document. */
    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", FORMAT);
        doc.put("version", VERSION);
        doc.put("family", space.family().id());
        doc.put("steps", space.k());
        doc.put("learned_times", space.learnTimes());
        if (!space.startsTrailing()) {
            doc.put("start_times", list(space.startTimes()));
        }
        doc.put("conversion", space.conversion().id());
        doc.put("schedule", space.schedule().toString());
        doc.put("clip", clip);
        doc.put("model", model);
        doc.put("parameters", list(theta));
        doc.put("parameter_names", space.parameterNames());
        doc.put("times", list(steps.tau()));
        List<Object> ints = new ArrayList<>();
        for (int t : integerTimesteps()) {
            ints.add(t);
        }
        doc.put("diffusers_timesteps", ints);
        doc.put("sigmas", list(sigmas()));
        Map<String, Object> co = new LinkedHashMap<>();
        co.put("m", list(steps.m()));
        co.put("s", list(steps.s()));
        co.put("a", rows(steps.a()));
        co.put("b", rows(steps.b()));
        co.put("c", list(steps.c()));
        doc.put("coefficients", co);
        doc.put("search", search);
        return Json.write(doc);
    }

    /** Writes the file atomically. */
    public void save(Path file) throws IOException {
        byte[] bytes = (toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, tmp -> Files.write(tmp, bytes));
    }

    /** Reads a sampler file; errors name the file and the field. */
    public static LearnedSampler load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return parse(text);
        } catch (Json.ParseException | IllegalArgumentException | ClassCastException e) {
            throw new IOException(file + ": not a valid " + FORMAT + " file: " + e.getMessage(), e);
        }
    }

    /** Parses the JSON document. */
    @SuppressWarnings("unchecked")
    public static LearnedSampler parse(String text) throws Json.ParseException {
        if (!(Json.parse(text) instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("the document is not a JSON object");
        }
        Map<String, Object> doc = (Map<String, Object>) raw;
        if (!FORMAT.equals(doc.get("format"))) {
            throw new IllegalArgumentException("format is " + doc.get("format") + ", expected " + FORMAT);
        }
        if (!(field(doc, "version") instanceof BigDecimal v)) {
            throw new IllegalArgumentException("version " + Json.write(doc.get("version")) + " is not a format version (a positive integer)");
        }
        if (v.signum() <= 0 || v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("version " + v.toPlainString() + " is not a format version (a positive integer)");
        }
        if (v.intValue() > VERSION) {
            throw new IllegalArgumentException("it is format version " + v.toPlainString() + "; this build reads version " + VERSION
                    + " (a newer ddss wrote it)");
        }
        double[] start = doc.containsKey("start_times") ? numbers(doc.get("start_times"), "start_times") : null;
        SearchSpace space = new SearchSpace(Family.parse(string(doc, "family")), number(doc, "steps").intValue(),
                bool(doc, "learned_times"), Conversion.parse(string(doc, "conversion")),
                NoiseSchedule.parse(string(doc, "schedule")), start);
        double[] theta = numbers(field(doc, "parameters"), "parameters");
        Object search = doc.getOrDefault("search", Map.of());
        if (!(search instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("field 'search' is " + Json.write(search) + ", not an object");
        }
        return new LearnedSampler(space, theta, bool(doc, "clip"), string(doc, "model"), (Map<String, Object>) search);
    }

    private static Object field(Map<String, Object> doc, String name) {
        Object v = doc.get(name);
        if (v == null || v == Json.NULL) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return v;
    }

    private static String string(Map<String, Object> doc, String name) {
        return typed(doc, name, String.class, "a string");
    }

    private static BigDecimal number(Map<String, Object> doc, String name) {
        return typed(doc, name, BigDecimal.class, "a number");
    }

    private static boolean bool(Map<String, Object> doc, String name) {
        return typed(doc, name, Boolean.class, "true or false");
    }

    private static <T> T typed(Map<String, Object> doc, String name, Class<T> type, String expected) {
        Object v = field(doc, name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("field '" + name + "' is " + Json.write(v) + ", not " + expected);
        }
        return type.cast(v);
    }

    /** A list of finite numbers that fit a double. */
    private static double[] numbers(Object v, String name) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("field '" + name + "' is " + Json.write(v) + ", not a list of numbers");
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof BigDecimal d) || !Double.isFinite(d.doubleValue())) {
                throw new IllegalArgumentException("field '" + name + "' item " + i + " is " + Json.write(l.get(i))
                        + ", not a finite number");
            }
            out[i] = d.doubleValue();
        }
        return out;
    }

    private static List<Object> list(double[] v) {
        List<Object> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return l;
    }

    private static List<Object> rows(double[][] v) {
        List<Object> l = new ArrayList<>();
        for (double[] r : v) {
            l.add(list(r));
        }
        return l;
    }
}
