package org.ddss.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Mnist;
import org.ddss.diffusion.Ddim;
import org.ddss.diffusion.DpmSolverPP2M;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Spacing;
import org.ddss.diffusion.UNetPredictor;
import org.ddss.io.Png;
import org.ddss.metrics.Evaluation;
import org.ddss.model.DigitClassifier;
import org.ddss.model.Embedded;
import org.ddss.model.UNet2DModel;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.Init;
import org.ddss.search.KidLoss;
import org.ddss.search.LearnedSampler;
import org.ddss.search.Search;
import org.ddss.search.SearchSpace;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddss search}: learn a K-step sampler for a model by differentiating the KID of its
 * samples (on the search classifier's features, against the train split) through the chain;
 * write the sampler file, the loss curve and sample grids from before and after, and score it
 * beside DDIM and DPM-Solver++(2M) at the same K with the held-out classifier.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Differentiable sampler search: learn a K-step sampler for the model (default: the embedded "
                + "digits model) and write <out>/sampler.json, loss.png, before.png and after.png (the same noise "
                + "through the initial sampler and the learned one), then compare it with DDIM and DPM-Solver++(2M) at the same K.",
                "Search noise seeds are below 1000000; evaluation seeds start there, so the two never overlap."})
final class SearchCommand implements Callable<Integer> {
    /** The first evaluation seed; search seeds lie below it. */
    static final long EVAL_SEED = 1_000_000L;

