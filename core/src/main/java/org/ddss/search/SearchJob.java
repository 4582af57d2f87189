package org.ddss.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.ddss.Progress;
import org.ddss.backend.Backend;
import org.ddss.diffusion.Ddim;
import org.ddss.diffusion.DpmSolverPP;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Sampling;
import org.ddss.diffusion.Samplers;
import org.ddss.diffusion.Spacing;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.Row;
import org.ddss.io.Png;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetPredictor;
import org.ddss.tensor.TensorArena;

/**
 * A whole {@code ddss search}: search a sampler for a model under a protocol, then write
 * {@code sampler.json} (the selected parameters, with what the search did), {@code loss.png},
 * score the learned sampler beside DDIM and DPM-Solver++(2M) (and the sampler it started from)
 * at the same K on the protocol's evaluation seeds, and write {@code before-after.png} (the same
 * evaluation noise through the initial and the learned sampler, captioned with their scores).
 *
 * @param space       the sampler family, K and the rest of the search space
 * @param settings    the search's settings
 * @param kernel      the KID kernel of the loss
 * @param selection   which parameters the sampler file gets
 * @param evalSamples samples per row of the closing comparison (0: none)
 */
public record SearchJob(SearchSpace space, Search.Settings settings, KidLoss.Kernel kernel, Selection selection,
                        int evalSamples) {
    /** Samples in each of the before and after grids, from the first evaluation seed. */
    public static final int GRID = 64;

    /** Which parameters a search's sampler file gets. */
    public enum Selection {
        /** The lowest validation KID's, the start's included (the last without validation). */
        BEST,
        /** The last. */
        LAST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code best} or {@code last}, case-insensitively. */
        public static Selection parse(String s) {
            for (Selection v : values()) {
                if (v.id().equalsIgnoreCase(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown selection '" + s + "' (best, last)");
        }

        /** The id, as the command line takes it. */
        @Override
        public String toString() {
            return id();
        }
    }

    /**
     * What {@code ddss search} runs by default: GGDM+PRED with learned times and the marginals
     * conversion at K steps, from DPM-Solver++(2M) with {@link Search.Settings#defaults}, the linear
     * KID, the best-validated parameters, and a closing comparison on 1,000 samples per row.
     */
    public static SearchJob defaults(NoiseSchedule schedule, int k) {
        return new SearchJob(new SearchSpace(Family.GGDM_PRED, k, true, Conversion.MARGINALS, schedule),
                Search.Settings.defaults(Init.DPMPP2M), KidLoss.Kernel.LINEAR, Selection.BEST, 1000);
    }

    /** This job with other settings. */
    public SearchJob withSettings(Search.Settings s) {
        return new SearchJob(space, s, kernel, selection, evalSamples);
    }

    /** This job with another number of samples per row of the closing comparison (0: none). */
    public SearchJob withEvalSamples(int n) {
        return new SearchJob(space, settings, kernel, selection, n);
    }

    public SearchJob {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(selection, "selection");
        if (evalSamples < 0 || evalSamples == 1) {
            throw new IllegalArgumentException("evaluation samples must be 0 (no comparison) or >= 2, got " + evalSamples);
        }
        space.initial(settings.init()); // refuses a family that does not contain the initial sampler
    }

    /**
     * What a search job produced.
     *
     * @param sampler      the learned sampler, as saved
     * @param result       the search's losses, validation KIDs and parameters
     * @param selectedStep the step whose parameters the sampler has
     * @param comparison   DDIM, DPM-Solver++(2M) and the learned sampler, scored (empty without evaluation)
     * @param samplerFile  {@code sampler.json}
     * @param lossPlot     {@code loss.png}
     * @param beforeAfter  {@code before-after.png}
     */
    public record Outcome(LearnedSampler sampler, Search.Result result, int selectedStep, List<Row> comparison,
                          Path samplerFile, Path lossPlot, Path beforeAfter) {
        /** The validation KID of the selected parameters (NaN where not measured). */
        public double selectedValidation() {
            return result.validation()[selectedStep];
        }
    }

    /**
     * Runs the job on {@code model} (evaluated on {@code backend}) under {@code protocol}, writing
     * into {@code out}; {@code rowProgress} gives a progress listener for each comparison row,
     * named by its sampler.
     */
    public Outcome run(UNet2DModel model, Backend backend, Protocol protocol, Path out, boolean resume, Progress progress,
                       Function<String, Progress> rowProgress) throws IOException {
        return run(model, backend, protocol, out, resume, progress, rowProgress, search -> search::gradient);
    }

    /**
     * {@link #run(UNet2DModel, Backend, Protocol, Path, boolean, Progress, Function)} with each
     * step's gradient from {@code gradients} (given the search; a cluster's for a data-parallel
     * search), the rest on this machine.
     */
    public Outcome run(UNet2DModel model, Backend backend, Protocol protocol, Path out, boolean resume, Progress progress,
                       Function<String, Progress> rowProgress, Function<Search, Search.Gradients> gradients)
            throws IOException {
        int[] shape = model.sampleShape();
        protocol.requireShape(shape);
        UNetPredictor predictor = new UNetPredictor(model, backend);
        Search search = new Search(space, Objective.of(predictor, shape, protocol, kernel), settings, protocol.seeds());
        Search.Result r = search.run(out, resume, progress, gradients.apply(search));
        boolean last = selection == Selection.LAST;
        int selectedStep = last ? settings.iterations() : r.bestStep();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("init", settings.init().id());
        info.put("iterations", settings.iterations());
        info.put("batch", settings.batch());
        info.put("lr", settings.lr());
        info.put("kernel", kernel.id());
        info.put("seed", settings.seed());
        info.put("skipped_steps", r.skipped());
        info.put("final_loss_mean_of_last_20", tailMean(r.losses(), 20));
        // Absent (NaN) without validation; JSON has no NaN.
        if (Double.isFinite(r.validation()[0]) && Double.isFinite(r.validation()[settings.iterations()])) {
            info.put("validation_kid_first", r.validation()[0]);
            info.put("validation_kid_last", r.validation()[settings.iterations()]);
        }
        info.put("selected", selection.id());
        info.put("selected_step", selectedStep);
        if (Double.isFinite(r.validation()[selectedStep])) {
            info.put("validation_kid_selected", r.validation()[selectedStep]);
        }
        info.put("seconds_this_run", Math.round(r.seconds()));
        LearnedSampler learned = new LearnedSampler(space, last ? r.theta() : r.best(), settings.clip(), model.fingerprint(), info);
        LearnedSampler initial = new LearnedSampler(space, space.initial(settings.init()), settings.clip(), model.fingerprint(),
                Map.of());
        Path samplerFile = out.resolve("sampler.json"), lossPlot = out.resolve("loss.png");
        Path beforeAfter = out.resolve("before-after.png");
        learned.save(samplerFile);
        Png.writeLossPlot(r.losses(), r.validation(), selectedStep, "DDSS " + space.name() + " from " + settings.init().id(),
                "KID (" + kernel.id() + ")", lossPlot);
        List<Row> rows = new ArrayList<>();
        Row startRow = null, learnedRow = null;
        String startName = settings.init().id() + "(K=" + space.k() + ")";
        if (evalSamples > 0) {
            Spacing trailing = new Spacing.Trailing();
            List<Sampler> compared = new ArrayList<>(List.of(Ddim.of(space.schedule(), trailing, space.k(), 0, settings.clip()),
                    DpmSolverPP.of(space.schedule(), trailing, space.k(), 2, settings.clip())));
            int start = settings.init() == Init.DDIM ? 0 : 1;
            if (!space.startsTrailing() || (settings.init() != Init.DDIM && settings.init() != Init.DPMPP2M)) {
                // The sampler the search started from, at its start times.
                compared.add(Samplers.create(settings.init().sampler(), space.schedule(), Spacing.explicit(space.initialTimes()),
                        space.k(), 0, settings.clip()));
                start = compared.size() - 1;
            }
            compared.add(learned);
            for (Sampler s : compared) {
                rows.add(protocol.score(s, predictor, shape, evalSamples, rowProgress.apply(s.name())));
            }
            startRow = rows.get(start);
            startName = compared.get(start).name();
            learnedRow = rows.getLast();
        }
        try (TensorArena ar = new TensorArena()) {
            long seed = protocol.seeds().evaluationFirst();
            Png.writeComparison("DDSS on " + protocol.name() + ": the same noise through the sampler the search started from and the learned one",
                    List.of(new Png.Panel("before: " + startName + ", where the search started\n" + scores(startRow),
                                    Sampling.generate(initial, predictor, seed, 0, GRID, GRID, shape, ar, Progress.NONE)),
                            new Png.Panel("after: " + learned.name() + "\n" + scores(learnedRow),
                                    Sampling.generate(learned, predictor, seed, 0, GRID, GRID, shape, ar, Progress.NONE))),
                    8, beforeAfter);
        }
        return new Outcome(learned, r, selectedStep, List.copyOf(rows), samplerFile, lossPlot, beforeAfter);
    }

    /** A caption line with a row's FID and KID per network, or why there is none. */
    private static String scores(Row row) {
        if (row == null) {
            return "(not evaluated: the closing comparison was off)";
        }
        List<String> parts = new ArrayList<>();
        row.fid().forEach((net, fid) -> parts.add(String.format(java.util.Locale.ROOT, "FID %s %.2f", net, fid)));
        row.kid().forEach((net, kid) -> parts.add(String.format(java.util.Locale.ROOT, "KID %s %.4f", net, kid.mean())));
        return String.join(", ", parts) + " (" + row.samples() + " samples)";
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
