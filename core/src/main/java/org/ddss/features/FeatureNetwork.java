package org.ddss.features;

import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.tensor.Tensor;

/**
 * A network whose activations serve as image features: for FID and KID in an evaluation, and
 * for the search's KID loss, which back-propagates through them to the images (so they are
 * computed on a {@link Tape}, and {@link #record} offers their input VJP).
 */
public interface FeatureNetwork {
    /** A short name for tables and messages, e.g. {@code classifier A}. */
    String name();

    /** Feature dimension d. */
    int featureDim();

    /** Whether the network reads images of shape {@code [H, W, C]}. */
    boolean accepts(int[] imageShape);

    /** The images it reads, in words, e.g. {@code 28x28 grey images (1 channel)}. */
    String inputDescription();

    /** Features [N, d] of images [N, H, W, C] in [-1, 1]. */
    Var features(Tape tape, Var images);

    /** Features [n][d] of images, {@code batch} at a time, in double precision for the statistics. */
    default double[][] extract(Tensor images, Backend backend, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("feature batch must be >= 1, got " + batch);
        }
        int n = images.dim(0), d = featureDim();
        double[][] f = new double[n][d];
        for (int s = 0; s < n; s += batch) {
            int e = Math.min(n, s + batch);
            try (Tape t = Tape.inference(backend)) {
                System.arraycopy(rows(features(t, t.constant(images.slice(s, e))).value()), 0, f, s, e - s);
            }
        }
        return f;
    }

    /**
     * The features of {@code images}, recorded for one input VJP: what a loss on the features
     * needs to reach the images. {@code images} must not change while the pass is open.
     */
    default Pass record(Tensor images, Backend backend) {
        Tape tape = Tape.recording(backend);
        try {
            Var x = tape.input(images, true);
            Var f = features(tape, x);
            double[][] rows = rows(f.value());
            return new Pass() {
                @Override
                public double[][] features() {
                    return rows;
                }

                @Override
                public void backward(double[][] featureGrad, Tensor imageGrad) {
                    int n = rows.length, d = n == 0 ? 0 : rows[0].length;
                    Tensor seed = tape.alloc(n, d);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < d; j++) {
                            seed.set((long) i * d + j, (float) featureGrad[i][j]);
                        }
                    }
                    tape.backward(f, seed);
                    if (x.grad() != null) {
                        imageGrad.copyFrom(x.grad());
                    } else {
                        imageGrad.fill(0f);
                    }
                }

                @Override
                public void close() {
                    tape.close();
                }
            };
        } catch (RuntimeException e) {
            tape.close();
            throw e;
        }
    }

    /** One recorded feature pass. */
    interface Pass extends AutoCloseable {
        /** The features [n][d]. */
        double[][] features();

        /** Writes {@code (d features / d images)^T featureGrad} into {@code imageGrad}. Call at most once. */
        void backward(double[][] featureGrad, Tensor imageGrad);

        @Override
        void close();
    }

    /** The rows of a [n, d] tensor in double precision. */
    static double[][] rows(Tensor t) {
        int n = t.dim(0), d = t.dim(1);
        double[][] f = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                f[i][j] = t.get((long) i * d + j);
            }
        }
        return f;
    }
}
