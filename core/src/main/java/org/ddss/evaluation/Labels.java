package org.ddss.evaluation;

import java.util.Arrays;
import org.ddss.autodiff.Tape;
import org.ddss.backend.Backend;
import org.ddss.features.Classifier;
import org.ddss.tensor.Tensor;

/**
 * What a classifier says of samples: the fraction it labels with probability at least
 * {@code threshold}, and the share of each class among its top labels.
 */
public record Labels(double threshold, double confident, double[] classShare) {
    /** Smallest class share. */
    public double minShare() {
        return Arrays.stream(classShare).min().orElse(0);
    }

    /** Largest class share. */
    public double maxShare() {
        return Arrays.stream(classShare).max().orElse(0);
    }

    /** Labels images [N, H, W, C] with the classifier, {@code batch} at a time. */
    public static Labels of(Classifier classifier, Tensor images, Backend be, double threshold, int batch) {
        int n = images.dim(0), k = classifier.classes();
        int confident = 0;
        double[] share = new double[k];
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            try (Tape t = Tape.inference(be)) {
                Tensor p = t.softmax(classifier.logits(t, classifier.features(t, t.constant(images.slice(s, e))))).value();
                for (int i = 0; i < e - s; i++) {
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        if (p.get((long) i * k + c) > p.get((long) i * k + best)) {
                            best = c;
                        }
                    }
                    share[best] += 1.0 / n;
                    if (p.get((long) i * k + best) >= threshold) {
                        confident++;
                    }
                }
            }
        }
        return new Labels(threshold, (double) confident / n, share);
    }
}
