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

    /** The machine's physical memory in bytes, or 4 GiB where the JVM cannot tell. */
    public static long physicalBytes() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getTotalMemorySize() > 0) {
            return os.getTotalMemorySize();
        }
        return 4L << 30;
    }

    /**
     * Refuses, before anything is allocated, a request for more than half the machine's memory,
     * saying what it was for, how much it needs and how much there is.
     */
    public static void requireAffordable(long bytes, String what) {
        long have = physicalBytes();
        if (bytes < 0 || bytes > have / 2) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s would need %s of memory; this machine has %s (at most half of it is used for one request)",
                    what, bytes < 0 ? "more than 8 EB" : human(bytes), human(have)));
        }
    }

    private static String human(long bytes) {
        return bytes >= 1L << 40 ? String.format(java.util.Locale.ROOT, "%.1f TB", bytes / (double) (1L << 40))
                : String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }

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
