package org.ddss.backend;

import java.util.Arrays;
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

    /** Broadcasts each operand to {@code out}; rejects incompatible shapes naming them. */
    Broadcast(int[] out, Tensor... operands) {
        this.out = out.clone();
        int rank = out.length;
        strides = new long[operands.length][];
        innerScalar = new boolean[operands.length];
        for (int k = 0; k < operands.length; k++) {
            int[] s = operands[k].shape();
            if (s.length != rank) {
                throw mismatch(operands);
            }
            long[] st = new long[rank];
            long step = 1;
            for (int d = rank - 1; d >= 0; d--) {
                if (s[d] != out[d] && s[d] != 1) {
                    throw mismatch(operands);
                }
                st[d] = s[d] == 1 && out[d] != 1 ? 0 : step;
                step *= s[d];
            }
            strides[k] = st;
            innerScalar[k] = rank > 0 && s[rank - 1] == 1 && out[rank - 1] != 1;
        }
        inner = rank == 0 ? 1 : out[rank - 1];
        rows = rank == 0 ? 1 : Tensor.elementCount(out) / Math.max(inner, 1);
    }

    private IllegalArgumentException mismatch(Tensor[] operands) {
        StringBuilder sb = new StringBuilder("cannot broadcast");
        for (Tensor t : operands) {
            sb.append(' ').append(Arrays.toString(t.shape()));
        }
        return new IllegalArgumentException(sb.append(" to ").append(Arrays.toString(out)).toString());
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
