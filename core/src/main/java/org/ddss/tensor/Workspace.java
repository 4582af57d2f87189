package org.ddss.tensor;

import java.lang.foreign.MemorySegment;

/**
 * Scratch memory reused across calls: {@link #take} hands out the same buffer each time,
 * growing it (never shrinking) when a call needs more. Its contents are undefined between
 * takes. One workspace serves one caller at a time; a backend owns one per concurrent use.
 */
public final class Workspace implements AutoCloseable {
    private NativeAllocator.Allocation allocation;
    private MemorySegment buffer = MemorySegment.NULL;

    /** A segment of at least {@code byteSize} bytes, valid until the next take or close. */
    public synchronized MemorySegment take(long byteSize) {
        if (byteSize > buffer.byteSize()) {
            // Grow geometrically so that a sequence of slightly larger requests reallocates rarely.
            long size = Math.max(byteSize, buffer.byteSize() + buffer.byteSize() / 2);
            release();
            allocation = NativeMemory.allocator().allocate(size, TensorArena.ALIGNMENT);
            buffer = allocation.segment();
            NativeMemory.allocated(size);
        }
        return buffer.asSlice(0, byteSize);
    }

    /** Bytes currently held. */
    public synchronized long bytes() {
        return buffer.byteSize();
    }

    private void release() {
        if (allocation != null) {
            NativeMemory.released(buffer.byteSize());
            allocation.release();
            allocation = null;
            buffer = MemorySegment.NULL;
        }
    }

    @Override
    public synchronized void close() {
        release();
    }
}
