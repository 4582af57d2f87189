package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

class DerivedWeightsTest {
    /** Doubles every float; counts how often it ran. */
    final AtomicInteger made = new AtomicInteger();
    final BiConsumer<MemorySegment, MemorySegment> twice = (from, to) -> {
        made.incrementAndGet();
        for (long i = 0; i < from.byteSize() / Float.BYTES; i++) {
            to.setAtIndex(ValueLayout.JAVA_FLOAT, i, 2 * from.getAtIndex(ValueLayout.JAVA_FLOAT, i));
        }
    };

    static MemorySegment weights(Arena arena, float first) {
        MemorySegment s = arena.allocate(16, 64);
        for (int i = 0; i < 4; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, first + i);
        }
        return s.asReadOnly();
    }

    @Test
    void madeOncePerSourceAndForm() {
        try (DerivedWeights cache = new DerivedWeights(); Arena a = Arena.ofConfined()) {
            MemorySegment w = weights(a, 1);
            MemorySegment d = cache.get(w, "layout A", 16, twice);
            assertEquals(6f, d.getAtIndex(ValueLayout.JAVA_FLOAT, 2));
            assertSame(d, cache.get(w, "layout A", 16, twice));
            assertEquals(1, made.get());
            cache.get(w, "layout B", 16, twice);
            assertEquals(2, made.get(), "another form is another entry");
            assertEquals(2, cache.size());
        }
    }

    /** Pooled memory: the same address and scope later hold other weights. */
    @Test
    void changedContentsAreRemadeInPlace() {
        try (DerivedWeights cache = new DerivedWeights(); Arena a = Arena.ofConfined()) {
            MemorySegment writable = a.allocate(16, 64);
            MemorySegment w = writable.asReadOnly();
            writable.setAtIndex(ValueLayout.JAVA_FLOAT, 1, 5f);
            MemorySegment d = cache.get(w, "layout A", 16, twice);
            assertEquals(10f, d.getAtIndex(ValueLayout.JAVA_FLOAT, 1));
            writable.setAtIndex(ValueLayout.JAVA_FLOAT, 1, 7f);
            assertSame(d, cache.get(w, "layout A", 16, twice), "remade in the same memory");
            assertEquals(14f, d.getAtIndex(ValueLayout.JAVA_FLOAT, 1));
            assertEquals(2, made.get());
            cache.get(w, "layout A", 16, twice);
            assertEquals(2, made.get(), "unchanged contents are not remade");
            assertEquals(1, cache.size());
        }
    }

    @Test
    void writableWeightsAreRefused() {
        try (DerivedWeights cache = new DerivedWeights(); Arena a = Arena.ofConfined()) {
            MemorySegment w = a.allocate(16);
            assertThrows(IllegalArgumentException.class, () -> cache.get(w, "layout A", 16, twice));
            assertEquals(0, made.get());
        }
    }

    /** Pooled memory: a new tensor over part of an old one's range means the old one is gone. */
    @Test
    void overlappingSourcesReplaceWhatTheyCover() {
        try (DerivedWeights cache = new DerivedWeights(); Arena a = Arena.ofConfined()) {
            MemorySegment all = a.allocate(64, 64);
            cache.get(all.asSlice(0, 16).asReadOnly(), "layout A", 16, twice);
            cache.get(all.asSlice(0, 16).asReadOnly(), "layout B", 16, twice);
            assertEquals(2, cache.size());
            cache.get(all.asSlice(8, 16).asReadOnly(), "layout A", 16, twice);
            assertEquals(1, cache.size(), "both forms of [0, 16) went with it");
            cache.get(all.asSlice(32, 16).asReadOnly(), "layout A", 16, twice);
            assertEquals(2, cache.size(), "a range apart is kept beside it");
            cache.get(all.asSlice(0, 32).asReadOnly(), "layout A", 32, twice);
            assertEquals(2, cache.size(), "[0, 32) replaced [8, 24), not [32, 48)");
        }
    }

    @Test
    void closedSourcesAreDropped() {
        try (DerivedWeights cache = new DerivedWeights()) {
            for (int round = 0; round < 5; round++) {
                try (Arena a = Arena.ofConfined()) {
                    // The allocator may hand a new arena the address of the last one's memory.
                    MemorySegment w = weights(a, 10 * round);
                    MemorySegment d = cache.get(w, "layout A", 16, twice);
                    assertEquals(2f * (10 * round + 3), d.getAtIndex(ValueLayout.JAVA_FLOAT, 3), "round " + round);
                    assertEquals(1, cache.size(), "the previous round's copy is gone");
                }
            }
            assertEquals(5, made.get());
        }
    }
}
