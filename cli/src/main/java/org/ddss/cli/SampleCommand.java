package org.ddss.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ddss.Pipeline;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Samplers;
import org.ddss.diffusion.Spacing;
import org.ddss.io.Png;
import org.ddss.io.SafeTensors;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddss sample}: draw samples with a standard or learned sampler and write a PNG grid. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw samples with DDPM, DDIM, DPM-Solver++(2M/3M), iPNDM, UniPC or a learned sampler and write them as a PNG grid "
                + "(and optionally as raw safetensors). Defaults: the embedded digits model.",
        footer = {"%nExamples:",
            "  ddss sample   # 64 digits, DDIM at K = 10, samples.png",
            "  ddss sample --sampler dpmpp3m --steps 5 -n 16   # DPM-Solver++(3M), 5 calls",
            "  ddss sample --sampler ddss-search/sampler.json   # a learned sampler",
            "  ddss sample --model ddpm-cifar10-32 --sampler unipc --out c.png   # RGB"})
final class SampleCommand implements Callable<Integer>, OptionGroups.Grouped {
    @Override
    public java.util.Map<String, java.util.List<String>> optionGroups() {
        java.util.Map<String, java.util.List<String>> g = new java.util.LinkedHashMap<>();
        g.put("What to draw", java.util.List.of("-n", "--out", "--seed", "--raw"));
        g.put("Sampler", java.util.List.of("--sampler", "--steps", "--spacing", "--eta", "--no-clip"));
        g.put("Model", java.util.List.of("--model", "--force", "--batch"));
        return g;
    }

    /** Options shared by sample and eval. */
    static final class SamplerOptions {
        @Option(names = "--sampler", defaultValue = "ddim",
                description = Samplers.NAMES + " (ddim steps to the next listed time, the DDIM paper's rule; ddim-diffusers "
                        + "to t - T//K as diffusers' DDIMScheduler, the same on leading lists and on trailing ones where K divides T; "
                        + "ipndm: order 4; unipc: diffusers' defaults, order 2 and bh2; -fc: one more model call for the final "
                        + "corrector), or a learned sampler file (.json) from 'ddss search' (default: ${DEFAULT-VALUE})")
        String kind;
        @Option(names = "--steps", defaultValue = "10", description = "K, the number of model calls (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--eta", defaultValue = "0", description = "DDIM's eta (default: ${DEFAULT-VALUE})")
        double eta;
        @Option(names = "--spacing", defaultValue = "trailing",
                description = "step placement: linspace, leading, trailing (diffusers' lists, as each sampler's diffusers "
                        + "scheduler places them), quadratic, logsnr, edm (EDM's rho = 7) or edm:RHO, a comma-separated list of "
                        + "times, or times:LIST or sigmas:LIST with LIST numbers or a file of them (e.g. ComfyUI's SIGMAS, a final 0 "
                        + "dropped) (default: ${DEFAULT-VALUE})")
        String spacing;
        @Option(names = "--no-clip",
                description = "do not clip each step's data prediction to [-1, 1] (on by default, as diffusers' clip_sample; the "
                        + "step then uses the noise of the clipped prediction, as diffusers' DDIM with use_clipped_model_output=True)")
        boolean noClip;
        @Option(names = "--model", description = "a diffusers UNet2DModel folder (default: the embedded digits model)")
        Path model;
        @Option(names = "--force", description = "use a learned sampler with a model other than the one it was searched for")
        boolean force;
        @Option(names = "--batch", defaultValue = "100", description = "samples per batch (default: ${DEFAULT-VALUE})")
        int batch;

        /** The pipeline of {@code --model} (or the embedded model), printing its note. */
        Pipeline open(CommandLine cl) throws java.io.IOException {
            Pipeline p = Pipeline.open(model);
            if (p.note() != null) {
                cl.getErr().println("note: " + p.note());
            }
            return p;
        }

        /** The sampler the options describe; a bad value is a usage error (exit code 2) naming it. */
        Sampler sampler(CommandLine cl, Pipeline p) {
            return sampler(cl, p, kind, steps);
        }

        /**
         * A standard sampler by name with K steps on the model's schedule, or a learned sampler file
         * checked against the model and its schedule.
         */
        Sampler sampler(CommandLine cl, Pipeline p, String name, int k) {
            return sampler(cl, p, name, k, spacing);
        }

        /** {@link #sampler(CommandLine, Pipeline, String, int)} with its own step placement. */
        Sampler sampler(CommandLine cl, Pipeline p, String name, int k, String placement) {
            try {
                if (name.endsWith(".json")) {
                    if (!java.nio.file.Files.isRegularFile(Path.of(name))) {
                        throw new BadInput("no sampler file " + name + " (--sampler takes " + Samplers.NAMES
                                + ", or a sampler.json written by 'ddss search')");
                    }
                    java.util.List<String> ignored = new java.util.ArrayList<>();
                    for (String o : new String[] {"--steps", "--spacing", "--eta"}) {
                        if (cl.getParseResult().hasMatchedOption(o)) {
                            ignored.add(o);
                        }
                    }
                    if (!ignored.isEmpty()) {
                        cl.getErr().println("note: " + String.join(", ", ignored) + (ignored.size() == 1 ? " does" : " do")
                                + " nothing with a learned sampler: " + name
                                + " fixes its steps, times and noise");
                    }
                    return p.sampler(Path.of(name), force);
                }
                return p.sampler(name, k, Spacing.parse(placement), eta, !noClip);
            } catch (org.ddss.search.LearnedSampler.ModelMismatchException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage() + "; add --force to use it with this model anyway");
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw new CommandLine.ParameterException(cl, e.getMessage());
            }
        }
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
        CommandLine cl = spec.commandLine();
        if (n < 1 || opts.batch < 1) {
            throw new CommandLine.ParameterException(cl, "-n and --batch must be at least 1, got " + n + " and " + opts.batch);
        }
        OutputFile.require(out, "--out", ".png");
        if (raw != null) {
            OutputFile.require(raw, "--raw", ".safetensors");
        }
        try (Pipeline p = opts.open(cl); TensorArena ar = new TensorArena()) {
            Sampler sampler = opts.sampler(cl, p);
            LongJob.check(cl, p, n, opts.batch, (double) n * sampler.times().length,
                    n + " samples at " + sampler.times().length + " model calls each");
            long t0 = System.nanoTime();
            Tensor samples;
            try {
                samples = p.sample(sampler, n, seed, opts.batch, ar, new ProgressBar(cl.getErr(), sampler.name(), "img", 1));
            } catch (IllegalArgumentException e) {
                throw new BadInput(e.getMessage());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Png.writeGrid(samples, (int) Math.ceil(Math.sqrt(n)), out);
            if (raw != null) {
                SafeTensors.write(raw, Map.of("samples", samples), Map.of("sampler", sampler.name(), "seed", Long.toString(seed)));
            }
            cl.getOut().printf("%s: %d samples in %.1f s (%d model calls each) -> %s%s%n", sampler.name(), n,
                    seconds, sampler.times().length, out, raw == null ? "" : ", " + raw);
            return 0;
        }
    }
}
