package org.ddss.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Samplers;
import org.ddss.diffusion.Spacing;
import org.ddss.diffusion.UNetPredictor;
import org.ddss.io.Png;
import org.ddss.io.SafeTensors;
import org.ddss.metrics.Evaluation;
import org.ddss.model.Embedded;
import org.ddss.model.SchedulerConfig;
import org.ddss.model.UNet2DModel;
import org.ddss.search.LearnedSampler;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddss sample}: draw samples with a standard sampler and write a PNG grid. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw samples with DDPM, DDIM, DPM-Solver++(2M) or a learned sampler and write them as a PNG grid "
                + "(and optionally as raw safetensors). Defaults: the embedded digits model.")
final class SampleCommand implements Callable<Integer> {
    /** Options shared by sample and eval. */
    static final class SamplerOptions {
        @Option(names = "--sampler", defaultValue = "ddim",
                description = "ddpm, ddpm-large, ddim, dpmpp2m, or a learned sampler file (.json) from 'ddss search' (default: ${DEFAULT-VALUE})")
        String kind;
        @Option(names = "--steps", defaultValue = "10", description = "K, the number of model calls (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--eta", defaultValue = "0", description = "DDIM's eta (default: ${DEFAULT-VALUE})")
        double eta;
        @Option(names = "--spacing", defaultValue = "trailing",
                description = "linspace, leading, trailing, quadratic, logsnr or a comma-separated list of times (default: ${DEFAULT-VALUE})")
        String spacing;
        @Option(names = "--no-clip",
                description = "do not clip each step's data prediction to [-1, 1] (diffusers' clip_sample, on by default)")
        boolean noClip;
        @Option(names = "--model", description = "a diffusers UNet2DModel folder (default: the embedded digits model)")
        Path model;
        @Option(names = "--force", description = "use a learned sampler with a model other than the one it was searched for")
        boolean force;
        @Option(names = "--batch", defaultValue = "100", description = "samples per batch (default: ${DEFAULT-VALUE})")
        int batch;

        /** The sampler the options describe; a bad value is a usage error (exit code 2) naming it. */
        Sampler sampler(CommandLine cl, UNet2DModel m, NoiseSchedule schedule) {
            return sampler(cl, m, schedule, kind, steps);
        }

        /**
         * A standard sampler by name with K steps on the model's schedule, or a learned sampler file
         * checked against the model and its schedule.
         */
        Sampler sampler(CommandLine cl, UNet2DModel m, NoiseSchedule schedule, String name, int k) {
            try {
                if (name.endsWith(".json")) {
                    LearnedSampler s = LearnedSampler.load(Path.of(name));
                    s.requireModel(m.fingerprint(), force);
                    if (!s.space().schedule().equals(schedule)) {
                        throw new IllegalArgumentException(name + " was searched on the " + s.space().schedule()
                                + " noise schedule, but the model was trained on " + schedule);
                    }
                    return s;
                }
                return Samplers.create(name, schedule, Spacing.parse(spacing), k, eta, !noClip);
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
        }

        UNet2DModel loadModel() throws Exception {
            return model == null ? Embedded.model() : UNet2DModel.load(model);
        }

        NoiseSchedule schedule(CommandLine cl) throws java.io.IOException {
            return scheduleOf(model, cl);
        }
    }

    /**
     * The noise schedule of a model folder (its scheduler config, {@link SchedulerConfig#locate}),
     * or of the embedded model when {@code dir} is null; a folder without one gets the DDPM default,
     * with a notice.
     */
    static NoiseSchedule scheduleOf(Path dir, CommandLine cl) throws java.io.IOException {
        if (dir == null) {
            return Embedded.schedule();
        }
        Path config = SchedulerConfig.locate(dir);
        if (config == null && java.nio.file.Files.isDirectory(dir)) {
            cl.getErr().printf("note: %s has no %s (nor has a pipeline around it one in scheduler/); assuming the DDPM default schedule %s%n",
                    dir, SchedulerConfig.FILE, NoiseSchedule.ddpm());
        }
        return SchedulerConfig.readOrDefault(config);
    }

    @CommandLine.Mixin
    SamplerOptions opts;
    @Option(names = "-n", defaultValue = "64", description = "number of samples (default: ${DEFAULT-VALUE})")
    int n;
    @Option(names = "--seed", defaultValue = "1000000", description = "noise seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--out", defaultValue = "samples.png", description = "PNG grid (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--raw", description = "also write the samples [N, H, W, C] in [-1, 1] to this safetensors file")
    Path raw;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Backend be = Backends.create(); UNet2DModel model = opts.loadModel(); TensorArena ar = new TensorArena()) {
            Sampler sampler = opts.sampler(spec.commandLine(), model, opts.schedule(spec.commandLine()));
            var c = model.config();
            int size = c.sampleSize() == 0 ? 32 : c.sampleSize();
            long t0 = System.nanoTime();
            Tensor samples = Evaluation.generate(sampler, new UNetPredictor(model, be), seed, 0, n, opts.batch,
                    new int[] {size, size, c.outChannels()}, ar, new ProgressBar(spec.commandLine().getErr(), sampler.name(), "img", 1));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Png.writeGrid(samples, (int) Math.ceil(Math.sqrt(n)), out);
            if (raw != null) {
                SafeTensors.write(raw, Map.of("samples", samples), Map.of("sampler", sampler.name(), "seed", Long.toString(seed)));
            }
            spec.commandLine().getOut().printf("%s: %d samples in %.1f s (%d model calls each) -> %s%s%n", sampler.name(), n,
                    seconds, sampler.times().length, out, raw == null ? "" : ", " + raw);
            return 0;
        }
    }
}
