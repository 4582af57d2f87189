package org.ddss.backend;

import java.util.Arrays;
import org.ddss.tensor.Tensor;

/**
 * The checked dimensions of a group normalisation over channels-last x [N, ..., C]:
 * {@code spatial} rows of C channels per sample, {@code groups} groups of {@code perGroup} channels.
 */
record GroupNormShape(int n, int spatial, int c, int groups) {

    static GroupNormShape of(Tensor x, Tensor offset, Tensor gamma, int groups, Tensor mean, Tensor var) {
        int c = x.rank() >= 2 ? x.dim(-1) : 0;
        boolean ok = x.rank() >= 2 && groups > 0 && c % groups == 0
                && gamma.rank() == 1 && gamma.dim(0) == c
                && (offset == null || offset.rank() == 2 && offset.dim(0) == x.dim(0) && offset.dim(1) == c)
                && mean.size() == (long) x.dim(0) * groups && var.size() == mean.size();
        if (!ok) {
            throw new IllegalArgumentException("groupNorm: x " + Arrays.toString(x.shape()) + " with " + groups
                    + " groups, offset " + (offset == null ? "none" : Arrays.toString(offset.shape()))
                    + ", gamma " + Arrays.toString(gamma.shape()) + ", mean " + Arrays.toString(mean.shape())
                    + ", var " + Arrays.toString(var.shape())
                    + " (expected C divisible by groups, offset [N, C], gamma [C], stats [N, groups])");
        }
        return new GroupNormShape(x.dim(0), (int) (x.size() / x.dim(0) / c), c, groups);
    }

    int perGroup() {
        return c / groups;
    }

    /** Elements normalised together: spatial positions times channels in a group. */
    long groupSize() {
        return (long) spatial * perGroup();
    }
}