    @Option(names = "--family", defaultValue = "ggdm+pred", description = "ddim-eta, rddim, ggdm or ggdm+pred (default: ${DEFAULT-VALUE})")
    String family;
    @Option(names = "--steps", defaultValue = "10", description = "K, the number of model calls (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--init",
            description = "the sampler the search starts from: ddim (the paper's) or dpmpp2m (DPM-Solver++(2M); ggdm+pred only) "
                    + "(default: dpmpp2m for ggdm+pred, else ddim)")
    String init;
    @Option(names = "--fixed-times", description = "keep the initial (trailing) times instead of learning them")
    boolean fixedTimes;
    @Option(names = "--conversion", defaultValue = "marginals",
            description = "noise-to-data conversion: marginals (the paper's) or schedule (default: ${DEFAULT-VALUE})")
    String conversion;
    @Option(names = "--iterations", defaultValue = "200", description = "Adam steps (default: ${DEFAULT-VALUE})")
    int iterations;
    @Option(names = "--batch", defaultValue = "32", description = "samples per step (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", description = "peak learning rate (default: 0.001 from dpmpp2m, 0.005 from ddim)")
    Double lr;
    @Option(names = "--warmup", defaultValue = "10", description = "warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--clip-norm", defaultValue = "1.0", description = "gradient-norm limit (default: ${DEFAULT-VALUE})")
    double clipNorm;
    @Option(names = "--kernel", defaultValue = "linear", description = "KID kernel of the loss: linear or cubic (default: ${DEFAULT-VALUE})")
    String kernel;
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
    @Option(names = "--select", defaultValue = "best",
            description = "which parameters sampler.json gets: best (the lowest validation KID, the start's included; the last "
                    + "with --validate-every 0) or last (default: ${DEFAULT-VALUE})")
    String select;
    @Option(names = "--validation-samples", defaultValue = "128", description = "size of that set (default: ${DEFAULT-VALUE})")
    int validationSamples;
    @Option(names = "--eval-samples", defaultValue = "1000",
            description = "samples per row of the closing comparison with DDIM and DPM-Solver++(2M); 0 skips it (default: ${DEFAULT-VALUE})")
    int evalSamples;
    @Option(names = "--model", description = "a diffusers UNet2DModel folder of 28x28 digits (default: the embedded model)")
    Path model;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        SearchSpace space;
        Search.Settings settings;
        KidLoss.Kernel k;
        Init start;
        select = select.toLowerCase(java.util.Locale.ROOT);
        if (!select.equals("best") && !select.equals("last")) {
            throw new CommandLine.ParameterException(cl, "--select is best or last, not '" + select + "'");
        }
        if (seed < 0 || seed >= EVAL_SEED) {
            throw new CommandLine.ParameterException(cl, "--seed must be in [0, " + (EVAL_SEED - 1) + "]: evaluation uses "
                    + EVAL_SEED + " and up");
        }
        NoiseSchedule schedule = SampleCommand.scheduleOf(model, cl);
        try {
            space = new SearchSpace(Family.parse(family), steps, !fixedTimes, Conversion.parse(conversion), schedule);
            start = init == null ? Init.defaultFor(space.family()) : Init.parse(init);
            space.initial(start); // refuses a family that does not contain the initial sampler
            settings = new Search.Settings(iterations, batch, lr == null ? start.defaultLearningRate() : lr, warmup, clipNorm,
                    seed, checkpointEvery, keepActivations, true, validateEvery, validationSamples, start);
            k = KidLoss.Kernel.parse(kernel);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        var err = cl.getErr();
        var w = cl.getOut();
        try (Backend be = Backends.create(); UNet2DModel m = model == null ? Embedded.model() : UNet2DModel.load(model);
             DigitClassifier fx = Embedded.searchClassifier(); TensorArena ar = new TensorArena()) {
            Scoring.requireDigits(m, cl, "the search compares its samples with the embedded train split");
            int[] shape = {28, 28, 1};
            UNetPredictor predictor = new UNetPredictor(m, be);
            err.printf("search: %s from %s, %d parameters, %s conversion, %d iterations of %d samples at lr %s; real features: %d train digits%n",
                    space.name(), start.id(), space.parameterCount(), space.conversion().id(), iterations, batch, settings.lr(), 9000);
            double[][] real = Evaluation.features(fx, Mnist.embeddedTrain(ar).images(), be, 250);
            KidLoss loss = new KidLoss(k, real);
            Search.Result r = Search.run(space, predictor, shape, fx, loss, be, settings, out, resume,
                    new ProgressBar(err, "search", "it", 1).lossName("KID(" + k.name().toLowerCase(java.util.Locale.ROOT) + ")"));
            Map<String, Object> info = new LinkedHashMap<>();
            boolean last = select.equals("last");
            double[] theta = last ? r.theta() : r.best();
            int selectedStep = last ? iterations : r.bestStep();
            info.put("init", start.id());
            info.put("iterations", iterations);
            info.put("batch", batch);
            info.put("lr", settings.lr());
            info.put("kernel", k.name().toLowerCase(java.util.Locale.ROOT));
            info.put("seed", seed);
            info.put("skipped_steps", r.skipped());
            info.put("final_loss_mean_of_last_20", tailMean(r.losses(), 20));
            // Absent (NaN) with --validate-every 0; JSON has no NaN.
            if (Double.isFinite(r.validation()[0]) && Double.isFinite(r.validation()[iterations])) {
                info.put("validation_kid_first", r.validation()[0]);
                info.put("validation_kid_last", r.validation()[iterations]);
            }
            info.put("selected", select);
            info.put("selected_step", selectedStep);
            info.put("seconds_this_run", Math.round(r.seconds()));
            LearnedSampler learned = new LearnedSampler(space, theta, true, m.fingerprint(), info);
            LearnedSampler initial = new LearnedSampler(space, space.initial(start), true, m.fingerprint(), Map.of());
            Path samplerFile = out.resolve("sampler.json"), lossPlot = out.resolve("loss.png");
            Path before = out.resolve("before.png"), after = out.resolve("after.png");
            learned.save(samplerFile);
            Png.writeCurve(r.losses(), r.validation(), "DDSS " + space.name() + ", " + info.get("kernel")
                    + " KID: batch (light; blue: 25-step mean), fixed validation set (red)", lossPlot);
            Png.writeGrid(grid(initial, predictor, ar), 8, before);
            Png.writeGrid(grid(learned, predictor, ar), 8, after);
            w.printf("search took %.0f s (%d steps skipped); kept the parameters after step %d of %d (%s%s); learned times %s%n",
                    r.seconds(), r.skipped(), selectedStep, iterations, select,
                    Double.isFinite(r.validation()[selectedStep])
                            ? String.format(java.util.Locale.ROOT, ", validation KID %.5f", r.validation()[selectedStep]) : "",
                    java.util.Arrays.toString(learned.integerTimesteps()));
            if (evalSamples > 0) {
                List<Scoring.Row> rows = new ArrayList<>();
                try (Scoring scoring = new Scoring(be, m, cl)) {
                    rows.add(scoring.score(Ddim.of(schedule, new Spacing.Trailing(), steps, 0, true), evalSamples, EVAL_SEED, 100, err));
                    rows.add(scoring.score(DpmSolverPP2M.of(schedule, new Spacing.Trailing(), steps, true), evalSamples, EVAL_SEED,
                            100, err));
                    rows.add(scoring.score(learned, evalSamples, EVAL_SEED, 100, err));
                }
                w.printf("%nheld-out comparison at K=%d (classifier B never saw the search), %d samples each from evaluation seeds:%n",
                        steps, evalSamples);
                Scoring.print(w, rows);
            }
            w.printf("%nwrote %s, %s, %s, %s%n", samplerFile, lossPlot, before, after);
            w.flush();
            return 0;
        }
    }

    /** 64 samples from the first evaluation seeds. */
    private static Tensor grid(Sampler s, UNetPredictor p, TensorArena ar) {
        return Evaluation.generate(s, p, EVAL_SEED, 0, 64, 64, new int[] {28, 28, 1}, ar, org.ddss.train.Progress.NONE);
    }

    private static double tailMean(double[] v, int n) {
        double s = 0;
        int c = 0;
        for (int i = Math.max(0, v.length - n); i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                s += v[i];
                c++;
            }
        }
        return c == 0 ? 0 : s / c;
    }
}
