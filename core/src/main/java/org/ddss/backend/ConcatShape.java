package org.ddss.backend;

import java.util.Arrays;
import org.ddss.tensor.Tensor;

/** Checks of a concatenation along the last axis. */
final class ConcatShape {
    private ConcatShape() {}

    static int[] widths(Tensor[] parts) {
        int[] w = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            w[i] = parts[i].dim(-1);
        }
        return w;
    }

    /**
     * Start offsets of each part in the last axis of {@code whole}; the (non-null) parts must
     * have the given widths and agree with {@code whole} elsewhere.
     */
    static int[] offsets(int[] widths, Tensor[] parts, Tensor whole) {
        int[] off = new int[widths.length];
        int total = 0;
        int[] outer = Arrays.copyOf(whole.shape(), whole.rank() - 1);
        boolean ok = widths.length == parts.length;
        for (int i = 0; ok && i < widths.length; i++) {
            off[i] = total;
            total += widths[i];
            if (parts[i] != null) {
                ok = parts[i].dim(-1) == widths[i] && Arrays.equals(Arrays.copyOf(parts[i].shape(), parts[i].rank() - 1), outer)
                        && parts[i].rank() == whole.rank();
            }
        }
        if (!ok || total != whole.dim(-1)) {
            StringBuilder sb = new StringBuilder("concat along the last axis: parts");
            for (Tensor p : parts) {
                sb.append(' ').append(p == null ? "(skipped)" : Arrays.toString(p.shape()));
            }
            throw new IllegalArgumentException(sb.append(" of widths ").append(Arrays.toString(widths))
                    .append(" do not make ").append(Arrays.toString(whole.shape())).toString());
        }
        return off;
    }
}
