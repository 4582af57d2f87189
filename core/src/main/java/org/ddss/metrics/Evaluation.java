package org.ddss.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ddss.autodiff.Tape;
import org.ddss.backend.Backend;
import org.ddss.diffusion.NoisePredictor;
import org.ddss.diffusion.NoiseSource;
import org.ddss.diffusion.Sampler;
import org.ddss.model.DigitClassifier;
import org.ddss.model.FeatureExtractor;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.ddss.train.Progress;

/** Sampling in batches and scoring samples with FID and KID against reference features. */
public final class Evaluation {
    private Evaluation() {}

    /** One sampler's scores, per feature network. */
    public record Scores(String sampler, int nfe, int samples, double seconds, Map<String, Double> fid, Map<String, Kid> kid) {}

    /**
     * Draws samples {@code first .. first + n - 1} of the run seeded {@code seed} into a tensor of
     * {@code arena}, {@code batch} at a time; sample i's noise depends on (seed, i) only.
     */
    public static Tensor generate(Sampler sampler, NoisePredictor model, long seed, long first, int n, int batch,
                                  int[] sampleShape, TensorArena arena, Progress progress) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        Tensor out = arena.empty(shape);
        long t0 = System.nanoTime();
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            sampler.sample(model, new NoiseSource(seed, first + s, e - s), out.slice(s, e));
            progress.update(e, n, Double.NaN, e / ((System.nanoTime() - t0) / 1e9), null);
        }
        return out;
    }

    /** Features [n][d] of images, {@code batch} at a time, in double precision for the statistics. */
    public static double[][] features(FeatureExtractor fx, Tensor images, Backend be, int batch) {
        int n = images.dim(0), d = fx.featureDim();
        double[][] f = new double[n][d];
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            try (Tape t = Tape.inference(be)) {
                System.arraycopy(rows(fx.features(t, t.constant(images.slice(s, e))).value()), 0, f, s, e - s);
            }
        }
        return f;
    }

    /** The rows of a [n, d] tensor in double precision. */
    public static double[][] rows(Tensor t) {
        int n = t.dim(0), d = t.dim(1);
        double[][] f = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                f[i][j] = t.get((long) i * d + j);
            }
        }
        return f;
    }

    /**
     * FID and KID of samples against reference features, per network. KID averages 100 subsets
     * of up to 500 (not torch-fidelity's 1,000: against our 1,000 test digits every such subset
     * would hold the same test set, and the spread would say nothing).
     * FID takes the features as they are. KID's cubic kernel {@code (x.y/d + 1)^3} was made for
     * features of order one (Inception's pool features); our classifiers' penultimate features are
     * far larger, which puts the kernel where its cube explodes and the estimate drowns in noise.
     * So KID sees both sets scaled by one factor, the one that gives the reference features a
     * root-mean-square of 1 per coordinate (see {@link #rmsScale}).
     */
    public static Scores score(String sampler, int nfe, double seconds, Tensor samples, Map<String, FeatureExtractor> nets,
                               Map<String, double[][]> reference, Backend be) {
        Map<String, Double> fid = new LinkedHashMap<>();
        Map<String, Kid> kid = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureExtractor> e : nets.entrySet()) {
            double[][] f = features(e.getValue(), samples, be, 250);
            double[][] ref = reference.get(e.getKey());
            fid.put(e.getKey(), Fid.distance(f, ref));
            double scale = rmsScale(ref);
            kid.put(e.getKey(), Kid.cubic(scaled(f, scale), scaled(ref, scale), 100, 500, 0));
        }
        return new Scores(sampler, nfe, samples.dim(0), seconds, fid, kid);
    }

    /** The factor that gives features a root-mean-square of 1 per coordinate. */
    public static double rmsScale(double[][] f) {
        double sum = 0;
        for (double[] row : f) {
            for (double v : row) {
                sum += v * v;
            }
        }
        double rms = Math.sqrt(sum / ((double) f.length * f[0].length));
        if (!(rms > 0)) {
            throw new IllegalArgumentException("reference features are all zero or not finite");
        }
        return 1 / rms;
    }

    /** A copy of the rows of {@code f}, each value times {@code s}. */
    public static double[][] scaled(double[][] f, double s) {
        double[][] out = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] *= s;
            }
        }
        return out;
    }

    /**
     * What a classifier says of samples: the fraction it labels with probability at least
     * {@code threshold}, and the share of each class among its top labels.
     */
    public record Labels(double threshold, double confident, double[] classShare) {
        /** Smallest class share. */
        public double minShare() {
            return java.util.Arrays.stream(classShare).min().orElse(0);
        }

        /** Largest class share. */
        public double maxShare() {
            return java.util.Arrays.stream(classShare).max().orElse(0);
        }
    }

    /** Labels images [N, 28, 28, 1] with the classifier, {@code batch} at a time. */
    public static Labels labels(DigitClassifier classifier, Tensor images, Backend be, double threshold, int batch) {
        int n = images.dim(0);
        int confident = 0;
        double[] share = new double[10];
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            try (Tape t = Tape.inference(be)) {
                Tensor p = t.softmax(classifier.logits(t, classifier.features(t, t.constant(images.slice(s, e))))).value();
                for (int i = 0; i < e - s; i++) {
                    int best = 0;
                    for (int c = 1; c < 10; c++) {
                        if (p.get(i * 10L + c) > p.get(i * 10L + best)) {
                            best = c;
                        }
                    }
                    share[best] += 1.0 / n;
                    if (p.get(i * 10L + best) >= threshold) {
                        confident++;
                    }
                }
            }
        }
        return new Labels(threshold, (double) confident / n, share);
    }
}
