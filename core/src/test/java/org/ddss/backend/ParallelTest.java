package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
