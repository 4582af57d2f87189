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
        return Counts.of(classifier, images, be, threshold, batch).labels(threshold);
    }

    /**
     * The counts behind {@link Labels}: images labelled, how many with confidence at least the
     * threshold, and how many of each top class. Counts of disjoint image sets add up, so shares
     * of a job combine exactly.
     */
    public record Counts(long n, long confident, long[] byClass) implements java.io.Serializable {
        /** Counts images [N, H, W, C] with the classifier, {@code batch} at a time. */
        public static Counts of(Classifier classifier, Tensor images, Backend be, double threshold, int batch) {
            int n = images.dim(0), k = classifier.classes();
            long confident = 0;
            long[] byClass = new long[k];
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
                        byClass[best]++;
                        if (p.get((long) i * k + best) >= threshold) {
                            confident++;
                        }
                    }
                }
            }
            return new Counts(n, confident, byClass);
        }

        /** These counts and another's. */
        public Counts plus(Counts o) {
            long[] sum = byClass.clone();
            for (int c = 0; c < sum.length; c++) {
                sum[c] += o.byClass[c];
            }
            return new Counts(n + o.n, confident + o.confident, sum);
        }

        /** As fractions of the images counted. */
        public Labels labels(double threshold) {
            double[] share = new double[byClass.length];
            for (int c = 0; c < share.length; c++) {
                share[c] = (double) byClass[c] / n;
            }
            return new Labels(threshold, (double) confident / n, share);
        }
    }
}
