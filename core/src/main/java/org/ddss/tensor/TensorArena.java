package org.ddss.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of a group of tensors: everything allocated here lives until {@link #close()}.
 * Typical owners: a model's weights, one tape's activations, one search step. Memory comes in
 * slabs from {@link SlabPool} (small tensors packed into shared 4 MiB slabs, large ones in
 * slabs of their own) and goes back to it on close, so that repeated calls of the same shapes
 * reuse memory instead of mapping fresh pages.
 *
 * <p>Every tensor is a view through this arena's own shared memory scope (the compute backends
 * touch tensors from worker threads), which closes with the arena: a tensor used after
 * {@link #close()} throws {@link IllegalStateException}, even though its slab lives on in the
 * pool and may already hold another arena's tensors.
 */
public final class TensorArena implements AutoCloseable {
    /** Alignment of every allocation: a cache line, which also suits 512-bit vectors. */
    public static final long ALIGNMENT = 64;

    private final List<SlabPool.Slab> slabs = new ArrayList<>();
    /** The scope of the views handed out: closing it revokes them all, whatever the pool does with the slabs. */
    private final Arena scope = Arena.ofShared();
    private MemorySegment current;
    private long used;
    private long bytes;
    private boolean closed;

    /** Allocates a zero-filled tensor of the given shape. */
    public Tensor zeros(int... shape) {
        return new Tensor(allocate(Tensor.elementCount(shape) * Float.BYTES), shape);
    }

    /**
     * Allocates a tensor whose contents are undefined: for outputs that an operation overwrites
     * completely (every {@code Backend} output), which saves filling memory twice.
     */
    public Tensor empty(int... shape) {
        return new Tensor(take(Tensor.elementCount(shape) * Float.BYTES), shape);
    }

    /** Allocates a tensor holding a copy of {@code values}, which must match the shape's size. */
    public Tensor of(float[] values, int... shape) {
        Tensor t = empty(shape);
        t.copyFrom(values);
        return t;
    }

    /** Zero-filled native memory owned by this arena. */
    public MemorySegment allocate(long byteSize) {
        MemorySegment s = allocateUnfilled(byteSize);
        s.fill((byte) 0);
        return s;
    }

    /**
     * Native memory owned by this arena, contents undefined, for a caller that writes all of it
     * from the host (a file read into it), which saves filling it twice.
     */
    public MemorySegment allocateUnfilled(long byteSize) {
        MemorySegment s = take(byteSize);
        // A reused slab may still be read by queued device work.
        HostAccess.await();
        return s;
    }

    private synchronized MemorySegment take(long byteSize) {
        if (closed) {
            throw new IllegalStateException("TensorArena is closed");
        }
        if (byteSize < 0) {
            throw new IllegalArgumentException("negative allocation " + byteSize);
        }
        bytes += byteSize;
        if (byteSize > SlabPool.SLAB / 2) {
            SlabPool.Slab own = SlabPool.take(byteSize);
            slabs.add(own);
            return loan(own).asSlice(0, byteSize);
        }
        long start = (used + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        if (current == null || start + byteSize > current.byteSize()) {
            SlabPool.Slab slab = SlabPool.take(SlabPool.SLAB);
            slabs.add(slab);
            current = loan(slab);
            start = 0;
        }
        used = start + byteSize;
        return current.asSlice(start, byteSize);
    }

    /** The slab's memory as seen through this arena's scope. */
    private MemorySegment loan(SlabPool.Slab slab) {
        return slab.segment().reinterpret(scope, null);
    }

    /** Bytes handed out by this arena so far. */
    public synchronized long bytes() {
        return bytes;
    }

    /** Returns every slab to the pool; the tensors of this arena must not be used afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scope.close();
        for (SlabPool.Slab s : slabs) {
            SlabPool.give(s);
        }
        slabs.clear();
        current = null;
    }
}
