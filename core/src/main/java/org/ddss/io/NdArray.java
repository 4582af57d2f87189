package org.ddss.io;

import java.util.Map;

/**
 * A NumPy array read from a pickle: its dtype as NumPy spells it with the byte order
 * ({@code |u1}, {@code <f4}), its shape and its raw bytes in C order.
 */
public final class NdArray {
    /** Element sizes of the numeric types a data pickle may hold. */
    static final Map<String, Integer> ITEM_SIZES = Map.ofEntries(Map.entry("b1", 1), Map.entry("i1", 1), Map.entry("u1", 1),
            Map.entry("i2", 2), Map.entry("u2", 2), Map.entry("f2", 2), Map.entry("i4", 4), Map.entry("u4", 4),
            Map.entry("f4", 4), Map.entry("i8", 8), Map.entry("u8", 8), Map.entry("f8", 8));

    private String dtype;
    private long[] shape;
    private byte[] data;

    NdArray() {}

    void set(String dtype, long[] shape, byte[] data) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    /** The type with its byte order, e.g. {@code |u1} or {@code <f4}. */
    public String dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    /** The elements' bytes in C order; not copied. */
    public byte[] data() {
        return data;
    }

    @Override
    public String toString() {
        return "array " + dtype + " " + java.util.Arrays.toString(shape);
    }
}
