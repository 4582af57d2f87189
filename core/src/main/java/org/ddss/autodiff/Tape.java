package org.ddss.autodiff;

import java.util.ArrayList;
import java.util.List;
import org.ddss.backend.Backend;
import org.ddss.backend.GroupNorm;
import org.ddss.backend.Conv2d;
import org.ddss.backend.Pool2d;
import org.ddss.backend.Shapes;
import org.ddss.backend.UpsampleConv;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * Reverse-mode autodiff. A tape runs ops on a {@link Backend}, keeps their outputs in its own
 * arena, and (when recording) remembers each op that some gradient must flow through, with
 * its VJP. {@link #backward} walks those records in reverse creation order, which is a
 * topological order: iterative (no recursion) and deterministic. Ops none of whose inputs
 * need a gradient are not recorded, and VJPs are computed only for inputs that need them, so
 * with frozen parameters no weight-gradient kernel ever runs.
 *
 * <p>{@link #checkpoint} runs a segment unrecorded and replays it under a fresh tape during
 * backward, freeing the replay's activations before moving on.
 */
public final class Tape implements AutoCloseable {
    private final Backend be;
    private final boolean recording;
    private final TensorArena arena = new TensorArena();
    private final List<Node> nodes = new ArrayList<>();
    /** Set when an unrecorded run meets a parameter that wants gradients (so its checkpoint must replay). */
    private boolean sawTrainable;

    private Tape(Backend be, boolean recording) {
        this.be = be;
        this.recording = recording;
    }

    /** A recording tape. */
    public static Tape recording(Backend be) {
        return new Tape(be, true);
    }

    /** A tape that records nothing: inference, or the forward pass of a checkpoint. */
    public static Tape inference(Backend be) {
        return new Tape(be, false);
    }

    public Backend backend() {
        return be;
    }

    /** Bytes of activations and gradients this tape holds. */
    public long bytes() {
        return arena.bytes();
    }

    // ---- leaves ----------------------------------------------------------------------------

    /** A leaf for a tensor the caller owns; gradients reach it when {@code needsGrad}. */
    public Var input(Tensor t, boolean needsGrad) {
        return new Var(t, recording && needsGrad, null);
    }

    /** A leaf that never receives a gradient. */
    public Var constant(Tensor t) {
        return new Var(t, false, null);
    }

    /** A parameter: its gradient accumulates into {@link Param#grad()} when that is set. */
    public Var param(Param p) {
        if (p.grad() != null) {
            sawTrainable = true;
        }
        return new Var(p.value(), recording && p.grad() != null, p);
    }

    /** A zeroed tensor in this tape's arena, alive until the tape closes. */
    public Tensor alloc(int... shape) {
        return arena.zeros(shape);
    }

    /** An op's output or gradient buffer: the op overwrites all of it, so it is not zeroed first. */
    private Tensor out(int... shape) {
        return arena.empty(shape);
    }

    // ---- recording ---------------------------------------------------------------------------

    /** Fills the wanted input gradients (null entries are not wanted) from the output gradient. */
    @FunctionalInterface
    interface Vjp {
        void apply(Tensor g, Tensor[] gIns);
    }

    private interface Node {
        void backward();
    }

    private Var record(Tensor out, Vjp vjp, Var... ins) {
        return record(out, vjp, 0, ins);
    }

    /** Whether a gradient will flow to any of these values; a null (an absent optional input) does not count. */
    private static boolean anyNeedsGrad(Var... vs) {
        for (Var v : vs) {
            if (v != null && v.needsGrad) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records an op. Bit i of {@code through} says that input i's gradient is the output's
     * gradient itself, seen with the input's shape: the VJP leaves that input out, and it gets
     * the output's gradient without a copy. Each node's output gradient is complete when its node
     * runs and never read by the tape again, so one such input may take the buffer over; any
     * other starts from a copy, so that no two live values share a buffer that later
     * contributions are added into.
     */
    private Var record(Tensor out, Vjp vjp, int through, Var... ins) {
        boolean needs = anyNeedsGrad(ins);
        Var o = new Var(out, needs, null);
        if (needs) {
            nodes.add(() -> {
                if (o.grad == null) {
                    return;
                }
                Tensor[] gIns = new Tensor[ins.length];
                for (int i = 0; i < ins.length; i++) {
                    Var v = ins[i];
                    if (v != null && v.needsGrad && (through & 1 << i) == 0) {
                        gIns[i] = out(v.value.shape());
                    }
                }
                vjp.apply(o.grad, gIns);
                for (int i = 0; i < ins.length; i++) {
                    if (gIns[i] != null) {
                        accumulate(ins[i], gIns[i]);
                    }
                }
                boolean handedOver = false;
                for (int i = 0; i < ins.length; i++) {
                    Var v = ins[i];
                    if (v == null || !v.needsGrad || (through & 1 << i) == 0) {
                        continue;
                    }
                    Tensor g = o.grad.reshape(v.value.shape());
                    boolean first = v.param == null && v.grad == null;
                    if (first && handedOver) {
                        Tensor copy = out(v.value.shape());
                        copy.copyFrom(g);
                        g = copy;
                    }
                    handedOver |= first;
                    accumulate(v, g);
                }
                // Done with: another value may own the buffer now (intermediate gradients are not kept).
                o.grad = null;
            });
        }
        return o;
    }

    /**
     * Adds a contribution {@code g} (a buffer of its own) to v's gradient: the first one becomes
     * the gradient itself, later ones are added in. Decided at the time of adding, so that an op
     * taking the same value twice (mul(a, a)) keeps both contributions.
     */
    private void accumulate(Var v, Tensor g) {
        if (v.param != null) {
            be.add(v.param.grad(), g, v.param.grad());
        } else if (v.grad == null) {
            v.grad = g;
        } else {
            be.add(v.grad, g, v.grad);
        }
    }

    /**
     * Back-propagates {@code seed} (the gradient of some scalar with respect to {@code out}) to
     * every value that needs a gradient. Call once per tape.
     */
    public void backward(Var out, Tensor seed) {
        if (!recording) {
            throw new IllegalStateException("backward on a tape that does not record");
        }
        if (!seed.sameShape(out.value)) {
            throw new IllegalArgumentException("seed " + seed + " for output " + out.value);
        }
        if (!out.needsGrad) {
            return;
        }
        Tensor g = out(seed.shape());
        g.copyFrom(seed);
        accumulate(out, g);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).backward();
        }
        nodes.clear();
    }

    // ---- checkpointing -----------------------------------------------------------------------

    /** A piece of a computation that can be replayed: a pure function of its inputs and parameters. */
    @FunctionalInterface
    public interface Segment {
        Var apply(Tape tape, Var[] inputs);
    }

    /**
     * Runs {@code segment} without keeping its activations; only its output is stored here.
     * During backward the segment is replayed under a fresh recording tape, back-propagated,
     * and that tape (with all the segment's activations) is closed before backward moves on.
     * Gradients equal those of running the segment inline, bit for bit: the replay computes the
     * same values with the same kernels, and each input's gradient continues from what had
     * accumulated so far, so every sum happens in the same order.
     */
    public Var checkpoint(Segment segment, Var... inputs) {
        Tensor out;
        boolean trainable;
        try (Tape sub = inference(be)) {
            Var[] leaves = new Var[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = sub.constant(inputs[i].value);
            }
            Var o = segment.apply(sub, leaves);
            out = out(o.value.shape());
            out.copyFrom(o.value);
            trainable = sub.sawTrainable;
        }
        boolean needs = trainable && recording || anyNeedsGrad(inputs);
        Var o = new Var(out, needs, null);
        if (needs) {
            nodes.add(() -> {
                if (o.grad == null) {
                    return;
                }
                try (Tape sub = recording(be)) {
                    Var[] leaves = new Var[inputs.length];
                    // A value passed twice is continued from its sum so far once; its second
                    // leaf's gradient is added in after.
                    boolean[] repeat = new boolean[inputs.length];
                    for (int i = 0; i < inputs.length; i++) {
                        for (int j = 0; j < i && !repeat[i]; j++) {
                            repeat[i] = inputs[j] == inputs[i];
                        }
                        leaves[i] = sub.input(inputs[i].value, inputs[i].needsGrad);
                        if (inputs[i].needsGrad && inputs[i].grad != null && !repeat[i]) {
                            leaves[i].grad = sub.out(inputs[i].value.shape());
                            leaves[i].grad.copyFrom(inputs[i].grad);
                        }
                    }
                    Var replay = segment.apply(sub, leaves);
                    sub.backward(replay, o.grad);
                    for (int i = 0; i < inputs.length; i++) {
                        if (inputs[i].needsGrad && leaves[i].grad != null) {
                            if (inputs[i].grad == null) {
                                inputs[i].grad = out(inputs[i].value.shape());
                                inputs[i].grad.copyFrom(leaves[i].grad);
                            } else if (repeat[i]) {
                                be.add(inputs[i].grad, leaves[i].grad, inputs[i].grad);
                            } else {
                                inputs[i].grad.copyFrom(leaves[i].grad);
                            }
                        }
                    }
                }
            });
        }
        return o;
    }

    // ---- ops ---------------------------------------------------------------------------------

    /** Convolution: x [N,H,W,Cin], w [KH,KW,Cin,Cout], b [Cout] or null. */
    public Var conv2d(Var x, Var w, Var b, Conv2d spec) {
        Tensor y = out(spec.outShape(x.value, w.value));
        be.conv2d(x.value, w.value, b == null ? null : b.value, spec, y);
        return record(y, (g, gi) -> {
            if (gi[0] != null) {
                be.conv2dBackwardData(g, w.value, spec, gi[0]);
            }
            if (gi[1] != null) {
                be.conv2dBackwardWeights(x.value, g, spec, gi[1], gi[2]);
            } else if (gi[2] != null) {
                biasGradient(g, gi[2]);
            }
        }, x, w, b);
    }

    /** PyTorch's linear layer: {@code x [.., in] . w[out, in]^T + b[out]}. */
    public Var linear(Var x, Var w, Var b) {
        int in = x.dim(-1), rows = (int) (x.value.size() / in);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = w.dim(0);
        Tensor y = out(outShape);
        Tensor x2 = x.value.reshape(rows, in), y2 = y.reshape(rows, w.dim(0));
        be.matmul(x2, false, w.value, true, b == null ? null : b.value, y2);
        return record(y, (g, gi) -> be.matmulBackward(g.reshape(rows, w.dim(0)), x2, false, w.value, true,
                gi[0] == null ? null : gi[0].reshape(rows, in), gi[1], gi[2]), x, w, b);
    }

    /** Batched matrix product, as {@link Backend#matmul} without bias. */
    public Var matmul(Var a, boolean transA, Var b, boolean transB) {
        int batch = a.value.rank() == 3 ? a.dim(0) : 1;
        int m = transA ? a.dim(-1) : a.dim(-2);
        int n = transB ? b.dim(-2) : b.dim(-1);
        Tensor c = a.value.rank() == 3 ? out(batch, m, n) : out(m, n);
        be.matmul(a.value, transA, b.value, transB, null, c);
        return record(c, (g, gi) -> be.matmulBackward(g, a.value, transA, b.value, transB, gi[0], gi[1], null), a, b);
    }

    /** Group normalisation over channels-last x, see {@link Backend#groupNorm}. */
    public Var groupNorm(Var x, Var gamma, Var beta, GroupNorm spec) {
        Tensor y = out(x.shape());
        Tensor mean = out(spec.statsShape(x.value)), var = out(spec.statsShape(x.value));
        be.groupNorm(x.value, null, gamma.value, beta.value, spec, y, mean, var);
        return record(y, (g, gi) -> be.groupNormBackward(g, x.value, null, gamma.value, mean, var, spec, gi[0], null,
                gi[1], gi[2]), x, gamma, beta);
    }

    /** {@code silu(groupNorm(x))}, see {@link #groupNormSilu(Var, Var, Var, Var, GroupNorm)}. */
    public Var groupNormSilu(Var x, Var gamma, Var beta, GroupNorm spec) {
        return groupNormSilu(x, null, gamma, beta, spec);
    }

    /**
     * {@code silu(groupNorm(x + offset))} as one op ({@link Backend#groupNormSilu}), offset [N, C]
     * (one value per sample and channel, or null) added without writing {@code x + offset} out;
     * the normalised values are kept only when a gradient will flow back through the SiLU.
     */
    public Var groupNormSilu(Var x, Var offset, Var gamma, Var beta, GroupNorm spec) {
        Tensor act = out(x.shape());
        Tensor mean = out(spec.statsShape(x.value)), var = out(spec.statsShape(x.value));
        Tensor off = offset == null ? null : offset.value;
        Tensor y = anyNeedsGrad(x, offset, gamma, beta) ? out(x.shape()) : null;
        be.groupNormSilu(x.value, off, gamma.value, beta.value, spec, y, act, mean, var);
        return record(act, (g, gi) -> be.groupNormSiluBackward(g, x.value, y, off, gamma.value, mean, var, spec,
                gi[0], gi[1], gi[2], gi[3]), x, offset, gamma, beta);
    }

    public Var silu(Var x) {
        Tensor y = out(x.shape());
        be.silu(x.value, y);
        return record(y, (g, gi) -> be.siluBackward(g, x.value, gi[0]), x);
    }

    /** Softmax over the last axis. */
    public Var softmax(Var x) {
        Tensor y = out(x.shape());
        be.softmax(x.value, y);
        return record(y, (g, gi) -> be.softmaxBackward(g, y, gi[0]), x);
    }

    /** {@code a + b} with NumPy broadcasting (equal ranks). */
    public Var add(Var a, Var b) {
        Tensor c = out(Shapes.broadcastShape(a.value, b.value));
        be.add(a.value, b.value, c);
        // An input of the output's shape passes the gradient through; a broadcast one sums it.
        int through = (a.value.sameShape(c) ? 1 : 0) | (b.value.sameShape(c) ? 2 : 0);
        return record(c, (g, gi) -> {
            for (int i = 0; i < 2; i++) {
                if (gi[i] != null) {
                    be.sumTo(g, gi[i]);
                }
            }
        }, through, a, b);
    }

    /** {@code a * b} with NumPy broadcasting (equal ranks). */
    public Var mul(Var a, Var b) {
        Tensor c = out(Shapes.broadcastShape(a.value, b.value));
        be.mul(a.value, b.value, c);
        return record(c, (g, gi) -> {
            Var[] other = {b, a};
            for (int i = 0; i < 2; i++) {
                if (gi[i] != null) {
                    Tensor t = out(g.shape());
                    be.mul(g, other[i].value, t);
                    be.sumTo(t, gi[i]);
                }
            }
        }, a, b);
    }

    public Var scale(Var x, float s) {
        Tensor y = out(x.shape());
        be.scale(x.value, s, y);
        return record(y, (g, gi) -> be.scale(g, s, gi[0]), x);
    }

    /** The same values seen with another shape. */
    public Var reshape(Var x, int... shape) {
        Tensor y = x.value.reshape(shape);
        return record(y, (g, gi) -> {
        }, 1, x);
    }

    /** The sub-pixel phase weights [2,2,Cin,4 Cout] of 3x3 weights w [3,3,Cin,Cout] ({@link UpsampleConv#weights}). */
    public Var subPixelWeights(Var w) {
        Tensor w2 = out(UpsampleConv.weightShape(w.value));
        UpsampleConv.weights(w.value, w2);
        return record(w2, (g, gi) -> UpsampleConv.weightsBackward(g, gi[0]), w);
    }

    /**
     * Nearest 2x upsampling then a 3x3 convolution with stride 1 and padding 1, in
     * {@link UpsampleConv}'s sub-pixel form: phases [2,2,Cin,4 Cout] are the convolution's
     * weights as {@link #subPixelWeights} makes them, b [Cout] or null. The result of
     * {@link #upsampleNearest2x} then {@link #conv2d} up to rounding, with half the
     * multiply-adds forward and backward.
     */
    public Var upsampleConv(Var x, Var phases, Var b) {
        Var o = conv2d(x, phases, null, UpsampleConv.PHASES);
        int c = phases.dim(3) / 4;
        Tensor y = out(x.dim(0), 2 * x.dim(1), 2 * x.dim(2), c);
        be.interleavePhases(o.value, b == null ? null : b.value, y);
        return record(y, (g, gi) -> {
            if (gi[0] != null) {
                be.interleavePhasesBackward(g, gi[0]);
            }
            if (gi[1] != null) {
                biasGradient(g, gi[1]);
            }
        }, o, b);
    }

    /** A channel bias's gradient: g [.., C] summed over everything but its last axis into gb [C]. */
    private void biasGradient(Tensor g, Tensor gb) {
        int c = g.dim(-1);
        be.sumTo(g.reshape((int) (g.size() / c), c), gb.reshape(1, c));
    }

    /** Sums x down to {@code shape} (dimensions of 1 where x is reduced). */
    public Var sumTo(Var x, int... shape) {
        Tensor y = out(shape);
        be.sumTo(x.value, y);
        return record(y, (g, gi) -> be.broadcastTo(g, gi[0]), x);
    }

    public Var upsampleNearest2x(Var x) {
        Tensor y = out(Shapes.upsample2x(x.value));
        be.upsampleNearest2x(x.value, y);
        return record(y, (g, gi) -> be.upsampleNearest2xBackward(g, gi[0]), x);
    }

    public Var avgPool2x2(Var x) {
        Tensor y = out(Shapes.avgPool2x2(x.value));
        be.avgPool2x2(x.value, y);
        return record(y, (g, gi) -> be.avgPool2x2Backward(g, gi[0]), x);
    }

    /** A pooling window (max or average; see {@link Pool2d}) over x [N,H,W,C]. */
    public Var pool2d(Var x, Pool2d spec) {
        Tensor y = out(spec.outShape(x.value));
        be.pool2d(x.value, spec, y);
        return record(y, (g, gi) -> be.pool2dBackward(g, x.value, spec, gi[0]), x);
    }

    /** {@code max(x, 0)}. */
    public Var relu(Var x) {
        Tensor y = out(x.shape());
        be.relu(x.value, y);
        return record(y, (g, gi) -> be.reluBackward(g, y, gi[0]), x);
    }

    /** Bilinear resize of x [N,H,W,C] to [N,h,w,C] (PyTorch's {@code align_corners=False}). */
    public Var resizeBilinear(Var x, int h, int w) {
        Tensor y = out(x.dim(0), h, w, x.dim(3));
        be.resizeBilinear(x.value, y);
        return record(y, (g, gi) -> be.resizeBilinearBackward(g, gi[0]), x);
    }

    /** Concatenation along the last axis. */
    public Var concat(Var... xs) {
        Tensor[] vs = new Tensor[xs.length];
        int[] widths = new int[xs.length];
        int total = 0;
        for (int i = 0; i < xs.length; i++) {
            vs[i] = xs[i].value;
            widths[i] = xs[i].dim(-1);
            total += widths[i];
        }
        int[] shape = xs[0].shape();
        shape[shape.length - 1] = total;
        Tensor y = out(shape);
        be.concat(vs, y);
        return record(y, (g, gi) -> be.concatBackward(g, widths, gi), xs);
    }

    /**
     * The sinusoidal embedding of real-valued times t [N] (diffusers' {@code get_timestep_embedding}):
     * {@code f_k = exp(-ln(maxPeriod) k / (half - shift))}, output [N, dim] = [sin(t f), cos(t f)]
     * (or [cos, sin] when {@code flipSinToCos}); an odd dim is zero-padded. Differentiable in t.
     */
    public Var timestepEmbedding(Var t, int dim, boolean flipSinToCos, float shift, double maxPeriod) {
        int n = t.dim(0), half = dim / 2;
        double[] freq = new double[half];
        for (int k = 0; k < half; k++) {
            // Computed as PyTorch does, in float32, so the embedding matches it bit for bit where possible.
            float exponent = (float) (-Math.log(maxPeriod)) * k / (half - shift);
            freq[k] = (float) Math.exp(exponent);
        }
        Tensor y = alloc(n, dim);
        for (int i = 0; i < n; i++) {
            float ti = t.value.get(i);
            for (int k = 0; k < half; k++) {
                float arg = ti * (float) freq[k];
                float s = (float) Math.sin(arg), c = (float) Math.cos(arg);
                y.set((long) i * dim + k, flipSinToCos ? c : s);
                y.set((long) i * dim + half + k, flipSinToCos ? s : c);
            }
        }
        return record(y, (g, gi) -> {
            for (int i = 0; i < n; i++) {
                double ti = t.value.get(i), acc = 0;
                for (int k = 0; k < half; k++) {
                    double arg = ti * freq[k];
                    double gs = g.get((long) i * dim + (flipSinToCos ? half + k : k));
                    double gc = g.get((long) i * dim + (flipSinToCos ? k : half + k));
                    acc += freq[k] * (gs * Math.cos(arg) - gc * Math.sin(arg));
                }
                gi[0].set(i, (float) acc);
            }
        }, t);
    }

    /** Multi-head attention's split: [B, T, heads*d] to [B*heads, T, d]. */
    public Var splitHeads(Var x, int heads) {
        int b = x.dim(0), tok = x.dim(1), d = x.dim(2) / heads;
        Tensor y = out(b * heads, tok, d);
        permuteHeads(x.value, y, b, tok, heads, d, true);
        return record(y, (g, gi) -> permuteHeads(g, gi[0], b, tok, heads, d, false), x);
    }

    /** The inverse of {@link #splitHeads}: [B*heads, T, d] to [B, T, heads*d]. */
    public Var mergeHeads(Var x, int heads) {
        int b = x.dim(0) / heads, tok = x.dim(1), d = x.dim(2);
        Tensor y = out(b, tok, heads * d);
        permuteHeads(x.value, y, b, tok, heads, d, false);
        return record(y, (g, gi) -> permuteHeads(g, gi[0], b, tok, heads, d, true), x);
    }

    /** Copies runs of d floats between [B, T, heads, d] and [B, heads, T, d] orders. */
    private static void permuteHeads(Tensor src, Tensor dst, int b, int tok, int heads, int d, boolean split) {
        long run = (long) d * Float.BYTES;
        for (int i = 0; i < b; i++) {
            for (int t = 0; t < tok; t++) {
                for (int h = 0; h < heads; h++) {
                    long merged = (((long) i * tok + t) * heads + h) * d;
                    long separate = (((long) i * heads + h) * tok + t) * d;
                    long from = split ? merged : separate, to = split ? separate : merged;
                    java.lang.foreign.MemorySegment.copy(src.data(), from * Float.BYTES, dst.data(), to * Float.BYTES, run);
                }
            }
        }
    }

    /** Frees every activation and gradient this tape holds. */
    @Override
    public void close() {
        nodes.clear();
        arena.close();
    }
}
