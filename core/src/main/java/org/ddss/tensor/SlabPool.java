package org.ddss.tensor;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Native slabs that closed {@link TensorArena}s hand back for the next arena to reuse. A tape
 * per model call allocates the same sizes again and again; fresh native memory costs page
 * faults and zeroing on every call (measured: about as much time as oneDNN's own kernels in a
 * UNet forward pass), a pooled slab costs nothing. Pooled bytes are bounded by the system
 * property {@code ddss.pool.bytes} (default: three quarters of the machine's physical memory,
 * so that a tape of many GiB, the 256-pixel DDPM's input VJP at batch 4, is not unmapped and
 * faulted in again on every call; 0 disables pooling, so every slab is unmapped when its arena
 * closes). A stale tensor access fails either way: each arena's views close with it.
 */
final class SlabPool {
    /** Slab size for small tensors, which arenas pack by bump allocation. */
    static final long SLAB = 4L << 20;
    /** Large requests get a slab of their own, rounded up to this granularity so sizes recur. */
    static final long GRAIN = 1L << 20;
    static final long MAX_POOLED = Long.getLong("ddss.pool.bytes", defaultBound());

    /** Three quarters of the physical memory (3 GiB where the JVM cannot tell). */
    private static long defaultBound() {
        return NativeMemory.physicalBytes() / 4 * 3;
    }

    /** One native allocation, freed on its own, so that it can outlive the arena that used it. */
    record Slab(NativeAllocator.Allocation allocation, MemorySegment segment) {
        long size() {
            return segment.byteSize();
        }

        void free() {
            allocation.release();
        }
    }

    private static final Map<Long, ArrayDeque<Slab>> FREE = new HashMap<>();
    private static long pooled;

    private SlabPool() {}

    /** A slab of at least {@code bytes} (contents undefined), from the pool when one fits exactly. */
    static Slab take(long bytes) {
        long size = bytes <= SLAB ? SLAB : (bytes + GRAIN - 1) / GRAIN * GRAIN;
        Slab s = null;
        synchronized (SlabPool.class) {
            ArrayDeque<Slab> q = FREE.get(size);
            if (q != null && !q.isEmpty()) {
                s = q.pop();
                pooled -= size;
            }
        }
        if (s == null) {
            NativeAllocator.Allocation a = NativeMemory.allocator().allocate(size, TensorArena.ALIGNMENT);
            s = new Slab(a, a.segment());
        }
        NativeMemory.allocated(size);
        return s;
    }

    /** Returns a slab: pooled while the bound allows, else unmapped. */
    static void give(Slab s) {
        NativeMemory.released(s.size());
        synchronized (SlabPool.class) {
            if (pooled + s.size() <= MAX_POOLED) {
                FREE.computeIfAbsent(s.size(), k -> new ArrayDeque<>()).push(s);
                pooled += s.size();
                return;
            }
        }
        s.free();
    }

    /** Bytes held in the pool, not in use. */
    static synchronized long pooledBytes() {
        return pooled;
    }

    /** Unmaps every pooled slab. */
    static void trim() {
        ArrayDeque<Slab> all = new ArrayDeque<>();
        synchronized (SlabPool.class) {
            for (ArrayDeque<Slab> q : FREE.values()) {
                all.addAll(q);
            }
            FREE.clear();
            pooled = 0;
        }
        for (Slab s : all) {
            s.free();
        }
    }
}
