package org.ddss.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ddss.Pipeline;
import org.ddss.diffusion.Spacing;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.ProtocolChoice;
import org.ddss.evaluation.SeedRanges;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.Init;
import org.ddss.search.KidLoss;
import org.ddss.search.Objective;
import org.ddss.search.Search;
import org.ddss.search.SearchJob;
import org.ddss.search.SearchSpace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddss search}: parses the options into a {@link SearchJob}, runs it on the model under
 * the digits protocol, and prints what it did and the closing comparison.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Differentiable sampler search: learn a K-step sampler for the model (default: the embedded "
                + "digits model) and write <out>/sampler.json, loss.png and before-after.png (the same noise "
                + "through the initial sampler and the learned one), then compare it with DDIM, DPM-Solver++(2M) and the solver it "
                + "started from at the same K.",
                "Search noise seeds are below 1000000; evaluation seeds start there, so the two never overlap."},
        footer = {"%nExamples:",
            "  ddss search   # a 10-step sampler for the digits model, about 5 min",
            "  ddss search --steps 5 --init ipndm --out k5   # 5 steps, from iPNDM",
            "  ddss search --out k5 --resume   # continue an interrupted search",
            "  ddss sample --sampler ddss-search/sampler.json   # draw with the result",
            "  ddss search --model ddpm-cifar10-32 --features inception \\",
            "        --reference cifar10-train.npz --batch 8   # an RGB model, Inception KID"})
public class SearchCommand implements Callable<Integer>, OptionGroups.Grouped {
    @Override
    public java.util.Map<String, java.util.List<String>> optionGroups() {
        java.util.Map<String, java.util.List<String>> g = new java.util.LinkedHashMap<>();
        g.put("The sampler to learn", java.util.List.of("--steps", "--init", "--family", "--fixed-times", "--spacing", "--conversion"));
        g.put("Model and features", java.util.List.of("--model", "--features", "--reference", "--inception"));
        g.put("Output and resuming", java.util.List.of("--out", "--resume", "--select", "--eval-samples", "--checkpoint-every"));
        g.put("Optimisation", java.util.List.of("--iterations", "--batch", "--lr", "--warmup", "--clip-norm", "--kernel", "--seed",
                "--keep-activations"));
        g.put("Validation", java.util.List.of("--validate-every", "--validation-samples"));
        return g;
    }

