package org.ddss.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A dense float32 tensor: a shape over a row-major (C-order) native {@link MemorySegment}.
 * A tensor does not own its memory: the {@link TensorArena} (or weights file) it came from
 * does, and the tensor is valid as long as that owner is open. Views ({@link #reshape},
 * {@link #slice}) share the memory and never copy.
 *
 * <p>Layout conventions of the engine: image activations are NHWC, {@code [N, H, W, C]};
 * convolution weights are HWIO, {@code [KH, KW, Cin, Cout]}; see docs/architecture.md.
 */
public final class Tensor {
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final MemorySegment data;
    private final int[] shape;

    /** Wraps {@code data} (exactly {@code 4 * prod(shape)} bytes) as a tensor of the given shape. */
    public Tensor(MemorySegment data, int... shape) {
        long n = elementCount(shape);
        if (data.byteSize() != n * Float.BYTES) {
            throw new IllegalArgumentException("segment of " + data.byteSize() + " bytes cannot hold shape "
                    + Arrays.toString(shape) + " (" + n * Float.BYTES + " bytes)");
        }
        this.data = data;
        this.shape = shape.clone();
    }

    /** The number of elements of a shape; rejects negative dimensions. */
    public static long elementCount(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The memory, for host access: waits for device work queued on it first ({@link HostAccess}). */
    public MemorySegment data() {
        HostAccess.await();
        return data;
    }

    /**
     * The memory without waiting for queued device work: for a backend that queues its own work
     * on it (the address is what it passes to the device).
     */
    public MemorySegment deviceData() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}; negative indices count from the end. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    /** Number of elements. */
    public long size() {
        return data.byteSize() / Float.BYTES;
    }

    public float get(long index) {
        HostAccess.await();
        return data.getAtIndex(F32, index);
    }

    public void set(long index, float value) {
        HostAccess.await();
        data.setAtIndex(F32, index, value);
    }

    /** The same memory seen with another shape of equal size. */
    public Tensor reshape(int... newShape) {
        if (elementCount(newShape) != size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new Tensor(data, newShape);
    }

    /**
     * The same memory as a read-only view: what loaded weights are handed out as, so that a
     * backend may keep forms derived from them ({@code Backend}).
     */
    public Tensor readOnly() {
        return new Tensor(data.asReadOnly(), shape);
    }

    /** Rows {@code [from, to)} along the first axis, as a view. */
    public Tensor slice(int from, int to) {
        if (rank() == 0 || from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of shape " + Arrays.toString(shape));
        }
        long row = size() / Math.max(shape[0], 1);
        int[] s = shape.clone();
        s[0] = to - from;
        return new Tensor(data.asSlice(from * row * Float.BYTES, (to - from) * row * Float.BYTES), s);
    }

    /** Copies {@code values} (of exactly {@link #size()} elements) into this tensor. */
    public void copyFrom(float[] values) {
        if (values.length != size()) {
            throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
        }
        HostAccess.await();
        MemorySegment.copy(values, 0, data, F32, 0, values.length);
    }

    /** Copies another tensor of the same size into this one. */
    public void copyFrom(Tensor other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("copy " + Arrays.toString(other.shape) + " into " + Arrays.toString(shape));
        }
        HostAccess.await();
        MemorySegment.copy(other.data, 0, data, 0, data.byteSize());
    }

    public void fill(float value) {
        HostAccess.await();
        if (value == 0f) {
            data.fill((byte) 0);
        } else {
            for (long i = 0, n = size(); i < n; i++) {
                set(i, value);
            }
        }
    }

    /** A heap copy of the contents (for tests, I/O and small results, not for hot paths). */
    public float[] toArray() {
        HostAccess.await();
        return data.toArray(F32);
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
