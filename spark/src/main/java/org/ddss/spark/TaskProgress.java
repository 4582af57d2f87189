package org.ddss.spark;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.ddss.Progress;

/**
 * Progress on the driver while a Spark job runs: a listener that adds a finished partition's
 * units (samples) to the count each time one of its tasks succeeds. It counts every task of the
 * context, so one job at a time.
 */
final class TaskProgress implements AutoCloseable {
    private final JavaSparkContext sc;
    private final SparkListener listener;

    TaskProgress(JavaSparkContext sc, long[] unitsPerPartition, long total, Progress progress) {
        this.sc = sc;
        AtomicLong done = new AtomicLong();
        long t0 = System.nanoTime();
        listener = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                int index = end.taskInfo().index();
                if (end.reason() == Success$.MODULE$ && index < unitsPerPartition.length) {
                    long d = done.addAndGet(unitsPerPartition[index]);
                    progress.update(d, total, Double.NaN, d / ((System.nanoTime() - t0) / 1e9), null);
                }
            }
        };
        sc.sc().addSparkListener(listener);
    }

    @Override
    public void close() {
        sc.sc().removeSparkListener(listener);
    }
}
