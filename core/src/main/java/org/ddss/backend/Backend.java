package org.ddss.backend;

import org.ddss.tensor.Tensor;

/**
 * The compute operations the engine needs, each with its forward and its vector-Jacobian
 * products (VJPs). Every method writes into caller-provided output tensors, so memory has one
 * owner (the caller's arena) and a backend allocates nothing that outlives a call except its
 * own cached plans and workspace, released by {@link #close()}.
 *
 * <p>Read-only weights mark weights that do not change from call to call: a backend may keep
 * a form derived from them (the {@code dnnl} backend keeps read-only convolution weights
 * reordered into its kernels' layout, checking on each use that they have not changed).
 * Loaded models hand out their weights read-only; training works on writable copies.
 *
 * <p>Layouts: activations NHWC {@code [N, H, W, C]}; conv weights HWIO {@code [KH, KW, Cin, Cout]}.
 * A VJP output that is {@code null} is not wanted and is not computed.
 *
 * <p>Implementations: {@code java} (Vector API, always available, the reference for the
 * others), {@code dnnl} (oneDNN) and {@code cuda} (cuDNN, cuBLAS and our NVRTC kernels on an
 * NVIDIA GPU). {@link Backends} chooses one.
 */
public interface Backend extends AutoCloseable {

    /** Short name used for selection and in reports: {@code java}, {@code dnnl} or {@code cuda}. */
    String name();

    // ---- convolution -------------------------------------------------------------------

    /** {@code y = conv(x, w) + bias}; x [N,H,W,Cin], w [KH,KW,Cin,Cout], bias [Cout] or null, y [N,OH,OW,Cout]. */
    void conv2d(Tensor x, Tensor w, Tensor bias, Conv2d spec, Tensor y);

    /** VJP w.r.t. the input: dx [N,H,W,Cin] from dy [N,OH,OW,Cout] and w. dx is overwritten. */
    void conv2dBackwardData(Tensor dy, Tensor w, Conv2d spec, Tensor dx);

