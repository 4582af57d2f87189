package org.ddss.backend;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The thread pool of the {@code java} backend and the one thread-count setting shared with
 * oneDNN: system property {@code ddss.threads} (default: available processors).
 */
public final class Parallel {
    /** The thread count every backend uses. */
    public static final int THREADS = Integer.getInteger("ddss.threads", Runtime.getRuntime().availableProcessors());

    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, THREADS));

    private Parallel() {}

    /** Body over an index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks, one task per chunk,
     * in the backend's pool. Small or single-threaded work runs inline.
     * {@code grain} is the smallest chunk worth a task.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(THREADS * 4, Math.max(1, n / Math.max(1, grain)));
        if (THREADS <= 1 || chunks <= 1) {
            body.run(0, n);
            return;
        }
        POOL.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
            long from = (long) n * c / chunks;
            long to = (long) n * (c + 1) / chunks;
            body.run((int) from, (int) to);
        })).join();
    }
}
