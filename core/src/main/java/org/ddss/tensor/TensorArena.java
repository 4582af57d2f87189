package org.ddss.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The one owner of a group of tensors: everything allocated here lives until {@link #close()}.
 * Backed by a shared {@link Arena}, because the compute backends touch tensors from worker
 * threads. Typical owners: a model's weights, one tape's activations, one search step.
 */
public final class TensorArena implements AutoCloseable {
    /** Alignment of every allocation: a cache line, which also suits 512-bit vectors. */
    public static final long ALIGNMENT = 64;

    private final Arena arena = Arena.ofShared();
    private long bytes;
    private boolean closed;

    /** Allocates a zero-filled tensor of the given shape. */
    public Tensor zeros(int... shape) {
        return new Tensor(allocate(Tensor.elementCount(shape) * Float.BYTES), shape);
    }

    /** Allocates a tensor holding a copy of {@code values}, which must match the shape's size. */
    public Tensor of(float[] values, int... shape) {
        Tensor t = zeros(shape);
        t.copyFrom(values);
        return t;
    }

    /** Raw zero-filled native memory owned by this arena. */
    public synchronized MemorySegment allocate(long byteSize) {
        if (closed) {
            throw new IllegalStateException("TensorArena is closed");
        }
        MemorySegment s = arena.allocate(Math.max(byteSize, 1), ALIGNMENT);
        bytes += byteSize;
        NativeMemory.allocated(byteSize);
        return s;
    }

    /** Bytes allocated from this arena so far. */
    public synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
        NativeMemory.released(bytes);
        bytes = 0;
    }
}
