package org.ddss.search;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.autodiff.Param;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.diffusion.DifferentiableNoisePredictor;
import org.ddss.diffusion.NoiseSource;
import org.ddss.io.Json;
import org.ddss.io.SafeTensors;
import org.ddss.metrics.Evaluation;
import org.ddss.model.FeatureExtractor;
import org.ddss.search.Scalars.S;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.ddss.train.Adam;
import org.ddss.train.LearningRate;
import org.ddss.train.Progress;

/**
 * Differentiable sampler search (DDSS): Adam on a sampler's free parameters, the gradient of
 * the KID of its samples taken through the whole chain ({@link Chain}) and the feature network,
 * with the model frozen.
 *
 * <p>Step k draws its batch's noise from samples {@code k * batch ...} of the search seed, so a
 * run resumed from a checkpoint repeats exactly what the uninterrupted run would have done. A
 * step whose loss or gradient is not finite is skipped (reported, never applied). The learning
 * rate warms up linearly, then follows a cosine down to a tenth of its peak.
 *
 * <p>A step's loss is the KID of its own batch, whose noise changes every step, so the curve of
 * losses is mostly the noise of the estimator. Every {@code validateEvery} steps (and before the
 * first) the search also measures the KID of the current sampler on one fixed set of
 * {@code validationSamples} noise samples, kept apart from every training batch: a curve where
 * only the sampler changes. The search also keeps the parameters with the lowest validation KID
 * (the initial sampler's included): with a batch of 32 the gradient is mostly noise, and at
 * K = 20 the last parameters were measured to be worse than the start (README, "The search").
 */
public final class Search {
    private Search() {}

    /**
     * @param iterations      Adam steps
     * @param batch           samples per step
     * @param lr              peak learning rate
     * @param warmup          warm-up steps
     * @param clipNorm        global gradient-norm limit
     * @param seed            noise seed of the search (disjoint from evaluation seeds)
     * @param checkpointEvery steps between checkpoints (0: none)
     * @param keepActivations keep each model call's activations instead of recomputing them
     * @param clip            clip every data prediction of the chain to [-1, 1], as DDIM does
     * @param validateEvery   steps between validation KIDs (0: none)
     * @param validationSamples samples of the fixed validation set
     * @param init            the sampler the search starts from
     */
    public record Settings(int iterations, int batch, double lr, int warmup, double clipNorm, long seed,
                           int checkpointEvery, boolean keepActivations, boolean clip, int validateEvery,
                           int validationSamples, Init init) {
        public Settings {
            java.util.Objects.requireNonNull(init, "init");
            if (iterations < 1 || batch < 2 || !(lr > 0) || warmup < 0 || !(clipNorm > 0) || checkpointEvery < 0
                    || validateEvery < 0 || (validateEvery > 0 && validationSamples < 2)) {
                throw new IllegalArgumentException(("bad search settings: iterations=%d (>= 1), batch=%d (>= 2), lr=%s (> 0), "
                        + "warmup=%d (>= 0), clipNorm=%s (> 0), checkpointEvery=%d (>= 0), validateEvery=%d (>= 0), "
                        + "validationSamples=%d (>= 2 when validating)")
                        .formatted(iterations, batch, lr, warmup, clipNorm, checkpointEvery, validateEvery, validationSamples));
            }
        }
    }

    /**
     * What a search produced: the final parameters, the loss of every step (NaN where skipped),
     * the validation KID after k steps at index k (NaN where not measured; length iterations + 1),
     * and the parameters after {@code bestStep} steps, whose validation KID was the lowest (the
     * final ones, at {@code iterations}, when the search did not validate).
     */
    public record Result(double[] theta, double[] losses, double[] validation, double[] best, int bestStep, int skipped,
                         double seconds) {}

    /** Validation samples start here in the search seed's index space, far beyond any training batch. */
    static final long VALIDATION_FIRST = 1L << 40;

