package org.ddss.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.ddss.Progress;
import org.ddss.autodiff.Param;
import org.ddss.diffusion.NoiseSource;
import org.ddss.diffusion.Sampling;
import org.ddss.evaluation.SeedRanges;
import org.ddss.search.Scalars.S;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.ddss.train.Adam;
import org.ddss.train.LearningRate;

/**
 * Differentiable sampler search (DDSS): Adam on the free parameters of a {@link SearchSpace},
 * the gradient of the {@link Objective} taken through the whole chain ({@link Chain}) and the
 * feature network, with the model frozen.
 *
 * <p>Step k draws its batch's noise from samples {@code k * batch ...} of the search seed, so a
 * run resumed from a checkpoint repeats exactly what the uninterrupted run would have done. A
 * step whose loss or gradient is not finite is skipped (reported, never applied). The learning
 * rate warms up linearly, then follows a cosine down to a tenth of its peak.
 *
 * <p>A step's loss is the KID of its own batch, whose noise changes every step, so the curve of
 * losses is mostly the noise of the estimator. Every {@code validateEvery} steps (and before the
 * first) the search also measures the KID of the current sampler on one fixed set of
 * {@code validationSamples} noise samples, kept apart from every training batch
 * ({@link SeedRanges}): a curve where only the sampler changes. The search also keeps the
 * parameters with the lowest validation KID (the initial sampler's included): with a batch of 32
 * the gradient is mostly noise, and at K = 20 the last parameters were measured to be worse than
 * the start.
 */
