package org.ddss.backend;

import org.ddss.tensor.Tensor;

/**
 * NumPy broadcasting between operands of equal rank, seen as rows: every dimension but the
 * last is an "outer" coordinate, the last is a contiguous run. For each operand it gives the
 * element offset of an output row and whether the operand repeats one value along the run.
 */
final class Broadcast {
    final int[] out;
    final long rows;
    final int inner;
    private final long[][] strides;
    private final boolean[] innerScalar;

    /** Broadcasts each operand to {@code out}'s shape; rejects incompatible shapes naming them ({@link Shapes#broadcast}). */
    Broadcast(Tensor out, Tensor... operands) {
        Shapes.broadcast(out, operands);
        this.out = out.shape();
        int rank = this.out.length;
        strides = new long[operands.length][];
        innerScalar = new boolean[operands.length];
        for (int k = 0; k < operands.length; k++) {
            int[] s = operands[k].shape();
            long[] st = new long[rank];
            long step = 1;
            for (int d = rank - 1; d >= 0; d--) {
                st[d] = s[d] == 1 && this.out[d] != 1 ? 0 : step;
                step *= s[d];
            }
            strides[k] = st;
            innerScalar[k] = rank > 0 && s[rank - 1] == 1 && this.out[rank - 1] != 1;
        }
        inner = rank == 0 ? 1 : this.out[rank - 1];
        rows = rank == 0 ? 1 : Tensor.elementCount(this.out) / Math.max(inner, 1);
    }

    /** Element offset in operand k of the start of output row {@code row}. */
    long offset(int k, long row) {
        long off = 0;
        long[] st = strides[k];
        for (int d = out.length - 2; d >= 0; d--) {
            off += (row % out[d]) * st[d];
            row /= out[d];
        }
        return off;
    }

    /** Element strides of operand k per output dimension, 0 where it repeats. */
    long[] strides(int k) {
        return strides[k].clone();
    }

    /** Whether operand k holds one value for the whole run of an output row. */
    boolean innerScalar(int k) {
        return innerScalar[k];
    }
}