    /** One step's loss and gradient, without updating anything. */
    public record Gradient(double loss, double[] grad) {}

    /** The checkpoint file inside a search folder. */
    public static Path checkpointFile(Path dir) {
        return dir.resolve("search.safetensors");
    }

    /**
     * The loss at {@code theta} on the batch of noise samples {@code first ..} of {@code seed},
     * and its gradient with respect to {@code theta}.
     */
    public static Gradient gradient(SearchSpace space, double[] theta, DifferentiableNoisePredictor model, int[] sampleShape,
                                    FeatureExtractor fx, KidLoss loss, Backend be, long seed, long first, int batch,
                                    boolean keepActivations, boolean clip) {
        Scalars g = new Scalars();
        S[] leaves = new S[theta.length];
        for (int i = 0; i < theta.length; i++) {
            leaves[i] = g.leaf(theta[i]);
        }
        SearchSpace.Nodes nodes = space.nodes(g, leaves);
        Steps steps = nodes.values();
        double value;
        try (Chain chain = new Chain(steps, keepActivations ? Chain.Activations.KEPT : Chain.Activations.REMATERIALISED, clip); TensorArena ar = new TensorArena()) {
            Tensor out = chain.forward(model, new NoiseSource(seed, first, batch), sampleShape, space.learnTimes());
            Tensor outGrad = ar.empty(out.shape());
            try (Tape t = Tape.recording(be)) {
                Var x = t.input(out, true);
                Var f = fx.features(t, x);
                int n = f.dim(0), d = f.dim(1);
                double[][] fg = new double[n][d];
                value = loss.value(Evaluation.rows(f.value()), fg);
                Tensor seedGrad = t.alloc(n, d);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        seedGrad.set((long) i * d + j, (float) fg[i][j]);
                    }
                }
                t.backward(f, seedGrad);
                if (x.grad() != null) {
                    outGrad.copyFrom(x.grad());
                } else {
                    outGrad.fill(0f);
                }
            }
            nodes.seed(g, chain.backward(model, outGrad, space.learnTimes()));
        }
        g.backward();
        double[] grad = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            grad[i] = leaves[i].adjoint();
        }
        return new Gradient(value, grad);
    }

    /**
     * The KID of the sampler at {@code theta} on noise samples {@code first .. first + n - 1} of
     * {@code seed}, run {@code batch} at a time without any gradient.
     */
    public static double kid(SearchSpace space, double[] theta, DifferentiableNoisePredictor model, int[] sampleShape,
                             FeatureExtractor fx, KidLoss loss, Backend be, long seed, long first, int n, int batch,
                             boolean clip) {
        // The sampler is used only here, for the model it runs on: no fingerprint to check.
        LearnedSampler sampler = new LearnedSampler(space, theta, clip, "", Map.of());
        double[][] f;
        try (TensorArena ar = new TensorArena()) {
            Tensor samples = Evaluation.generate(sampler, model, seed, first, n, batch, sampleShape, ar, Progress.NONE);
            f = Evaluation.features(fx, samples, be, batch);
        }
        return loss.value(f, new double[n][f[0].length]);
    }

    /**
     * Runs the search from {@code s.init()}, checkpointing into {@code dir}
     * (when not null) and resuming from its checkpoint when {@code resume} is set.
     */
    public static Result run(SearchSpace space, DifferentiableNoisePredictor model, int[] sampleShape, FeatureExtractor fx,
                             KidLoss loss, Backend be, Settings s, Path dir, boolean resume, Progress progress)
            throws IOException {
        int pc = space.parameterCount();
        try (TensorArena ar = new TensorArena()) {
            Param theta = new Param("theta", ar.zeros(pc));
            double[] init = space.initial(s.init());
            for (int i = 0; i < pc; i++) {
                theta.value().set(i, (float) init[i]);
            }
            double[] losses = new double[s.iterations()], validation = new double[s.iterations() + 1];
            java.util.Arrays.fill(losses, Double.NaN);
            java.util.Arrays.fill(validation, Double.NaN);
            int skipped = 0;
            int start = 0;
            Best best = new Best(ar.zeros(pc));
            try (Adam adam = new Adam(List.of(theta), 0.9, 0.999, 1e-8)) {
                Path ckpt = dir == null ? null : checkpointFile(dir);
                if (resume && ckpt != null && Files.exists(ckpt)) {
                    Restored r = restore(ckpt, space, s, theta, adam, losses, validation, best);
                    start = r.step();
                    skipped = r.skipped();
                    progress.update(start, s.iterations(), Double.NaN, 0, "resumed from " + ckpt + " at step " + start);
                }
                long t0 = System.nanoTime();
                if (start == 0 && s.validateEvery() > 0) {
                    validation[0] = validate(space, theta, model, sampleShape, fx, loss, be, s);
                    best.offer(validation[0], theta.value(), 0);
                    progress.update(0, s.iterations(), Double.NaN, 0, String.format(java.util.Locale.ROOT,
                            "step 0: validation KID %.5f on %d fixed samples", validation[0], s.validationSamples()));
                }
                for (int k = start; k < s.iterations(); k++) {
                    double[] th = values(theta);
                    Gradient gr = gradient(space, th, model, sampleShape, fx, loss, be, s.seed(), (long) k * s.batch(),
                            s.batch(), s.keepActivations(), s.clip());
                    boolean finite = Double.isFinite(gr.loss());
                    for (double v : gr.grad()) {
                        finite &= Double.isFinite(v);
                    }
                    String message = null;
                    if (finite) {
                        losses[k] = gr.loss();
                        for (int i = 0; i < pc; i++) {
                            theta.grad().set(i, (float) gr.grad()[i]);
                        }
                        double norm = adam.gradNorm();
                        adam.step(learningRate(s, k), norm > s.clipNorm() ? s.clipNorm() / norm : 1);
                    } else {
                        skipped++;
                        message = "step " + (k + 1) + ": loss or gradient not finite (loss " + gr.loss() + "); skipped";
                    }
                    if (s.validateEvery() > 0 && ((k + 1) % s.validateEvery() == 0 || k + 1 == s.iterations())) {
                        validation[k + 1] = validate(space, theta, model, sampleShape, fx, loss, be, s);
                        best.offer(validation[k + 1], theta.value(), k + 1);
                        String v = String.format(java.util.Locale.ROOT, "step %d: validation KID %.5f", k + 1, validation[k + 1]);
                        message = message == null ? v : message + "; " + v;
                    }
                    if (dir != null && s.checkpointEvery() > 0 && ((k + 1) % s.checkpointEvery() == 0 || k + 1 == s.iterations())) {
                        save(ckpt, space, s, theta, adam, k + 1, losses, validation, skipped, best);
                    }
                    double rate = (k + 1 - start) / ((System.nanoTime() - t0) / 1e9);
                    progress.update(k + 1, s.iterations(), gr.loss(), rate, message);
                }
                double[] last = values(theta);
                return new Result(last, losses, validation, best.found ? values(best.theta) : last,
                        best.found ? best.step : s.iterations(), skipped, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** A copy of the parameters with the lowest validation KID so far; a tie keeps the earlier ones. */
    private static final class Best {
        final Tensor theta;
        double value = Double.POSITIVE_INFINITY;
        int step;
        boolean found;

        Best(Tensor theta) {
            this.theta = theta;
        }

        void offer(double v, Tensor th, int k) {
            if (v < value) {
                value = v;
                theta.copyFrom(th);
                step = k;
                found = true;
            }
        }
    }

    private static double[] values(Param theta) {
        return values(theta.value());
    }

    private static double[] values(Tensor t) {
        double[] v = new double[(int) t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.get(i);
        }
        return v;
    }

    private static double validate(SearchSpace space, Param theta, DifferentiableNoisePredictor model, int[] sampleShape,
                                   FeatureExtractor fx, KidLoss loss, Backend be, Settings s) {
        return kid(space, values(theta), model, sampleShape, fx, loss, be, s.seed(), VALIDATION_FIRST, s.validationSamples(),
                s.batch(), s.clip());
    }

    /** Linear warm-up to {@code lr}, then a cosine down to {@code lr / 10} at the last step. */
    static double learningRate(Settings s, int k) {
        return LearningRate.warmupCosine(s.lr(), s.warmup(), s.iterations(), 0.1, k);
    }

    private static String identity(SearchSpace space, Settings s) {
        // A DDIM start unnamed, as checkpoints written before Init existed (when DDIM was the only start) say it.
        String settings = s.init() == Init.DDIM ? s.toString().replace(", init=DDIM", "") : s.toString();
        return space.name() + " " + space.conversion().id() + " " + space.schedule() + " " + settings;
    }

    private static void save(Path file, SearchSpace space, Settings s, Param theta, Adam adam, int step, double[] losses,
                             double[] validation, int skipped, Best best) throws IOException {
        List<Object> l = new ArrayList<>(), v = new ArrayList<>();
        for (int i = 0; i < step; i++) {
            l.add(Double.isNaN(losses[i]) ? Json.NULL : (Object) losses[i]);
        }
        for (int i = 0; i <= step; i++) {
            v.add(Double.isNaN(validation[i]) ? Json.NULL : (Object) validation[i]);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", Integer.toString(step));
        meta.put("skipped", Integer.toString(skipped));
        meta.put("search", identity(space, s));
        meta.put("losses", Json.write(l));
        meta.put("validation", Json.write(v));
        meta.put("best_step", Integer.toString(best.step));
        Map<String, Tensor> all = new LinkedHashMap<>();
        all.put("theta", theta.value());
        if (best.found) {
            all.put("best_theta", best.theta);
        }
        all.putAll(adam.state());
        SafeTensors.write(file, all, meta);
    }

    private record Restored(int step, int skipped) {}

    private static Restored restore(Path file, SearchSpace space, Settings s, Param theta, Adam adam, double[] losses,
                                    double[] validation, Best best) throws IOException {
        try (SafeTensors st = SafeTensors.open(file)) {
            Map<String, String> meta = st.metadata();
            String theirs = meta.get("search");
            if (!identity(space, s).equals(theirs)) {
                // Identities leave a DDIM start unnamed (see identity), so say it where a user would miss it.
                String start = theirs != null && !theirs.contains("init=") && s.init() != Init.DDIM
                        ? "; it started from ddim: --init ddim" : "";
                throw new IOException(file + " is the checkpoint of another search (" + theirs + start
                        + "); use a new folder or the same settings");
            }
            int step = Integer.parseInt(meta.get("step"));
            Map<String, Tensor> saved = new LinkedHashMap<>();
            for (String n : st.names()) {
                saved.put(n, st.tensor(n));
            }
            theta.value().copyFrom(saved.get("theta"));
            adam.restore(saved, step);
            readList(meta.get("losses"), losses);
            readList(meta.get("validation"), validation);
            Tensor b = saved.get("best_theta");
            if (b != null) {
                int at = Integer.parseInt(meta.get("best_step"));
                best.offer(validation[at], b, at);
            } else if (Double.isFinite(validation[step])) {
                // A checkpoint from before the search kept its best: the best from here on.
                best.offer(validation[step], theta.value(), step);
            }
            return new Restored(step, Integer.parseInt(meta.get("skipped")));
        } catch (Json.ParseException | RuntimeException e) {
            throw new IOException(file + ": unreadable search checkpoint: " + e.getMessage(), e);
        }
    }

    private static void readList(String json, double[] into) throws Json.ParseException {
        List<?> l = (List<?>) Json.parse(json);
        for (int i = 0; i < l.size() && i < into.length; i++) {
            into[i] = l.get(i) instanceof BigDecimal b ? b.doubleValue() : Double.NaN;
        }
    }
}
