package org.ddss.search;

import java.util.Objects;
import org.ddss.backend.Backend;
import org.ddss.diffusion.DifferentiableNoisePredictor;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.Reference;
import org.ddss.features.FeatureNetwork;
import org.ddss.tensor.Tensor;

/**
 * What a search minimises: the KID ({@link KidLoss}) between the features {@code network}
 * gives a chain's samples and the reference features the loss holds, with the model behind
 * {@code predictor} frozen.
 *
 * @param predictor   the model, differentiable with respect to its input and time
 * @param sampleShape one sample's shape [H, W, C], the model's own
 * @param network     the feature network the loss reads
 * @param reference   the name of the reference image set, for checkpoints and messages
 * @param loss        the KID against the reference features (linear kernel by default)
 * @param backend     where the feature network runs
 */
public record Objective(DifferentiableNoisePredictor predictor, int[] sampleShape, FeatureNetwork network, String reference,
                        KidLoss loss, Backend backend) {
    public Objective {
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(backend, "backend");
        sampleShape = sampleShape.clone();
        if (!network.accepts(sampleShape)) {
            throw new IllegalArgumentException(network.name() + " reads " + network.inputDescription() + ", but the model makes "
                    + Protocol.shape(sampleShape) + " samples");
        }
        if (loss.dimension() != network.featureDim()) {
            throw new IllegalArgumentException("the loss compares features of width " + loss.dimension() + ", but "
                    + network.name() + " gives " + network.featureDim());
        }
    }

    /** The KID of {@code kernel} against {@code reference}, on the model behind {@code predictor}. */
    public static Objective of(DifferentiableNoisePredictor predictor, int[] sampleShape, Reference reference,
                               KidLoss.Kernel kernel, Backend backend) {
        requireKernel(reference, kernel);
        KidLoss loss = reference.features() != null ? new KidLoss(kernel, reference.features()) : KidLoss.linear(reference.stats());
        return new Objective(predictor, sampleShape, reference.network(), reference.set(), loss, backend);
    }

    /** Fails, in one sentence, unless the loss of {@code kernel} can be built against {@code reference}. */
    public static void requireKernel(Reference reference, KidLoss.Kernel kernel) {
        if (reference.features() == null && kernel != KidLoss.Kernel.LINEAR) {
            throw new IllegalArgumentException("the " + kernel.id() + " KID loss needs the reference's features; " + reference.set()
                    + " holds only statistics (the linear kernel works from them; 'ddss stats' keeps the features)");
        }
    }

    /** The search protocol's objective: its search network against its reference images. */
    public static Objective of(DifferentiableNoisePredictor predictor, int[] sampleShape, Protocol protocol,
                               KidLoss.Kernel kernel) {
        protocol.requireShape(sampleShape);
        return of(predictor, sampleShape, protocol.searchReference(), kernel, protocol.backend());
    }

    private static boolean finite(Tensor t) {
        for (long i = 0, n = t.size(); i < n; i++) {
            if (!Float.isFinite(t.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The model's fingerprint where the predictor is a UNet, for checkpoints; else its type. */
    public String model() {
        return predictor instanceof org.ddss.model.UNetPredictor u ? u.model().fingerprint() : predictor.getClass().getName();
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** {@code <network> vs <reference>}: what a checkpoint records of the objective. */
    public String features() {
        return network.name() + " vs " + reference;
    }

    /**
     * The loss of samples [n, H, W, C], writing its gradient with respect to them into
     * {@code grad}; NaN (and a zero gradient) where a sample is not finite, so that the search
     * skips the step instead of handing the network input it refuses.
     */
    public double value(Tensor samples, Tensor grad) {
        if (!finite(samples)) {
            grad.fill(0f);
            return Double.NaN;
        }
        try (FeatureNetwork.Pass pass = network.record(samples, backend)) {
            double[][] f = pass.features();
            double[][] fg = new double[f.length][f[0].length];
            double value = loss.value(f, fg);
            pass.backward(fg, grad);
            return value;
        }
    }

    /**
     * The features of samples [n, H, W, C] as the loss reads them, [n][d]; every entry NaN where a
     * sample is not finite. With {@link #backward}, the two halves of {@link #value(Tensor, Tensor)}
     * for a batch shared among workers: the loss and its gradient need every worker's features
     * ({@link KidLoss#value} over their rows together), each worker then takes its own rows' gradient
     * back through the network.
     */
    public double[][] features(Tensor samples) {
        if (!finite(samples)) {
            double[][] nan = new double[samples.dim(0)][network.featureDim()];
            for (double[] row : nan) {
                java.util.Arrays.fill(row, Double.NaN);
            }
            return nan;
        }
        return network.extract(samples, backend, samples.dim(0));
    }

    /**
     * Takes {@code featureGrad} (the loss's gradient with respect to the features of
     * {@code samples}, [n][d]) back through the network into {@code grad}, shaped as the samples.
     */
    public void backward(Tensor samples, double[][] featureGrad, Tensor grad) {
        try (FeatureNetwork.Pass pass = network.record(samples, backend)) {
            pass.backward(featureGrad, grad);
        }
    }

    /** The loss of samples, their features computed {@code batch} at a time, without a gradient (NaN where a sample is not finite). */
    public double value(Tensor samples, int batch) {
        if (!finite(samples)) {
            return Double.NaN;
        }
        double[][] f = network.extract(samples, backend, batch);
        return loss.value(f, new double[f.length][f[0].length]);
    }
}
