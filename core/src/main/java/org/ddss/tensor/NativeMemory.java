package org.ddss.tensor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide accounting of the native bytes this library holds: every {@link TensorArena}
 * and {@link Workspace} reports here. Tests use {@link #liveBytes()} to prove that nothing
 * leaks; searches use {@link #peakBytes()} to measure memory.
 */
public final class NativeMemory {
    private static final AtomicLong LIVE = new AtomicLong();
    private static final AtomicLong PEAK = new AtomicLong();

    private NativeMemory() {}

    /** Bytes currently allocated and not yet released. */
    public static long liveBytes() {
        return LIVE.get();
    }

    /** The highest value {@link #liveBytes()} reached since the last {@link #resetPeak()}. */
    public static long peakBytes() {
        return PEAK.get();
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
