package org.ddss.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.ddss.Pipeline;
import org.ddss.Progress;
import org.ddss.diffusion.Sampler;
import org.ddss.diffusion.Sampling;
import org.ddss.evaluation.Protocol;
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
     * What an executor needs to rebuild the work: serializable, small. {@code model} is a
     * diffusers folder every executor can read, or null for the embedded digits model; the
     * protocol is the digits one.
     */
    public record Job(String model, String sampler, int steps, long seed, int n, int batch) implements Serializable {
        public Job {
            if (n < 2 || batch < 1 || steps < 1) {
                throw new IllegalArgumentException("an evaluation needs n >= 2, batch >= 1 and steps >= 1, got n=" + n
                        + ", batch=" + batch + ", steps=" + steps);
            }
        }
    }

    /** A pipeline and its protocol, opened once per executor JVM and job model. */
    private record Opened(Pipeline pipeline, Protocol protocol) {}

    private static final Map<String, Opened> OPENED = new ConcurrentHashMap<>();

    /**
     * Called with the partition index at the start of every task attempt, on the executor: a
     * test's fault injection (throwing makes Spark retry the task). Does nothing by default.
     */
    static volatile IntConsumer taskHook = partition -> { };

    private SparkEvaluation() {}

    /** Runs the job on {@code partitions} partitions (at most one per sampling batch) and combines the row. */
    public static Row run(JavaSparkContext sc, Job job, int partitions) {
        List<long[]> ranges = ranges(job.n(), job.batch(), partitions);
        long t0 = System.nanoTime();
        List<Protocol.Part> parts = sc.parallelize(ranges, ranges.size())
                .map(r -> measure(job, r[0], (int) r[1]))
                .collect();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Opened driver = open(job.model());
        Sampler sampler = driver.pipeline().sampler(job.sampler(), job.steps());
        return driver.protocol().combine(sampler.name(), sampler.times().length, seconds, parts);
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
        TaskContext task = TaskContext.get();
        taskHook.accept(task == null ? -1 : task.partitionId());
        Opened o = open(job.model());
        Sampler sampler = o.pipeline().sampler(job.sampler(), job.steps());
        try (TensorArena arena = new TensorArena()) {
            Tensor samples = Sampling.generate(sampler, o.pipeline().predictor(), job.seed(), first, count, job.batch(),
                    o.pipeline().sampleShape(), arena, Progress.NONE);
            return o.protocol().measure(first, samples);
        }
    }

    private static Opened open(String model) {
        return OPENED.computeIfAbsent(model == null ? "" : model, key -> {
            try {
                Pipeline p = Pipeline.open(model == null ? null : Path.of(model));
                return new Opened(p, p.digitsProtocol());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
