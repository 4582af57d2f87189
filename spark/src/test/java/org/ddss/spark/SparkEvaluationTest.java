package org.ddss.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.ddss.Pipeline;
import org.ddss.Progress;
import org.ddss.evaluation.Protocol;
import org.ddss.evaluation.ProtocolChoice;
import org.ddss.evaluation.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An evaluation on Spark ({@code local[2]}, two executor threads in this JVM, a task retried
 * once on failure) gives the row of the same evaluation on one machine, whatever the number of
 * partitions, and a task that fails once and is retried changes nothing.
 */
class SparkEvaluationTest {
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("ddss-test").set("spark.ui.enabled", "false"));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    static SparkEvaluation.Job job;

    static Row alone() throws Exception {
        try (Pipeline p = Pipeline.embedded(); Protocol digits = p.digitsProtocol()) {
            job = new SparkEvaluation.Job(null, ProtocolChoice.DIGITS, p.sampler("ddim", 3), 1_000_000, 300, 50);
            return p.evaluate(digits, job.sampler(), job.n(), job.seed(), job.batch(), Progress.NONE);
        }
    }

    static void assertSameRow(Row expected, Row actual, String what) {
        assertEquals(expected.label(), actual.label(), what);
        assertEquals(expected.samples(), actual.samples(), what);
        for (String net : expected.fid().keySet()) {
            double e = expected.fid().get(net), a = actual.fid().get(net);
            // The feature sums are merged partition by partition: equal up to float64 summation order.
            assertEquals(e, a, 1e-9 * Math.abs(e), what + ": FID " + net);
            // KID reads the features themselves, in sample order: exactly equal.
            assertEquals(expected.kid().get(net), actual.kid().get(net), what + ": KID " + net);
        }
        assertEquals(expected.labels().confident(), actual.labels().confident(), what);
        assertArrayEquals(expected.labels().classShare(), actual.labels().classShare(), what);
    }

    @Test
    void anyNumberOfPartitionsGivesTheSingleMachineRow() throws Exception {
        Row alone = alone();
        for (int partitions : new int[] {1, 2, 5}) {
            List<Long> done = new java.util.concurrent.CopyOnWriteArrayList<>();
            assertSameRow(alone, SparkEvaluation.run(sc, job, partitions, (step, total, loss, rate, message) -> done.add(step)),
                    partitions + " partitions");
            // Progress on the driver as partitions finish, ending at all the samples.
            assertTrue(!done.isEmpty() && done.getLast() == 300 && done.stream().allMatch(d -> d > 0 && d <= 300), done.toString());
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithoutChangingTheRow() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        Row alone = alone();
        Workers.taskHook = partition -> {
            if (partition == 1 && TaskContext.get().attemptNumber() == 0) {
                failures.incrementAndGet();
                throw new IllegalStateException("injected failure of partition 1, first attempt");
            }
        };
        try {
            assertSameRow(alone, SparkEvaluation.run(sc, job, 3, Progress.NONE), "3 partitions, one retried");
            assertEquals(1, failures.get(), "the injected failure happened once");
        } finally {
            Workers.taskHook = partition -> { };
        }
    }

    @Test
    void partitionsFallOnBatchBoundaries() {
        assertEquals(List.of("0+100", "100+100", "200+100"), SparkEvaluation.ranges(300, 50, 3).stream()
                .map(r -> r[0] + "+" + r[1]).toList());
        assertEquals(List.of("0+50", "50+30"), SparkEvaluation.ranges(80, 50, 7).stream().map(r -> r[0] + "+" + r[1]).toList());
        assertTrue(SparkEvaluation.ranges(10, 50, 4).size() == 1);
    }
}
