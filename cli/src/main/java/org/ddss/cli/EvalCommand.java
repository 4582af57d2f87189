package org.ddss.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Dataset;
import org.ddss.data.Mnist;
import org.ddss.diffusion.NoiseSchedule;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Samplers;
import org.ddss.diffusion.Spacing;
import org.ddss.diffusion.UNetPredictor;
import org.ddss.metrics.Evaluation;
import org.ddss.metrics.Kid;
import org.ddss.model.DigitClassifier;
import org.ddss.model.Embedded;
import org.ddss.model.FeatureExtractor;
import org.ddss.model.UNet2DModel;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ddss eval}: FID and KID of samplers against the held-out test digits, with both feature
 * networks, and what the search classifier says of the samples. One sampler, or a table of them.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Score samplers: FID and KID of N samples against the embedded test split, with the search "
                + "classifier (A) and the held-out one (B), and the fraction of samples A labels with confidence >= 0.9.",
                "With --table, score a list of samplers (and N train digits as the reference row) in one run "
                        + "and print a Markdown table."})
final class EvalCommand implements Callable<Integer> {
    /** The rows of the standard comparison: the training-free samplers at K = 5, 10, 20, and DDPM with 1000 steps. */
    static final String STANDARD_ROWS = "ddpm:5,ddim:5,dpmpp2m:5,ddpm:10,ddim:10,dpmpp2m:10,ddpm:20,ddim:20,dpmpp2m:20,ddpm:1000";

    @CommandLine.Mixin
    SampleCommand.SamplerOptions opts;
    @Option(names = "-n", defaultValue = "2000", description = "samples per row (default: ${DEFAULT-VALUE})")
    int n;
    @Option(names = "--seed", defaultValue = "1000000", description = "noise seed, disjoint from search seeds (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--table", description = "score the rows of --rows instead of the one sampler of --sampler/--steps")
    boolean table;
    @Option(names = "--rows", defaultValue = STANDARD_ROWS, split = ",",
            description = "table rows as sampler:K (default: ${DEFAULT-VALUE})")
    List<String> rows;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private record Row(String label, Evaluation.Scores scores, Evaluation.Labels labels) {}

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        List<Sampler> samplers = new ArrayList<>();
        if (table) {
            for (String r : rows) {
                String[] kv = r.split(":");
                try {
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("row '" + r + "' is not sampler:K");
                    }
                    samplers.add(Samplers.create(kv[0].trim(), NoiseSchedule.ddpm(), Spacing.parse(opts.spacing),
                            Integer.parseInt(kv[1].trim()), opts.eta, !opts.noClip));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cl, "--rows: " + e.getMessage());
                }
            }
        } else {
            samplers.add(opts.sampler(cl));
        }
        try (Backend be = Backends.create(); UNet2DModel model = opts.loadModel(); TensorArena ar = new TensorArena();
             DigitClassifier a = Embedded.searchClassifier(); DigitClassifier b = Embedded.heldOutClassifier()) {
            var c = model.config();
            if (c.sampleSize() != 28 || c.outChannels() != 1) {
                throw new CommandLine.ParameterException(cl, "eval scores 28x28 grey digits against the embedded test split; "
                        + "the model makes " + c.sampleSize() + "x" + c.sampleSize() + "x" + c.outChannels() + " samples");
            }
            Dataset test = Mnist.embeddedTest(ar);
            Map<String, FeatureExtractor> nets = new LinkedHashMap<>();
            nets.put("A", a);
            nets.put("B", b);
            Map<String, double[][]> ref = new LinkedHashMap<>();
            for (var e : nets.entrySet()) {
                ref.put(e.getKey(), Evaluation.features(e.getValue(), test.images(), be, 250));
            }
            List<Row> out = new ArrayList<>();
            if (table) {
                Dataset train = Mnist.embeddedTrain(ar);
                Tensor digits = train.images().slice(0, Math.min(n, train.size()));
                out.add(new Row("train digits", Evaluation.score("train digits", 0, 0, digits, nets, ref, be),
                        Evaluation.labels(a, digits, be, 0.9, 250)));
            }
            UNetPredictor predictor = new UNetPredictor(model, be);
            for (Sampler s : samplers) {
                try (TensorArena rowArena = new TensorArena()) {
                    long t0 = System.nanoTime();
                    Tensor samples = Evaluation.generate(s, predictor, seed, 0, n, opts.batch, new int[] {28, 28, 1}, rowArena,
                            new ProgressBar(cl.getErr(), s.name(), "img", 1));
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    out.add(new Row(s.name(), Evaluation.score(s.name(), s.times().length, seconds, samples, nets, ref, be),
                            Evaluation.labels(a, samples, be, 0.9, 250)));
                }
            }
            print(cl.getOut(), out);
            return 0;
        }
    }

    private void print(PrintWriter w, List<Row> rows) {
        w.println("| sampler | NFE | n | FID (A) | FID (B) | KID (A) ×1e3 | KID (B) ×1e3 | A conf ≥ 0.9 | class shares | seconds |");
        w.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            Evaluation.Scores s = r.scores();
            Kid ka = s.kid().get("A"), kb = s.kid().get("B");
            w.printf("| %s | %s | %d | %.2f | %.2f | %.2f ± %.2f | %.2f ± %.2f | %.1f%% | %.1f–%.1f%% | %s |%n", r.label(),
                    s.nfe() == 0 ? "–" : Integer.toString(s.nfe()), s.samples(), s.fid().get("A"), s.fid().get("B"),
                    1e3 * ka.mean(), 1e3 * ka.std(), 1e3 * kb.mean(), 1e3 * kb.std(), 100 * r.labels().confident(),
                    100 * r.labels().minShare(), 100 * r.labels().maxShare(), s.nfe() == 0 ? "–" : String.format("%.0f", s.seconds()));
        }
        w.flush();
    }
}
