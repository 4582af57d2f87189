package org.ddss.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide accounting of the native bytes this library holds: the slabs of open
 * {@link TensorArena}s and every {@link Workspace}. Tests use {@link #liveBytes()} to prove that
 * nothing leaks; searches use {@link #peakBytes()} to measure memory. Slabs that closed arenas
 * returned to the pool for reuse are counted apart ({@link #pooledBytes()}).
 */
public final class NativeMemory {
    private static final AtomicLong LIVE = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();
    private static volatile NativeAllocator allocator = NativeAllocator.HOST;

    private NativeMemory() {}

    /** Bytes currently allocated and not yet released. */
    public static long liveBytes() {
        return LIVE.get();
    }

    /** The highest value {@link #liveBytes()} reached since the last {@link #resetPeak()}. */
    public static long peakBytes() {
        return PEAK.get();
    }

    /** Bytes of free slabs kept for reuse, not in use by any arena. */
    public static long pooledBytes() {
        return SlabPool.pooledBytes();
    }

    /** Unmaps the free slabs kept for reuse (e.g. after a large job, before a long idle time). */
    public static void trimPool() {
        SlabPool.trim();
    }

    /** Where new slabs and workspaces come from (default {@link NativeAllocator#HOST}). */
    public static NativeAllocator allocator() {
        return allocator;
    }

    /**
     * Makes new native memory come from {@code a}, and frees the pooled slabs of the previous
     * allocator so that none is handed out again. Memory already in use stays where it is: install
     * the allocator before allocating the tensors that must live in it (the cuda backend does so
     * when it opens, before any model is loaded for it).
     */
    public static synchronized void useAllocator(NativeAllocator a) {
        if (a != allocator) {
            allocator = a;
            SlabPool.trim();
        }
    }

    /** Restarts peak tracking from the current live bytes. */
    public static void resetPeak() {
        PEAK.set(LIVE.get());
    }

    static void allocated(long bytes) {
        long now = LIVE.addAndGet(bytes);
        PEAK.accumulateAndGet(now, Math::max);
    }

    static void released(long bytes) {
        LIVE.addAndGet(-bytes);
    }
}