public final class Search {
    /**
     * @param iterations        Adam steps
     * @param batch             samples per step
     * @param lr                peak learning rate
     * @param warmup            warm-up steps
     * @param clipNorm          global gradient-norm limit
     * @param seed              noise seed of the search (a search seed of {@link SeedRanges})
     * @param checkpointEvery   steps between checkpoints (0: none)
     * @param keepActivations   keep each model call's activations instead of recomputing them
     * @param clip              clip every data prediction of the chain to [-1, 1], as DDIM does
     * @param validateEvery     steps between validation KIDs (0: none)
     * @param validationSamples samples of the fixed validation set
     * @param init              the sampler the search starts from
     */
    public record Settings(int iterations, int batch, double lr, int warmup, double clipNorm, long seed,
                           int checkpointEvery, boolean keepActivations, boolean clip, int validateEvery,
                           int validationSamples, Init init) implements java.io.Serializable {
        public Settings {
            Objects.requireNonNull(init, "init");
            if (iterations < 1 || batch < 2 || !(lr > 0) || !Double.isFinite(lr) || warmup < 0 || !(clipNorm > 0)
                    || checkpointEvery < 0 || validateEvery < 0 || (validateEvery > 0 && validationSamples < 2)) {
                throw new IllegalArgumentException(("bad search settings: iterations=%d (>= 1), batch=%d (>= 2), lr=%s (> 0, finite), "
                        + "warmup=%d (>= 0), clipNorm=%s (> 0), checkpointEvery=%d (>= 0), validateEvery=%d (>= 0), "
                        + "validationSamples=%d (>= 2 when validating)")
                        .formatted(iterations, batch, lr, warmup, clipNorm, checkpointEvery, validateEvery, validationSamples));
            }
        }

        /**
         * The command line's defaults from {@code init}: 200 steps of 32 samples at the start's
         * own learning rate ({@link Init#defaultLearningRate}), 10 warm-up steps, gradient norm
         * 1, seed 0, a checkpoint and a validation KID on 128 samples every 25 steps, clipping.
         */
        public static Settings defaults(Init init) {
            return new Settings(200, 32, init.defaultLearningRate(), 10, 1.0, 0, 25, false, true, 25, 128, init);
        }

        public Settings withIterations(int v) {
            return new Settings(v, batch, lr, warmup, clipNorm, seed, checkpointEvery, keepActivations, clip, validateEvery,
                    validationSamples, init);
        }

        public Settings withBatch(int v) {
            return new Settings(iterations, v, lr, warmup, clipNorm, seed, checkpointEvery, keepActivations, clip, validateEvery,
                    validationSamples, init);
        }

        public Settings withLearningRate(double v) {
            return new Settings(iterations, batch, v, warmup, clipNorm, seed, checkpointEvery, keepActivations, clip,
                    validateEvery, validationSamples, init);
        }

        public Settings withWarmup(int v) {
            return new Settings(iterations, batch, lr, v, clipNorm, seed, checkpointEvery, keepActivations, clip, validateEvery,
                    validationSamples, init);
        }

        public Settings withClipNorm(double v) {
            return new Settings(iterations, batch, lr, warmup, v, seed, checkpointEvery, keepActivations, clip, validateEvery,
                    validationSamples, init);
        }

        public Settings withSeed(long v) {
            return new Settings(iterations, batch, lr, warmup, clipNorm, v, checkpointEvery, keepActivations, clip,
                    validateEvery, validationSamples, init);
        }

        public Settings withCheckpointEvery(int v) {
            return new Settings(iterations, batch, lr, warmup, clipNorm, seed, v, keepActivations, clip, validateEvery,
                    validationSamples, init);
        }

        public Settings withKeptActivations(boolean v) {
            return new Settings(iterations, batch, lr, warmup, clipNorm, seed, checkpointEvery, v, clip, validateEvery,
                    validationSamples, init);
        }

        public Settings withClip(boolean v) {
            return new Settings(iterations, batch, lr, warmup, clipNorm, seed, checkpointEvery, keepActivations, v,
                    validateEvery, validationSamples, init);
        }

        /** Validation every {@code every} steps (0: none) on {@code samples} fixed noise samples. */
        public Settings withValidation(int every, int samples) {
            return new Settings(iterations, batch, lr, warmup, clipNorm, seed, checkpointEvery, keepActivations, clip, every,
                    samples, init);
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

    /** One step's loss and gradient, without updating anything. */
    public record Gradient(double loss, double[] grad) {}

    private final SearchSpace space;
    private final Objective objective;
    private final Settings settings;
    private final SeedRanges seeds;

    /** A search of {@code space} for {@code objective}, with the default {@link SeedRanges}. */
    public Search(SearchSpace space, Objective objective, Settings settings) {
        this(space, objective, settings, SeedRanges.DEFAULT);
    }

    public Search(SearchSpace space, Objective objective, Settings settings, SeedRanges seeds) {
        this.space = Objects.requireNonNull(space, "space");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.seeds = Objects.requireNonNull(seeds, "seeds");
        seeds.requireSearchSeed(settings.seed());
        seeds.requireTrainingSamples(0, (long) settings.iterations() * settings.batch());
        space.initial(settings.init()); // refuses a family that does not contain the initial sampler
    }

    public SearchSpace space() {
        return space;
    }

    public Objective objective() {
        return objective;
    }

    public Settings settings() {
        return settings;
    }

    /** The checkpoint file inside a search folder. */
    public static Path checkpointFile(Path dir) {
        return SearchCheckpoint.file(dir);
    }

    /** The loss and gradient at {@code theta} on step {@code step}'s batch. */
    public Gradient gradient(double[] theta, int step) {
        return gradient(theta, (long) step * settings.batch(), settings.batch());
    }

    /**
     * The loss at {@code theta} on noise samples {@code first .. first + batch - 1} of the search
     * seed, and its gradient with respect to {@code theta}.
     */
    public Gradient gradient(double[] theta, long first, int batch) {
        return throughChain(theta, first, batch, objective::value, true);
    }

    /**
     * The first half of a step whose batch is shared among workers: the features
     * ({@link Objective#features}) of noise samples {@code first .. first + batch - 1} at
     * {@code theta}, one row per sample. Whoever holds every share's rows computes the loss and
     * its gradient with respect to each row ({@link KidLoss#value}) and hands each share its rows
     * for {@link #gradient(double[], long, int, double[][])}; the sum of the shares' gradients is
     * {@link #gradient(double[], long, int)} of the whole batch, up to the order of float sums.
     */
    public double[][] features(double[] theta, long first, int batch) {
        double[][][] f = new double[1][][];
        throughChain(theta, first, batch, (out, outGrad) -> {
            f[0] = objective.features(out);
            return Double.NaN;
        }, false);
        return f[0];
    }

    /**
     * The second half of a shared step: the gradient with respect to {@code theta} of the loss
     * through this share's samples, given the loss's gradient with respect to their feature rows
     * ({@code featureGrad}, [batch][d]). The chain runs again, as the rematerialised sweep would.
     */
    public double[] gradient(double[] theta, long first, int batch, double[][] featureGrad) {
        if (featureGrad.length != batch) {
            throw new IllegalArgumentException(featureGrad.length + " feature gradient rows for " + batch + " samples");
        }
        return throughChain(theta, first, batch, (out, outGrad) -> {
            objective.backward(out, featureGrad, outGrad);
            return Double.NaN;
        }, true).grad();
    }

    /** What a step does with the chain's output: its loss, with the loss's gradient written into outGrad. */
    private interface OutputLoss {
        double apply(Tensor out, Tensor outGrad);
    }

    /**
     * Runs the chain on the batch at theta and applies {@code loss} to its output; with
     * {@code backward}, takes the output's gradient back to theta (else the gradient is null).
     */
    private Gradient throughChain(double[] theta, long first, int batch, OutputLoss loss, boolean backward) {
        Scalars g = new Scalars();
        S[] leaves = new S[theta.length];
        for (int i = 0; i < theta.length; i++) {
            leaves[i] = g.leaf(theta[i]);
        }
        SearchSpace.Nodes nodes = space.nodes(g, leaves);
        // Without a backward sweep the chain keeps nothing, as a sampler's.
        Chain.Activations kept = !backward ? Chain.Activations.NONE
                : settings.keepActivations() ? Chain.Activations.KEPT : Chain.Activations.REMATERIALISED;
        double value;
        try (Chain chain = new Chain(nodes.values(), kept, settings.clip()); TensorArena ar = new TensorArena()) {
            Tensor out = chain.forward(objective.predictor(), new NoiseSource(settings.seed(), first, batch), objective.sampleShape(),
                    space.learnTimes());
            Tensor outGrad = ar.zeros(out.shape());
            value = loss.apply(out, outGrad);
            if (!backward) {
                return new Gradient(value, null);
            }
            nodes.seed(g, chain.backward(objective.predictor(), outGrad, space.learnTimes()));
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
     * the search seed, run a batch at a time without any gradient.
     */
    public double kid(double[] theta, long first, int n) {
        // The sampler is used only here, for the model it runs on: no fingerprint to check.
        LearnedSampler sampler = new LearnedSampler(space, theta, settings.clip(), "", Map.of());
        try (TensorArena ar = new TensorArena()) {
            Tensor samples = Sampling.generate(sampler, objective.predictor(), settings.seed(), first, n, settings.batch(),
                    objective.sampleShape(), ar, Progress.NONE);
            return objective.value(samples, settings.batch());
        }
    }

    /** The KID of the sampler at {@code theta} on the fixed validation set. */
    public double validate(double[] theta) {
        return kid(theta, seeds.validationFirst(), settings.validationSamples());
    }

    /**
     * Runs the search from {@code settings.init()}, checkpointing into {@code dir} (when not null)
     * and resuming from its checkpoint when {@code resume} is set and one is there.
     */
    public Result run(Path dir, boolean resume, Progress progress) throws IOException {
        return run(dir, resume, progress, this::gradient);
    }

    /** Where each step's loss and gradient come from: {@link #gradient(double[], int)} on one machine. */
    @FunctionalInterface
    public interface Gradients {
        Gradient at(double[] theta, int step);
    }

    /**
     * {@link #run(Path, boolean, Progress)} with each step's loss and gradient from
     * {@code gradients} (a cluster's, for a data-parallel search); the Adam steps, validation,
     * checkpoints and selection are this machine's.
     */
    public Result run(Path dir, boolean resume, Progress progress, Gradients gradients) throws IOException {
        Settings s = settings;
        int pc = space.parameterCount();
        try (TensorArena ar = new TensorArena()) {
            Param theta = new Param("theta", ar.zeros(pc));
            double[] init = space.initial(s.init());
            for (int i = 0; i < pc; i++) {
                theta.value().set(i, (float) init[i]);
            }
            double[] losses = new double[s.iterations()], validation = new double[s.iterations() + 1];
            Arrays.fill(losses, Double.NaN);
            Arrays.fill(validation, Double.NaN);
            int skipped = 0;
            int start = 0;
            SearchCheckpoint.Best best = new SearchCheckpoint.Best(ar.zeros(pc));
            try (Adam adam = new Adam(List.of(theta), 0.9, 0.999, 1e-8)) {
                SearchCheckpoint ckpt = dir == null ? null : new SearchCheckpoint(dir, SearchCheckpoint.Identity.of(this));
                if (dir != null) {
                    org.ddss.io.AtomicFile.removeLeftovers(dir);
                }
                if (resume && ckpt != null && ckpt.exists()) {
                    SearchCheckpoint.Restored r = ckpt.restore(theta, adam, losses, validation, best);
                    start = r.step();
                    skipped = r.skipped();
                    progress.update(start, s.iterations(), Double.NaN, 0, "resumed from " + ckpt.path() + " at step " + start);
                } else if (resume && ckpt != null) {
                    progress.update(0, s.iterations(), Double.NaN, 0, "no checkpoint " + ckpt.path() + " to resume: starting at step 0");
                }
                long t0 = System.nanoTime();
                if (start == 0 && s.validateEvery() > 0) {
                    validation[0] = validate(values(theta.value()));
                    best.offer(validation[0], theta.value(), 0);
                    progress.update(0, s.iterations(), Double.NaN, 0, String.format(Locale.ROOT,
                            "step 0: validation KID %.5f on %d fixed samples", validation[0], s.validationSamples()));
                }
                for (int k = start; k < s.iterations(); k++) {
                    Gradient gr = gradients.at(values(theta.value()), k);
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
                        validation[k + 1] = validate(values(theta.value()));
                        best.offer(validation[k + 1], theta.value(), k + 1);
                        String v = String.format(Locale.ROOT, "step %d: validation KID %.5f", k + 1, validation[k + 1]);
                        message = message == null ? v : message + "; " + v;
                    }
                    if (ckpt != null && s.checkpointEvery() > 0 && ((k + 1) % s.checkpointEvery() == 0 || k + 1 == s.iterations())) {
                        ckpt.save(theta, adam, k + 1, losses, validation, skipped, best);
                    }
                    double rate = (k + 1 - start) / ((System.nanoTime() - t0) / 1e9);
                    progress.update(k + 1, s.iterations(), gr.loss(), rate, message);
                }
                double[] last = values(theta.value());
                return new Result(last, losses, validation, best.found() ? values(best.theta()) : last,
                        best.found() ? best.step() : s.iterations(), skipped, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private static double[] values(Tensor t) {
        double[] v = new double[(int) t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.get(i);
        }
        return v;
    }

    /** Linear warm-up to {@code lr}, then a cosine down to {@code lr / 10} at the last step. */
    static double learningRate(Settings s, int k) {
        return LearningRate.warmupCosine(s.lr(), s.warmup(), s.iterations(), 0.1, k);
    }
}
