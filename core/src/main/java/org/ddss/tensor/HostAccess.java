package org.ddss.tensor;

/**
 * Host access to tensor memory waits for device work queued on it. A backend that runs ops
 * asynchronously on a device (the {@code cuda} backend's stream) registers how to wait after
 * queueing; every host read or write through {@link Tensor} (its {@code data()}, element access,
 * copies and fills) first calls {@link #await()}. Backends that queue work take addresses with
 * {@link Tensor#deviceData()}, which does not wait. With no device in use this is one volatile
 * read per access.
 */
public final class HostAccess {
    private static volatile Runnable pending;

    private HostAccess() {}

    /** Records that device work is queued; {@code waitForDevice} blocks until it is done. */
    public static void queued(Runnable waitForDevice) {
        pending = waitForDevice;
    }

    /** Waits for queued device work, if any. */
    public static void await() {
        Runnable p = pending;
        if (p != null) {
            pending = null;
            p.run();
        }
    }
}
