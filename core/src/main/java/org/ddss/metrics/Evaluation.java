package org.ddss.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ddss.autodiff.Tape;
import org.ddss.backend.Backend;
import org.ddss.diffusion.NoisePredictor;
import org.ddss.diffusion.NoiseSource;
import org.ddss.diffusion.Sampler;
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
                Tensor v = fx.features(t, t.constant(images.slice(s, e))).value();
                for (int i = 0; i < e - s; i++) {
                    for (int j = 0; j < d; j++) {
                        f[s + i][j] = v.get((long) i * d + j);
                    }
                }
            }
        }
        return f;
    }

    /** FID and KID (100 subsets of up to 1,000) of samples against reference features, per network. */
    public static Scores score(String sampler, int nfe, double seconds, Tensor samples, Map<String, FeatureExtractor> nets,
                               Map<String, double[][]> reference, Backend be) {
        Map<String, Double> fid = new LinkedHashMap<>();
        Map<String, Kid> kid = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureExtractor> e : nets.entrySet()) {
            double[][] f = features(e.getValue(), samples, be, 250);
            double[][] ref = reference.get(e.getKey());
            fid.put(e.getKey(), Fid.distance(f, ref));
            kid.put(e.getKey(), Kid.cubic(f, ref, 100, 1000, 0));
        }
        return new Scores(sampler, nfe, samples.dim(0), seconds, fid, kid);
    }
}
