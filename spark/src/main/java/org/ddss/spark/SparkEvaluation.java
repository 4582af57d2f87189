package org.ddss.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.ddss.Progress;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Sampling;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.ProtocolChoice;
import org.ddss.evaluation.Row;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * An evaluation ({@code ddss eval}'s row) spread over a Spark cluster. The samples' index range
 * is cut into partitions aligned to the sampling batch; each executor opens the model and the
 * protocol once per JVM, draws its samples with the noise of their own indices and returns a
 * {@link Protocol.Part} (the feature sums, the features where KID needs them, the labeller's
 * counts); the driver combines the parts into the row. The samples are those of one machine's
 * run, batch for batch, so the row equals it up to the order of float64 sums.
 */
public final class SparkEvaluation {
    /**
     * What an executor needs to redo the work: serializable, small. {@code model} is a diffusers
     * folder every executor can read, or null for the embedded digits model.
     *
     * @param model    the model folder, or null for the embedded model
     * @param protocol the protocol the executors measure with
     * @param sampler  the sampler (a value: times, coefficients, schedule)
     * @param seed     the evaluation seed
     * @param n        samples
     * @param batch    samples per sampling batch
     */
    public record Job(String model, ProtocolChoice protocol, Sampler sampler, long seed, int n, int batch) implements Serializable {
        public Job {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(sampler, "sampler");
            if (n < 2 || batch < 1) {
                throw new IllegalArgumentException("an evaluation needs n >= 2 and batch >= 1, got n=" + n + ", batch=" + batch);
            }
        }
    }

    private SparkEvaluation() {}

    /**
     * Runs the job on {@code partitions} partitions (at most one per sampling batch) and combines
     * the row on the driver, reporting samples done as partitions finish.
     */
    public static Row run(JavaSparkContext sc, Job job, int partitions, Progress progress) {
        return run(sc, job, partitions, Workers.open(job.model(), job.protocol()).protocol(), progress);
    }

    /** {@link #run(JavaSparkContext, Job, int, Progress)} combining on {@code protocol}, the job's protocol already open on the driver. */
    public static Row run(JavaSparkContext sc, Job job, int partitions, Protocol protocol, Progress progress) {
        List<long[]> ranges = ranges(job.n(), job.batch(), partitions);
        long t0 = System.nanoTime();
        List<Protocol.Part> parts;
        try (TaskProgress tasks = new TaskProgress(sc, ranges.stream().mapToLong(r -> r[1]).toArray(), job.n(), progress)) {
            parts = sc.parallelize(ranges, ranges.size()).map(r -> measure(job, r[0], (int) r[1])).collect();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // The listener's events may trail the job's end: the last word is the whole count.
        progress.update(job.n(), job.n(), Double.NaN, job.n() / seconds, null);
        return protocol.combine(job.sampler().name(), job.sampler().times().length, seconds, parts);
    }

    /**
     * The index ranges {@code [first, count]} of {@code n} samples in at most {@code partitions}
     * pieces whose bounds fall on multiples of {@code batch}.
     */
    static List<long[]> ranges(int n, int batch, int partitions) {
        int batches = (n + batch - 1) / batch;
        int pieces = Math.max(1, Math.min(partitions, batches));
        List<long[]> out = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            long from = (long) batches * p / pieces * batch, to = Math.min(n, (long) batches * (p + 1) / pieces * batch);
            out.add(new long[] {from, to - from});
        }
        return out;
    }

    private static Protocol.Part measure(Job job, long first, int count) {
        Workers.taskStarted();
        Workers.Opened o = Workers.open(job.model(), job.protocol());
        try (TensorArena arena = new TensorArena()) {
            Tensor samples = Sampling.generate(job.sampler(), o.pipeline().predictor(), job.seed(), first, count, job.batch(),
                    o.pipeline().sampleShape(), arena, Progress.NONE);
            return o.protocol().measure(first, samples);
        }
    }
}
