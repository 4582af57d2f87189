package org.ddss.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.ddss.Progress;
import org.ddss.evaluation.ProtocolChoice;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.Init;
import org.ddss.search.KidLoss;
import org.ddss.search.Objective;
import org.ddss.search.Search;
import org.ddss.search.SearchSpace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A data-parallel search step on Spark ({@code local[2]}) equals the one-machine step on the same
 * batch, whatever the number of shares, with a retried task, and over a short run of Adam steps.
 */
class SparkSearchTest {
    static JavaSparkContext sc;
    static Search alone;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("ddss-test").set("spark.ui.enabled", "false"));
        sc.setLogLevel("WARN");
        Workers.Opened o = Workers.open(null, ProtocolChoice.DIGITS);
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 3, true, Conversion.MARGINALS, o.pipeline().schedule());
        Objective objective = Objective.of(o.pipeline().predictor(), o.pipeline().sampleShape(), o.protocol(), KidLoss.Kernel.LINEAR);
        alone = new Search(space, objective, Search.Settings.defaults(Init.DDIM).withBatch(12).withIterations(3).withValidation(0, 0),
                o.protocol().seeds());
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    static void assertClose(Search.Gradient expected, Search.Gradient actual, String what) {
        assertEquals(expected.loss(), actual.loss(), 1e-5 * Math.abs(expected.loss()), what + ": loss");
        double scale = 0;
        for (double v : expected.grad()) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, what);
        for (int i = 0; i < expected.grad().length; i++) {
            // Shares run the UNet on smaller batches: equal up to float32 rounding.
            assertEquals(expected.grad()[i], actual.grad()[i], 1e-4 * scale, what + ": parameter " + i);
        }
    }

    @Test
    void aStepInSharesEqualsTheOneMachineStep() {
        double[] theta = alone.space().initial(Init.DDIM);
        Search.Gradient one = alone.gradient(theta, 1);
        SparkSearch.Job job = SparkSearch.Job.of(null, ProtocolChoice.DIGITS, alone);
        for (int partitions : new int[] {1, 2, 5}) {
            assertClose(one, SparkSearch.gradients(sc, alone, job, partitions).at(theta, 1), partitions + " shares");
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithoutChangingTheStep() {
        double[] theta = alone.space().initial(Init.DDIM);
        Search.Gradient one = alone.gradient(theta, 0);
        AtomicInteger failures = new AtomicInteger();
        Workers.taskHook = partition -> {
            if (partition == 1 && TaskContext.get().attemptNumber() == 0) {
                failures.incrementAndGet();
                throw new IllegalStateException("injected failure of partition 1, first attempt");
            }
        };
        try {
            SparkSearch.Job job = SparkSearch.Job.of(null, ProtocolChoice.DIGITS, alone);
            assertClose(one, SparkSearch.gradients(sc, alone, job, 3).at(theta, 0), "3 shares, one retried in each pass");
            assertEquals(2, failures.get(), "the injected failure happened once in each of the step's two jobs");
        } finally {
            Workers.taskHook = partition -> { };
        }
    }

    @Test
    void aShortSearchOnTheClusterFollowsTheOneMachineSearch() throws Exception {
        Search.Result one = alone.run(null, false, Progress.NONE);
        SparkSearch.Job job = SparkSearch.Job.of(null, ProtocolChoice.DIGITS, alone);
        Search.Result spread = alone.run(null, false, Progress.NONE, SparkSearch.gradients(sc, alone, job, 2));
        for (int k = 0; k < one.losses().length; k++) {
            assertEquals(one.losses()[k], spread.losses()[k], 1e-4 * Math.abs(one.losses()[k]), "loss of step " + k);
        }
        for (int i = 0; i < one.theta().length; i++) {
            assertEquals(one.theta()[i], spread.theta()[i], 1e-4, "parameter " + i + " after 3 steps");
        }
    }

    @Test
    void sharesCoverTheBatchOnce() {
        assertEquals(List.of("10+4", "14+4", "18+4"), SparkSearch.shares(10, 12, 3).stream().map(r -> r[0] + "+" + r[1]).toList());
        assertEquals(List.of("0+1", "1+1"), SparkSearch.shares(0, 2, 5).stream().map(r -> r[0] + "+" + r[1]).toList());
    }
}
