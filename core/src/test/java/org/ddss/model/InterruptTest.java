package org.ddss.model;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.ddss.Pipeline;
import org.ddss.Progress;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;

/** A cancelled sampling stops within one model call, with a CancellationException, instead of running on. */
class InterruptTest {
    @Test
    void cancellingASamplingStopsItBetweenModelCalls() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1), finished = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        try (Pipeline p = Pipeline.open(null)) {
            Future<?> task = pool.submit(() -> {
                started.countDown();
                try (TensorArena ar = new TensorArena()) {
                    // Several seconds of work: 400 samples at K = 20.
                    p.sample(p.sampler("ddim", 20), 400, 1_000_000, 8, ar, Progress.NONE);
                } catch (Throwable t) {
                    ended.set(t);
                } finally {
                    finished.countDown();
                }
            });
            assertTrue(started.await(30, TimeUnit.SECONDS));
            Thread.sleep(300);
            long t0 = System.nanoTime();
            task.cancel(true);
            assertTrue(finished.await(10, TimeUnit.SECONDS), "the task ended");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertTrue(seconds < 1.0, "stopped " + seconds + " s after the cancel (one model call at batch 8 is far less)");
            assertInstanceOf(java.util.concurrent.CancellationException.class, ended.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
