package org.ddss.backend;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The thread pool of the {@code java} backend and the one thread-count setting shared with
 * oneDNN: system property {@code ddss.threads} (default: available processors).
 */
public final class Parallel {
    /** The thread count every backend uses. */
    public static final int THREADS = Integer.getInteger("ddss.threads", Runtime.getRuntime().availableProcessors());

    /** The helpers: the calling thread is the other worker of every {@link #forRange}. */
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, THREADS - 1));

    private Parallel() {}

    /** Body over an index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks (fixed by n and grain,
     * so results do not depend on which thread runs which chunk). The calling thread takes
     * chunks itself, beside up to {@code THREADS - 1} pool helpers woken for the call: work
     * starts at once instead of after a worker wakes, and a helper that wakes late finds
     * nothing left. Small or single-threaded work runs inline. {@code grain} is the smallest
     * chunk worth a thread. An exception from the body is rethrown here, after every chunk
     * already started has finished (they may touch memory the caller frees next).
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.min(THREADS * 4, Math.max(1, n / Math.max(1, grain)));
        if (THREADS <= 1 || chunks <= 1) {
            body.run(0, n);
            return;
        }
        Split split = new Split(n, chunks, body);
        try {
            for (int h = 1; h < Math.min(THREADS, chunks); h++) {
                POOL.execute(split::work);
            }
        } finally {
            // Even if a helper could not be queued: every chunk runs, and none is still running
            // on return.
            split.work();
            split.await();
        }
    }

    /** One call's chunks, taken in order by whichever thread asks next. */
    private static final class Split {
        private final int n;
        private final int chunks;
        private final RangeBody body;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Split(int n, int chunks, RangeBody body) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.done = new CountDownLatch(chunks);
        }

        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t == null) {
                return;
            }
            // The body's own exception, with where the caller was waiting for it.
            t.addSuppressed(new Exception("rethrown by Parallel.forRange in thread " + Thread.currentThread().getName()));
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("parallel kernel failed", t);
        }
    }
}
