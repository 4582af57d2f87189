package org.ddss;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Samplers;
import org.ddss.diffusion.Sampling;
import org.ddss.diffusion.Spacing;
import org.ddss.evaluation.Digits;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.Row;
import org.ddss.io.Png;
import org.ddss.model.Embedded;
import org.ddss.model.SchedulerConfig;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetPredictor;
import org.ddss.search.LearnedSampler;
import org.ddss.search.Search;
import org.ddss.search.SearchJob;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * The front door: a diffusion model with its noise schedule on a backend, from which a service
 * picks a sampler, draws images, and searches or evaluates samplers. It owns the backend and
 * the model it opened; the lower-level classes it uses stay public for those who need them.
 *
 * <pre>{@code
 * try (Pipeline p = Pipeline.embedded()) {
 *     List<BufferedImage> images = p.sampleImages(p.sampler("dpmpp2m", 10), 16, 42);
 * }
 * }</pre>
 */
public final class Pipeline implements AutoCloseable {
    /** Samples per batch when the pipeline samples. */
    public static final int BATCH = 100;

    private final Backend backend;
    private final UNet2DModel model;
    private final NoiseSchedule schedule;
    private final String note;

    private Pipeline(Backend backend, UNet2DModel model, NoiseSchedule schedule, String note) {
        this.backend = backend;
        this.model = model;
        this.schedule = schedule;
        this.note = note;
    }

    /** The embedded digits model and its schedule, on the fastest backend that loads. */
    public static Pipeline embedded() throws IOException {
        return open(null);
    }

    /**
     * A diffusers {@code UNet2DModel} folder and the noise schedule of its
     * {@code scheduler_config.json} (beside it, or in a pipeline's {@code scheduler/} folder;
     * DDPM's linear schedule, with a {@link #note}, where there is none), on the fastest backend.
     */
    public static Pipeline load(Path modelDir) throws IOException {
        return open(Objects.requireNonNull(modelDir, "modelDir"));
    }

    /** {@link #load} for a folder, {@link #embedded} for null. */
    public static Pipeline open(Path modelDirOrNull) throws IOException {
        NoiseSchedule schedule;
        String note = null;
        if (modelDirOrNull == null) {
            schedule = Embedded.schedule();
        } else {
            Path config = SchedulerConfig.locate(modelDirOrNull);
            if (config == null && Files.isDirectory(modelDirOrNull)) {
                note = modelDirOrNull + " has no " + SchedulerConfig.FILE + " (nor has a pipeline around it one in scheduler/); "
                        + "assuming the DDPM default schedule " + NoiseSchedule.ddpm();
            }
            schedule = SchedulerConfig.readOrDefault(config);
        }
        Backend backend = Backends.create();
        try {
            UNet2DModel model = modelDirOrNull == null ? Embedded.model() : UNet2DModel.load(modelDirOrNull);
            return new Pipeline(backend, model, schedule, note);
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    public Backend backend() {
        return backend;
    }

    public UNet2DModel model() {
        return model;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /** One sample's shape [H, W, C]. */
    public int[] sampleShape() {
        return model.sampleShape();
    }

    /** What the user should know about how the pipeline was opened (an assumed schedule), or null. */
    public String note() {
        return note;
    }

    /** The model as a sampler's (differentiable) noise predictor. */
    public UNetPredictor predictor() {
        return new UNetPredictor(model, backend);
    }

    /** A training-free sampler by name ({@code ddpm}, {@code ddpm-large}, {@code ddim}, {@code dpmpp2m}) with K steps, trailing, clipped. */
    public Sampler sampler(String name, int k) {
        return sampler(name, k, new Spacing.Trailing(), 0, true);
    }

    /** A training-free sampler with its step placement, DDIM's eta and clipping given. */
    public Sampler sampler(String name, int k, Spacing spacing, double eta, boolean clip) {
        return Samplers.create(name, schedule, spacing, k, eta, clip);
    }

    /** A learned sampler file, refused unless it was searched for this model on this schedule. */
    public LearnedSampler sampler(Path file) throws IOException {
        return sampler(file, false);
    }

    /** A learned sampler file; {@code force} accepts one searched for another model (not for another schedule). */
    public LearnedSampler sampler(Path file, boolean force) throws IOException {
        LearnedSampler s = LearnedSampler.load(file);
        s.requireModel(model.fingerprint(), force);
        if (!s.space().schedule().equals(schedule)) {
            throw new IllegalArgumentException(file + " was searched on the " + s.space().schedule()
                    + " noise schedule, but the model was trained on " + schedule);
        }
        return s;
    }

    /**
     * Refuses, before any work, {@code n} samples whose tensor, or whose model calls at
     * {@code batch}, would not fit in this machine's memory, saying how much they need.
     */
    public void requireAffordable(int n, int batch) {
        int[] s = sampleShape();
        Sampling.requireAffordable(n, s);
        model.requireAffordable(Math.min(n, batch), s[0], s[1]);
    }

    /**
     * Samples 0..n-1 of noise seed {@code seed}, {@code batch} at a time, into a new tensor
     * [n, H, W, C] of {@code arena}, values in [-1, 1].
     */
    public Tensor sample(Sampler sampler, int n, long seed, int batch, TensorArena arena, Progress progress) {
        return Sampling.generate(sampler, predictor(), seed, 0, n, batch, sampleShape(), arena, progress);
    }

    /** Samples 0..n-1 of noise seed {@code seed} as images. */
    public List<BufferedImage> sampleImages(Sampler sampler, int n, long seed) {
        try (TensorArena arena = new TensorArena()) {
            Tensor samples = sample(sampler, n, seed, BATCH, arena, Progress.NONE);
            List<BufferedImage> images = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                images.add(Png.image(samples, i));
            }
            return images;
        }
    }

    /** The embedded digits protocol on this pipeline's backend (the caller closes it). */
    public Protocol digitsProtocol() throws IOException {
        return Digits.protocol(backend);
    }

    /** Runs a whole search job for this model under {@code protocol}, writing into {@code out}. */
    public SearchJob.Outcome search(SearchJob job, Protocol protocol, Path out, boolean resume, Progress progress,
                                    Function<String, Progress> rowProgress) throws IOException {
        return search(job, protocol, out, resume, progress, rowProgress, search -> search::gradient);
    }

    /** {@link #search(SearchJob, Protocol, Path, boolean, Progress, Function)} with each step's gradient from {@code gradients}. */
    public SearchJob.Outcome search(SearchJob job, Protocol protocol, Path out, boolean resume, Progress progress,
                                    Function<String, Progress> rowProgress, Function<Search, Search.Gradients> gradients)
            throws IOException {
        if (!job.space().schedule().equals(schedule)) {
            throw new IllegalArgumentException("the search space's schedule " + job.space().schedule() + " is not the model's "
                    + schedule);
        }
        return job.run(model, backend, protocol, out, resume, progress, rowProgress, gradients);
    }

    /** Scores n samples of the sampler from evaluation seed {@code seed}, {@code batch} at a time, under {@code protocol}. */
    public Row evaluate(Protocol protocol, Sampler sampler, int n, long seed, int batch, Progress progress) {
        return protocol.score(sampler, predictor(), sampleShape(), n, seed, batch, progress);
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            backend.close();
        }
    }
}