    /** VJP w.r.t. weights and bias: dw [KH,KW,Cin,Cout] and dbias [Cout] (nullable), overwritten. */
    void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2d spec, Tensor dw, Tensor dbias);

    // ---- matrix products ---------------------------------------------------------------

    /**
     * Batched matrix product {@code c[b] = op(a[b]) op(b[b]) + bias}: a is [B,M,K] ([B,K,M] when
     * transA), b is [B,K,N] ([B,N,K] when transB) or rank 2 (shared by every batch), bias [N]
     * or null, c [B,M,N]. Rank-2 a and c mean B = 1.
     */
    void matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Tensor c);

    // ---- normalisation and activations -------------------------------------------------

    /**
     * Group normalisation over channels-last data: {@code x [N, ..., C]} plus {@code offset
     * [N, C]} (one value per sample and channel, added to every position: a resnet block's time
     * embedding; null for none) is split into {@code spec.groups()} groups of consecutive channels;
     * each (sample, group) is normalised by its own mean and biased variance (plus
     * {@code spec.eps()}), then scaled by gamma [C] and shifted by beta [C]. mean and var
     * ({@link GroupNorm#statsShape}) receive the statistics the backward pass needs. The offset
     * lets a backend fold the add into the normalisation instead of writing {@code x + offset}
     * out. {@link GroupNorm#check} states the shapes every backend accepts.
     */
    void groupNorm(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y, Tensor mean, Tensor var);

    /**
     * VJPs of {@link #groupNorm}: dx, doffset [N, C] (dx summed over positions), dgamma, dbeta
     * (each nullable), overwritten.
     */
    void groupNormBackward(Tensor dy, Tensor x, Tensor offset, Tensor gamma, Tensor mean, Tensor var, GroupNorm spec,
                           Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta);

    /**
     * {@code act = silu(groupNorm(x + offset))}, the pair every resnet block runs, in one call:
     * backends may fuse it into one pass over memory. {@code y}, when not null, also receives the
     * normalised values (the SiLU's input, which its VJP needs); offset, mean and var as in
     * {@link #groupNorm}.
     */
    default void groupNormSilu(Tensor x, Tensor offset, Tensor gamma, Tensor beta, GroupNorm spec, Tensor y, Tensor act,
                               Tensor mean, Tensor var) {
        Tensor h = y != null ? y : act;
        groupNorm(x, offset, gamma, beta, spec, h, mean, var);
        silu(h, act);
    }

    /**
     * VJP of {@link #groupNormSilu}: dy is the gradient of act, y the normalised values the
     * forward kept (the SiLU's input), not null. Outputs as in {@link #groupNormBackward}; dx may
     * be dy or y but not x. A backend may fuse the two VJPs so that the SiLU's gradient is never
     * written out whole.
     */
    default void groupNormSiluBackward(Tensor dy, Tensor x, Tensor y, Tensor offset, Tensor gamma, Tensor mean,
                                       Tensor var, GroupNorm spec, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        Ops.groupNormSiluBackward(this, dy, x, y, offset, gamma, mean, var, spec, dx, doffset, dgamma, dbeta);
    }

    /** {@code y = x * sigmoid(x)} elementwise. y may be x. */
    void silu(Tensor x, Tensor y);

    /** {@code dx = dy * silu'(x)}. */
    void siluBackward(Tensor dy, Tensor x, Tensor dx);

    /** Softmax over the last axis. */
    void softmax(Tensor x, Tensor y);

    /** VJP of softmax from its output y: {@code dx = y * (dy - sum(dy * y))} per row. */
    void softmaxBackward(Tensor dy, Tensor y, Tensor dx);

    // ---- elementwise with broadcast ----------------------------------------------------

    /**
     * {@code c = a + b} with NumPy broadcasting: a and b have c's rank and each of their
     * dimensions equals c's or is 1.
     */
    void add(Tensor a, Tensor b, Tensor c);

    /** {@code c = a * b} with the broadcasting of {@link #add}. */
    void mul(Tensor a, Tensor b, Tensor c);

    /** {@code y = s * x}. y may be x. */
    void scale(Tensor x, float s, Tensor y);

    /**
     * Sums x into y, whose rank equals x's and whose every dimension equals x's or is 1: the
     * reduction that undoes a broadcast (and so the VJP of {@link #add}).
     */
    void sumTo(Tensor x, Tensor y);

    /** Copies x into the larger y, repeating it along y's broadcast dimensions (the VJP of {@link #sumTo}). */
    void broadcastTo(Tensor x, Tensor y);

    // ---- resampling ----------------------------------------------------------------------

    /** Nearest-neighbour 2x upsampling: x [N,H,W,C] to y [N,2H,2W,C]. */
    void upsampleNearest2x(Tensor x, Tensor y);

    /** VJP of {@link #upsampleNearest2x}: each dx sums its 2x2 block of dy. */
    void upsampleNearest2xBackward(Tensor dy, Tensor dx);

    /**
     * The last step of {@link UpsampleConv}'s sub-pixel form: {@code y[n, 2i+a, 2j+b, c] =
     * o[n, i+a, j+b, (2a+b) C + c] + bias[c]}; o [N,H+1,W+1,4C], bias [C] or null, y [N,2H,2W,C].
     */
    void interleavePhases(Tensor o, Tensor bias, Tensor y);

    /** VJP of {@link #interleavePhases} w.r.t. o: every entry of dO no output reads is zero. dO is overwritten. */
    void interleavePhasesBackward(Tensor dy, Tensor dO);

    /** 2x2 average pooling with stride 2: x [N,H,W,C] (H, W even) to y [N,H/2,W/2,C]. */
    void avgPool2x2(Tensor x, Tensor y);

    /** VJP of {@link #avgPool2x2}: each dy spread as dy/4 over its 2x2 block. */
    void avgPool2x2Backward(Tensor dy, Tensor dx);

    // ---- layout ------------------------------------------------------------------------

    /** Concatenates along the last axis (channels in NHWC); all other dimensions agree. */
    void concat(Tensor[] xs, Tensor y);

    /**
     * VJP of {@link #concat}: splits dy along the last axis into parts of the given widths,
     * written to the dxs; a null entry is not wanted and not written.
     */
    void concatBackward(Tensor dy, int[] widths, Tensor[] dxs);

    // ---- composed ops (one implementation for every backend) -----------------------------

    /**
     * VJPs of {@link #matmul}: da, db (shape of b; summed over the batch when b is shared) and
     * dbias, each nullable and overwritten.
     */
    default void matmulBackward(Tensor dc, Tensor a, boolean transA, Tensor b, boolean transB,
                                Tensor da, Tensor db, Tensor dbias) {
        Ops.matmulBackward(this, dc, a, transA, b, transB, da, db, dbias);
    }

    /**
     * {@code y += a x} (same shapes): a sampler's transitions and the chain's adjoints. Composed
     * of {@link #scale} and {@link #add} here; backends with a fused kernel override it.
     */
    default void axpy(float a, Tensor x, Tensor y) {
        if (!x.sameShape(y)) {
            throw new IllegalArgumentException("axpy of " + x + " into " + y + ": shapes differ");
        }
        try (org.ddss.tensor.TensorArena ar = new org.ddss.tensor.TensorArena()) {
            Tensor t = ar.empty(x.shape());
            scale(x, a, t);
            add(y, t, y);
        }
    }

    /**
     * {@code sum x_i y_i} (same shapes), returned in double: the chain's adjoints of its
     * coefficients. Composed of {@link #mul} and {@link #sumTo} here (a float sum); backends
     * override it with a deterministic, more exact reduction.
     */
    default double dot(Tensor x, Tensor y) {
        if (!x.sameShape(y)) {
            throw new IllegalArgumentException("dot of " + x + " and " + y + ": shapes differ");
        }
        try (org.ddss.tensor.TensorArena ar = new org.ddss.tensor.TensorArena()) {
            Tensor t = ar.empty(x.shape());
            mul(x, y, t);
            int[] one = new int[x.rank()];
            java.util.Arrays.fill(one, 1);
            Tensor s = ar.empty(one);
            sumTo(t, s);
            return s.get(0);
        }
    }

    /** A pooling window over x [N,H,W,C] into y (shape from {@link Pool2d#outShape}); plain Java by default. */
    default void pool2d(Tensor x, Pool2d spec, Tensor y) {
        HostOps.pool2d(x, spec, y);
    }

    /** VJP of {@link #pool2d} into dx (overwritten); max windows find their largest input again from x. */
    default void pool2dBackward(Tensor dy, Tensor x, Pool2d spec, Tensor dx) {
        HostOps.pool2dBackward(dy, x, spec, dx);
    }

    /** {@code y = max(x, 0)}. */
    default void relu(Tensor x, Tensor y) {
        HostOps.relu(x, y);
    }

    /** VJP of {@link #relu} from its output y: {@code dx = dy} where y > 0, else 0. */
    default void reluBackward(Tensor dy, Tensor y, Tensor dx) {
        HostOps.reluBackward(dy, y, dx);
    }

    /** Bilinear resize of x [N,H,W,C] to y [N,OH,OW,C], as PyTorch's {@code align_corners=False} (no antialiasing). */
    default void resizeBilinear(Tensor x, Tensor y) {
        HostOps.resizeBilinear(x, y);
    }

    /** VJP of {@link #resizeBilinear} into dx (overwritten). */
    default void resizeBilinearBackward(Tensor dy, Tensor dx) {
        HostOps.resizeBilinearBackward(dy, dx);
    }

    /** Mean of x into y, reducing where y has 1 (same rules as {@link #sumTo}). */
    default void meanTo(Tensor x, Tensor y) {
        sumTo(x, y);
        scale(y, (float) ((double) y.size() / x.size()), y);
    }

    /** Thread count this backend computes with. */
    int threads();

    /** Releases cached plans and workspace. Tensors passed in are not touched. */
    @Override
    void close();
}
