package org.ddss.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ddss.Progress;
import org.ddss.autodiff.Param;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.data.Dataset;
import org.ddss.features.DigitClassifier;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * Cross-entropy training of a {@link DigitClassifier} with Adam, the learning rate decaying
 * linearly to zero, and random translations of up to {@code maxShift} pixels (empty space
 * filled with the background, -1). Each step's randomness comes from (seed, step).
 */
public final class ClassifierTrainer {

    public record Settings(int epochs, int batch, double lr, long seed, int maxShift) {
        public static Settings defaults() {
            return new Settings(12, 128, 2e-3, 0, 2);
        }
    }

    private ClassifierTrainer() {}

    /** Trains in place; returns the last running loss. */
    public static double train(DigitClassifier c, Dataset data, Backend be, Settings s, Progress progress) {
        List<Param> params = new ArrayList<>(c.params().values());
        int h = data.images().dim(1), w = data.images().dim(2);
        long steps = (long) s.epochs() * Math.ceilDiv(data.size(), s.batch());
        double running = Double.NaN;
        long t0 = System.nanoTime();
        try (Adam adam = new Adam(params, 0.9, 0.999, 1e-8); TensorArena ar = new TensorArena()) {
            Tensor x = ar.empty(s.batch(), h, w, 1), g = ar.empty(s.batch(), 10);
            int[] labels = new int[s.batch()];
            for (long k = 0; k < steps; k++) {
                SplittableRandom rng = StepRandom.of(s.seed(), k);
                for (int i = 0; i < s.batch(); i++) {
                    int idx = rng.nextInt(data.size());
                    labels[i] = data.labels()[idx];
                    shifted(data.images(), idx, x, i, h, w, rng.nextInt(2 * s.maxShift() + 1) - s.maxShift(),
                            rng.nextInt(2 * s.maxShift() + 1) - s.maxShift());
                }
                double loss;
                try (Tape t = Tape.recording(be)) {
                    Var logits = c.logits(t, c.features(t, t.constant(x)));
                    loss = crossEntropy(logits.value(), labels, g);
                    t.backward(logits, g);
                }
                adam.step(s.lr() * (1 - (double) k / steps), 1);
                adam.zeroGrad();
                running = Double.isNaN(running) ? loss : 0.95 * running + 0.05 * loss;
                progress.update(k + 1, steps, running, (k + 1) * s.batch() / ((System.nanoTime() - t0) / 1e9), null);
            }
        }
        return running;
    }

    /** Mean cross-entropy of softmax(logits) against labels; writes its gradient w.r.t. the logits into g. */
    static double crossEntropy(Tensor logits, int[] labels, Tensor g) {
        int n = logits.dim(0), k = logits.dim(1);
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits.get((long) i * k + j));
            }
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits.get((long) i * k + j) - max);
            }
            for (int j = 0; j < k; j++) {
                double p = Math.exp(logits.get((long) i * k + j) - max) / sum;
                g.set((long) i * k + j, (float) ((p - (j == labels[i] ? 1 : 0)) / n));
            }
            loss -= logits.get((long) i * k + labels[i]) - max - Math.log(sum);
        }
        return loss / n;
    }

    private static void shifted(Tensor src, int from, Tensor dst, int to, int h, int w, int dy, int dx) {
        long s0 = (long) from * h * w, d0 = (long) to * h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sy = y - dy, sx = x - dx;
                dst.set(d0 + (long) y * w + x, sy >= 0 && sy < h && sx >= 0 && sx < w ? src.get(s0 + (long) sy * w + sx) : -1f);
            }
        }
    }

    /** Fraction of {@code data} the classifier labels correctly. */
    public static double accuracy(DigitClassifier c, Dataset data, Backend be) {
        int correct = 0, batch = 250;
        for (int s = 0; s < data.size(); s += batch) {
            int e = Math.min(data.size(), s + batch);
            try (Tape t = Tape.inference(be)) {
                Tensor logits = c.logits(t, c.features(t, t.constant(data.images().slice(s, e)))).value();
                for (int i = 0; i < e - s; i++) {
                    int best = 0;
                    for (int j = 1; j < 10; j++) {
                        if (logits.get(i * 10L + j) > logits.get(i * 10L + best)) {
                            best = j;
                        }
                    }
                    correct += best == data.labels()[s + i] ? 1 : 0;
                }
            }
        }
        return (double) correct / data.size();
    }
}
