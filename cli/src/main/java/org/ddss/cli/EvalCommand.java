package org.ddss.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Dataset;
import org.ddss.data.Mnist;
import org.ddss.diffusion.Sampler;
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

/** {@code ddss eval}: FID and KID of a sampler against the held-out test digits, with both feature networks. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a sampler: FID and KID of N samples against the embedded test split, with the search "
                + "classifier (A) and the held-out one (B).")
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Mixin
    SampleCommand.SamplerOptions opts;
    @Option(names = "-n", defaultValue = "2000", description = "number of samples (default: ${DEFAULT-VALUE})")
    int n;
    @Option(names = "--seed", defaultValue = "1000000", description = "noise seed, disjoint from search seeds (default: ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Sampler sampler = opts.sampler(spec.commandLine());
        try (Backend be = Backends.create(); UNet2DModel model = opts.loadModel(); TensorArena ar = new TensorArena();
             DigitClassifier a = Embedded.searchClassifier(); DigitClassifier b = Embedded.heldOutClassifier()) {
            Dataset test = Mnist.embeddedTest(ar);
            Map<String, FeatureExtractor> nets = new LinkedHashMap<>();
            nets.put("A", a);
            nets.put("B", b);
            Map<String, double[][]> ref = new LinkedHashMap<>();
            for (var e : nets.entrySet()) {
                ref.put(e.getKey(), Evaluation.features(e.getValue(), test.images(), be, 250));
            }
            long t0 = System.nanoTime();
            Tensor samples = Evaluation.generate(sampler, new UNetPredictor(model, be), seed, 0, n, opts.batch,
                    new int[] {28, 28, 1}, ar, new ProgressBar(spec.commandLine().getErr(), "samples", 1));
            double seconds = (System.nanoTime() - t0) / 1e9;
            Evaluation.Scores s = Evaluation.score(sampler.name(), sampler.times().length, seconds, samples, nets, ref, be);
            var out = spec.commandLine().getOut();
            out.printf("%-28s %4s %6s %9s %9s %16s %16s%n", "sampler", "NFE", "n", "FID(A)", "FID(B)", "KID(A)x1e3", "KID(B)x1e3");
            Kid ka = s.kid().get("A"), kb = s.kid().get("B");
            out.printf("%-28s %4d %6d %9.3f %9.3f %8.3f±%-7.3f %8.3f±%-7.3f%n", s.sampler(), s.nfe(), s.samples(),
                    s.fid().get("A"), s.fid().get("B"), 1e3 * ka.mean(), 1e3 * ka.std(), 1e3 * kb.mean(), 1e3 * kb.std());
            return 0;
        }
    }
}
