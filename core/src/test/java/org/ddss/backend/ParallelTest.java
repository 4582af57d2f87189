package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyIndexRunsOnceWhateverTheGrain() {
        for (int n : new int[] {0, 1, 7, 100, 1000}) {
            for (int grain : new int[] {1, 3, 64}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                Parallel.forRange(n, grain, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        seen.incrementAndGet(i);
                    }
                });
                int[] counts = new int[n];
                for (int i = 0; i < n; i++) {
                    counts[i] = seen.get(i);
                }
                int[] ones = new int[n];
                Arrays.fill(ones, 1);
                assertArrayEquals(ones, counts, "n " + n + ", grain " + grain);
            }
        }
    }

    @Test
    void aFailingChunkRethrowsItsOwnException() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(64, 1,
                (from, to) -> {
                    if (from == 0) {
                        throw new IllegalArgumentException("chunk at 0");
                    }
                }));
        assertEquals("chunk at 0", e.getMessage());
    }

    @Test
    void anExceptionArrivesOnlyAfterTheChunksAlreadyRunningHaveFinished() {
        AtomicIntegerArray finished = new AtomicIntegerArray(1);
        assertThrows(IllegalStateException.class, () -> Parallel.forRange(2, 1, (from, to) -> {
            if (from == 0) {
                throw new IllegalStateException("first chunk");
            }
            sleep(200);
            finished.set(0, 1);
        }));
        // Chunk 1 started before chunk 0 failed (two threads) or after it (then it is skipped):
        // either way nothing is still running, so the flag cannot change any more.
        int seen = finished.get(0);
        sleep(300);
        assertEquals(seen, finished.get(0));
    }

    @Test
    void anInterruptedCallerStillWaitsForItsChunksAndKeepsTheInterrupt() {
        AtomicIntegerArray done = new AtomicIntegerArray(8);
        Thread.currentThread().interrupt();
        try {
            Parallel.forRange(8, 1, (from, to) -> {
                sleep(20);
                for (int i = from; i < to; i++) {
                    done.set(i, 1);
                }
            });
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(1, done.get(i), "chunk " + i);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void nestedCallsFromInsideABodyComplete() {
        AtomicIntegerArray seen = new AtomicIntegerArray(40 * 40);
        Parallel.forRange(40, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i;
                Parallel.forRange(40, 1, (f2, t2) -> {
                    for (int j = f2; j < t2; j++) {
                        seen.incrementAndGet(row * 40 + j);
                    }
                });
            }
        });
        for (int k = 0; k < 40 * 40; k++) {
            assertEquals(1, seen.get(k), "cell " + k);
        }
    }
}