    @Option(names = "--family", defaultValue = "ggdm+pred", converter = Converters.FamilyConverter.class,
            description = "ddim-eta, rddim, ggdm or ggdm+pred (default: ${DEFAULT-VALUE})")
    Family family;
    @Option(names = "--steps", defaultValue = "10", description = "K, the number of model calls (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--init", converter = Converters.InitConverter.class,
            description = "the sampler the search starts from: ddim (the paper's), or, in ggdm+pred only, dpmpp2m, dpmpp3m, "
                    + "ipndm, unipc or unipc-bh1 (the multistep solvers; unipc with its corrector) (default: dpmpp2m for ggdm+pred, else ddim)")
    Init init;
    @Option(names = "--fixed-times", description = "keep the initial times instead of learning them")
    boolean fixedTimes;
    @Option(names = "--spacing", defaultValue = "trailing",
            description = "the initial sampler's step placement, as for sample and eval (learned times must start at T-1: "
                    + "not leading) (default: ${DEFAULT-VALUE})")
    String spacing;
    @Option(names = "--conversion", defaultValue = "marginals", converter = Converters.ConversionConverter.class,
            description = "noise-to-data conversion: marginals (the paper's) or schedule (default: ${DEFAULT-VALUE})")
    Conversion conversion;
    @Option(names = "--iterations", defaultValue = "200", description = "Adam steps (default: ${DEFAULT-VALUE})")
    int iterations;
    @Option(names = "--batch", defaultValue = "32", description = "samples per step (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", description = "peak learning rate (default: 0.005 from ddim, 0.001 from the multistep solvers)")
    Double lr;
    @Option(names = "--warmup", defaultValue = "10", description = "warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--clip-norm", defaultValue = "1.0", description = "gradient-norm limit (default: ${DEFAULT-VALUE})")
    double clipNorm;
    @Option(names = "--kernel", defaultValue = "linear", converter = Converters.KernelConverter.class,
            description = "KID kernel of the loss: linear or cubic (default: ${DEFAULT-VALUE})")
    KidLoss.Kernel kernel;
    @Option(names = "--seed", defaultValue = "0", description = "search noise seed, 0..999999 (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--keep-activations", description = "keep every model call's activations (faster, K times the memory)")
    boolean keepActivations;
    @Option(names = "--out", defaultValue = "ddss-search", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--resume", description = "continue from <out>/search.safetensors")
    boolean resume;
    @Option(names = "--checkpoint-every", defaultValue = "25", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    int checkpointEvery;
    @Option(names = "--validate-every", defaultValue = "25",
            description = "steps between validation KIDs on a fixed noise set; 0: none (default: ${DEFAULT-VALUE})")
    int validateEvery;
    @Option(names = "--select", defaultValue = "best", converter = Converters.SelectionConverter.class,
            description = "which parameters sampler.json gets: best (the lowest validation KID, the start's included; the last "
                    + "with --validate-every 0) or last (default: ${DEFAULT-VALUE})")
    SearchJob.Selection select;
    @Option(names = "--validation-samples", defaultValue = "128", description = "size of that set (default: ${DEFAULT-VALUE})")
    int validationSamples;
    @Option(names = "--eval-samples", defaultValue = "1000",
            description = "samples per row of the closing comparison with DDIM, DPM-Solver++(2M) and the start; 0 skips it (default: ${DEFAULT-VALUE})")
    int evalSamples;
    @Option(names = "--model", description = "a diffusers UNet2DModel folder (default: the embedded model); models other than 28x28 grey ones need --features inception")
    Path model;

    @CommandLine.Mixin
    FeatureOptions featureOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The job the options describe, on the model's schedule; a bad value is a usage error naming it. */
    SearchJob job(CommandLine cl, Pipeline p) {
        try {
            SeedRanges.DEFAULT.requireSearchSeed(seed);
            Init start = init == null ? Init.defaultFor(family) : init;
            SearchSpace space = new SearchSpace(family, steps, !fixedTimes, conversion, p.schedule())
                    .startingAt(Spacing.parse(spacing), start);
            Search.Settings settings = Search.Settings.defaults(start)
                    .withIterations(iterations).withBatch(batch).withLearningRate(lr == null ? start.defaultLearningRate() : lr)
                    .withWarmup(warmup).withClipNorm(clipNorm).withSeed(seed).withCheckpointEvery(checkpointEvery)
                    .withKeptActivations(keepActivations).withValidation(validateEvery, validationSamples);
            return new SearchJob(space, settings, kernel, select, evalSamples);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter err = cl.getErr(), w = cl.getOut();
        try (Pipeline p = Pipeline.open(model); Protocol protocol = featureOptions.open(p)) {
            if (p.note() != null) {
                err.println("note: " + p.note());
            }
            SearchJob job = job(cl, p);
            try {
                Objective.requireKernel(protocol.searchReference(), job.kernel());
            } catch (IllegalArgumentException e) {
                throw new BadInput(e.getMessage());
            }
            SearchSpace space = job.space();
            Search.Settings s = job.settings();
            err.printf("search: %s from %s, %d parameters, %s conversion, %d iterations of %d samples at lr %s; real features: %d %s%n",
                    space.name(), s.init().id(), space.parameterCount(), space.conversion().id(), s.iterations(), s.batch(), s.lr(),
                    protocol.searchSetSize(), protocol.searchSet());
            // A rematerialised step: each model call runs forward twice and its input VJP once (about 2 forwards).
            LongJob.check(cl, p, s.batch(), s.batch(), 4.0 * s.iterations() * s.batch() * space.k(),
                    s.iterations() + " search steps of " + s.batch() + " samples at K = " + space.k());
            SearchJob.Outcome o = p.search(job, protocol, out, resume,
                    new ProgressBar(err, "search", "it", 1).lossName("KID(" + job.kernel().id() + ")"),
                    name -> new ProgressBar(err, name, "img", 1), this::gradients);
            w.printf("search took %.0f s (%d steps skipped); kept the parameters after step %d of %d (%s%s); learned times %s%n",
                    o.result().seconds(), o.result().skipped(), o.selectedStep(), s.iterations(), job.selection().id(),
                    Double.isFinite(o.selectedValidation())
                            ? String.format(Locale.ROOT, ", validation KID %.5f", o.selectedValidation()) : "",
                    Arrays.toString(o.sampler().integerTimesteps()));
            if (!o.comparison().isEmpty()) {
                List<String> heldOut = protocol.evaluationReferences().entrySet().stream()
                        .filter(e -> !e.getKey().equals(protocol.searchNetworkName()))
                        .map(e -> e.getValue().network().name()).toList();
                w.printf("%n%s at K=%d%s, %d samples each from evaluation seeds:%n", heldOut.isEmpty() ? "comparison" : "held-out comparison",
                        space.k(), heldOut.isEmpty() ? "" : " (" + String.join(", ", heldOut) + " never saw the search)", job.evalSamples());
                Table.print(w, protocol, o.comparison());
            }
            w.printf("%nwrote %s, %s, %s%n", o.samplerFile(), o.lossPlot(), o.beforeAfter());
            w.flush();
            return 0;
        }
    }

    /**
     * Where each step's gradient comes from: {@code search} on this machine. A cluster's entry point
     * overrides this to spread each step's batch over its executors, which open {@link #model()}
     * and {@link #protocolChoice()} themselves.
     */
    protected Search.Gradients gradients(Search search) {
        return search::gradient;
    }

    /** The model folder of {@code --model}, or null for the embedded model. */
    protected Path model() {
        return model;
    }

    /** The protocol the feature options name. */
    protected ProtocolChoice protocolChoice() {
        return featureOptions.choice();
    }
}
