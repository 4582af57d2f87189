package org.ddss.backend;

import java.util.Arrays;
import org.ddss.tensor.Tensor;

/**
 * A group normalisation apart from its tensors, as {@link Conv2d} is a convolution's geometry:
 * the number of channel groups and the epsilon added to each group's variance. It is also the one
 * place that states the op's contract: {@link #check} validates the tensors for {@link Backend}'s
 * group norm methods on every backend, and {@link #statsShape} gives the shape of the mean and
 * variance for {@code Tape} and callers.
 */
public record GroupNorm(int groups, float eps) {
    public GroupNorm {
        if (groups < 1 || !(eps > 0) || !Float.isFinite(eps)) {
            throw new IllegalArgumentException("invalid group norm: " + groups + " groups, eps " + eps
                    + " (expected at least 1 group and a finite eps > 0)");
        }
    }

    /** The shape of the per-(sample, group) mean and variance for input {@code x [N, ..., C]}. */
    public int[] statsShape(Tensor x) {
        return new int[] {x.dim(0), groups};
    }

    /**
     * The checked dimensions of an input {@code x [N, ..., C]} with its offset [N, C] (nullable),
     * gamma [C], beta [C] (nullable where the op has none) and statistics [N, groups]: throws with
     * a message naming every shape when they do not fit.
     */
    public Shape check(Tensor x, Tensor offset, Tensor gamma, Tensor beta, Tensor mean, Tensor var) {
        int c = x.rank() >= 2 ? x.dim(-1) : 0;
        boolean ok = x.rank() >= 2 && c % groups == 0 && c > 0
                && gamma.rank() == 1 && gamma.dim(0) == c
                && (beta == null || beta.rank() == 1 && beta.dim(0) == c)
                && (offset == null || offset.rank() == 2 && offset.dim(0) == x.dim(0) && offset.dim(1) == c)
                && mean.size() == (long) x.dim(0) * groups && var.size() == mean.size();
        if (!ok) {
            throw new IllegalArgumentException("groupNorm: x " + Arrays.toString(x.shape()) + " with " + groups
                    + " groups, offset " + (offset == null ? "none" : Arrays.toString(offset.shape()))
                    + ", gamma " + Arrays.toString(gamma.shape()) + ", beta "
                    + (beta == null ? "none" : Arrays.toString(beta.shape())) + ", mean " + Arrays.toString(mean.shape())
                    + ", var " + Arrays.toString(var.shape())
                    + " (expected C divisible by groups, offset [N, C], gamma and beta [C], stats [N, groups])");
        }
        return new Shape(x.dim(0), (int) (x.size() / x.dim(0) / c), c, groups);
    }

    /**
     * Checks the VJP's tensors against x: dy and dx (nullable) shaped as x, doffset [N, C],
     * dgamma and dbeta [C] (each nullable).
     */
    public void checkGradients(Tensor x, Tensor dy, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        Shapes.requireLike("groupNorm dy", dy, x);
        Shapes.requireLike("groupNorm dx", dx, x);
        int c = x.dim(-1);
        if (dgamma != null) {
            Shapes.require("groupNorm dgamma", dgamma, c);
        }
        if (dbeta != null) {
            Shapes.require("groupNorm dbeta", dbeta, c);
        }
        if (doffset != null) {
            Shapes.require("groupNorm doffset", doffset, x.dim(0), c);
        }
    }

    /**
     * The dimensions of a checked group norm over channels-last x: {@code spatial} rows of C
     * channels per sample, {@code groups} groups of {@code perGroup} channels.
     */
    public record Shape(int n, int spatial, int c, int groups) {
        public int perGroup() {
            return c / groups;
        }

        /** Elements normalised together: spatial positions times channels in a group. */
        public long groupSize() {
            return (long) spatial * perGroup();
        }
    }
}
