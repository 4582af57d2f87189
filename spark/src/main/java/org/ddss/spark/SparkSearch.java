package org.ddss.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.ddss.evaluation.ProtocolChoice;
import org.ddss.search.KidLoss;
import org.ddss.search.Objective;
import org.ddss.search.Search;
import org.ddss.search.SearchSpace;
import scala.Tuple2;

/**
 * A data-parallel DDSS search on a Spark cluster: each step's batch is cut into shares, one per
 * partition, each with its own samples' noise. The KID needs every sample's features at once, so
 * a step is two Spark jobs: the executors return their shares' features
 * ({@link Search#features}); the driver computes the loss and its gradient with respect to every
 * feature row ({@link KidLoss#value}) and hands each share its rows; the executors run their chains
 * again and take those rows' gradient back to the parameters
 * ({@link Search#gradient(double[], long, int, double[][])}), and the driver sums them
 * ({@code treeReduce}) for the Adam step, which, with validation and checkpoints, stays the
 * driver's ({@link Search#run(java.nio.file.Path, boolean, org.ddss.Progress, Search.Gradients)}).
 * The step equals the one-machine step on the whole batch up to float rounding; the second chain
 * pass costs about a quarter more model work than one rematerialised step.
 */
public final class SparkSearch {
    /**
     * What an executor needs to rebuild the search: serializable, small.
     *
     * @param id       names the job in each executor's cache of searches (their objectives are costly to build)
     * @param model    a diffusers folder every executor can read, or null for the embedded model
     * @param protocol the protocol whose search network and reference the loss reads
     * @param space    the sampler family, K and start times
     * @param settings the search's settings (batch, seed, clipping, activations)
     * @param kernel   the KID kernel of the loss
     */
    public record Job(String id, String model, ProtocolChoice protocol, SearchSpace space, Search.Settings settings, KidLoss.Kernel kernel)
            implements Serializable {
        public Job {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(space, "space");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(kernel, "kernel");
        }

        /** The job of {@code search}, a search on the model folder {@code model} (null: embedded) under {@code protocol}. */
        public static Job of(String model, ProtocolChoice protocol, Search search) {
            return new Job(java.util.UUID.randomUUID().toString(), model, protocol, search.space(), search.settings(),
                    search.objective().loss().kernel());
        }
    }

    private SparkSearch() {}

    /**
     * Each step's loss and gradient from the cluster, in {@code partitions} shares of the batch;
     * {@code driver} is the same search on the driver, whose objective computes the loss.
     */
    public static Search.Gradients gradients(JavaSparkContext sc, Search driver, Job job, int partitions) {
        return (theta, step) -> step(sc, driver.objective(), job, theta, (long) step * job.settings().batch(),
                job.settings().batch(), partitions);
    }

    /** The loss and gradient at theta on noise samples {@code first .. first + batch - 1}, in {@code partitions} shares. */
    static Search.Gradient step(JavaSparkContext sc, Objective objective, Job job, double[] theta, long first, int batch,
                                int partitions) {
        List<long[]> shares = shares(first, batch, partitions);
        List<double[][]> parts = sc.parallelize(shares, shares.size())
                .map(r -> executorSearch(job).features(theta, r[0], (int) r[1]))
                .collect();
        double[][] features = parts.stream().flatMap(Arrays::stream).toArray(double[][]::new);
        double[][] featureGrad = new double[batch][features[0].length];
        double loss = objective.loss().value(features, featureGrad);
        if (!Double.isFinite(loss)) {
            double[] nan = new double[theta.length];
            Arrays.fill(nan, Double.NaN);
            return new Search.Gradient(loss, nan);
        }
        List<Tuple2<long[], double[][]>> work = new ArrayList<>();
        int row = 0;
        for (long[] r : shares) {
            work.add(new Tuple2<>(r, Arrays.copyOfRange(featureGrad, row, row + (int) r[1])));
            row += (int) r[1];
        }
        double[] grad = sc.parallelize(work, work.size())
                .map(w -> executorSearch(job).gradient(theta, w._1()[0], (int) w._1()[1], w._2()))
                .treeReduce(SparkSearch::sum);
        return new Search.Gradient(loss, grad);
    }

    /** The ranges {@code [first, count]} of a batch in at most {@code partitions} shares of nearly equal size. */
    static List<long[]> shares(long first, int batch, int partitions) {
        int pieces = Math.max(1, Math.min(partitions, batch));
        List<long[]> out = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            long from = (long) batch * p / pieces, to = (long) batch * (p + 1) / pieces;
            out.add(new long[] {first + from, to - from});
        }
        return out;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b[i];
        }
        return s;
    }

    private static final java.util.Map<String, Search> SEARCHES = new java.util.concurrent.ConcurrentHashMap<>();

    /** The job's search on this executor's model and protocol, built once per JVM and job. */
    private static Search executorSearch(Job job) {
        Workers.taskStarted();
        return SEARCHES.computeIfAbsent(job.id(), id -> {
            Workers.Opened o = Workers.open(job.model(), job.protocol());
            Objective objective = Objective.of(o.pipeline().predictor(), o.pipeline().sampleShape(), o.protocol(), job.kernel());
            return new Search(job.space(), objective, job.settings(), o.protocol().seeds());
        });
    }
}
