package org.ddss.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.backend.Backend;
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

/**
 * Scores samplers of a digits model against the embedded test split, with the search
 * classifier (A) and the held-out one (B), and prints the rows as a Markdown table: what
 * {@code eval} and {@code search} report.
 */
final class Scoring implements AutoCloseable {
    /** One scored row. */
    record Row(String label, Evaluation.Scores scores, Evaluation.Labels labels) {}

    private final Backend be;
    private final UNet2DModel model;
    private final TensorArena arena = new TensorArena();
    private final DigitClassifier a, b;
    private final Map<String, FeatureExtractor> nets = new LinkedHashMap<>();
    private final Map<String, double[][]> reference = new LinkedHashMap<>();

    /** Fails with a usage error unless the model makes 28x28 grey digits. */
    Scoring(Backend be, UNet2DModel model, CommandLine cl) throws java.io.IOException {
        requireDigits(model, cl, "scoring compares them with the embedded test split");
        this.be = be;
        this.model = model;
        DigitClassifier ca = null;
        try {
            ca = Embedded.searchClassifier();
            a = ca;
            b = Embedded.heldOutClassifier();
        } catch (java.io.IOException | RuntimeException e) {
            if (ca != null) {
                ca.close();
            }
            arena.close();
            throw e;
        }
        nets.put("A", a);
        nets.put("B", b);
        Tensor test = Mnist.embeddedTest(arena).images();
        for (var e : nets.entrySet()) {
            reference.put(e.getKey(), Evaluation.features(e.getValue(), test, be, 250));
        }
    }

    /** A usage error unless the model makes 28x28 grey digits, the only images our feature networks read. */
    static void requireDigits(UNet2DModel model, CommandLine cl, String why) {
        var c = model.config();
        if (c.sampleSize() != 28 || c.inChannels() != 1 || c.outChannels() != 1) {
            throw new CommandLine.ParameterException(cl, "this needs a model of 28x28 grey digits (" + why + " through the "
                    + "digit classifiers); the model makes " + c.sampleSize() + "x" + c.sampleSize() + "x" + c.outChannels()
                    + " samples");
        }
    }

    /** Scores a set of images (the train-digits reference row). */
    Row scoreImages(String label, Tensor images) {
        return new Row(label, Evaluation.score(label, 0, 0, images, nets, reference, be), Evaluation.labels(a, images, be, 0.9, 250));
    }

    /** Draws n samples (noise seed {@code seed}, samples 0..n-1) and scores them. */
    Row score(Sampler s, int n, long seed, int batch, PrintWriter err) {
        try (TensorArena rowArena = new TensorArena()) {
            long t0 = System.nanoTime();
            Tensor samples = Evaluation.generate(s, new UNetPredictor(model, be), seed, 0, n, batch, new int[] {28, 28, 1},
                    rowArena, new ProgressBar(err, s.name(), "img", 1));
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Row(s.name(), Evaluation.score(s.name(), s.times().length, seconds, samples, nets, reference, be),
                    Evaluation.labels(a, samples, be, 0.9, 250));
        }
    }

    /** Prints rows as a Markdown table. */
    static void print(PrintWriter w, List<Row> rows) {
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

    @Override
    public void close() {
        a.close();
        b.close();
        arena.close();
    }
}
