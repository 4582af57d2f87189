package org.ddss.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.Workspace;

/**
 * Convolution kernels of the {@code java} backend, written with the Vector API.
 *
 * <p>All three passes share one register-tiled micro-kernel: a few output pixels times
 * {@code 2 * L} output channels ({@code L} = float lanes of the preferred species) held in
 * vector accumulators: 6 pixels (12 accumulators) where there are 16 vector registers
 * (AVX2), 8 pixels (16 accumulators) where there are 32 (AVX-512). Each step broadcasts one
 * input scalar per pixel and loads two weight vectors, so loads per FMA stay low enough for
 * the FMA units to be the limit.
 * To keep that kernel free of edge cases, each call first builds in the workspace:
 * <ul>
 *   <li>a zero-padded copy of the input (skipped when there is no padding), so every tap
 *       reads real memory;</li>
 *   <li>the weights repacked as {@code [Cout/(2L)][KH][KW][Cin][2L]} (channels padded with
 *       zeros), so the kernel's weight reads are one contiguous stream.</li>
 * </ul>
 * The input-gradient pass is the same kernel run on the padded output gradient with
 * flipped, transposed weights, once per stride phase (input rows and columns grouped by
 * their index modulo the stride), so a strided convolution's gradient multiplies no zeros.
 * Pixel and channel tails are handled by repeating the last valid pixel or input channel
 * in the tile and not storing the repeats; output channels past Cout are computed on
 * zero weights and not copied out.
 */
public final class JavaConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output-channel block: two vectors. */
    private static final int BW = 2 * L;
    /** Output pixels (or, for the weight gradient, input channels) per tile with 16 registers. */
    private static final int PX = 6;
    /** Whether the machine has 32 vector registers (AVX-512), room for an 8-pixel tile. */
    private static final boolean WIDE = L >= 16;
    /** Pixels per chunk in the weight gradient, so a chunk of x and dy stays in L2. */
    private static final int PCHUNK = 256;
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private JavaConv() {}

    /**
     * {@code y = conv(x, w) + bias}.
     *
     * @param x    input [N, H, W, Cin] (NHWC)
     * @param w    weights [KH, KW, Cin, Cout] (HWIO)
     * @param bias [Cout], or null for none
     * @param spec strides and padding
     * @param y    output [N, OH, OW, Cout], overwritten
     * @param ws   scratch memory for the padded input and packed weights
     */
    public static void forward(Tensor x, Tensor w, Tensor bias, Conv2d spec, Tensor y, Workspace ws) {
        checkOut(spec.outShape(x, w), y, "y");
        int n = x.dim(0), h = x.dim(1), wd = x.dim(2), cin = x.dim(3);
        int kh = w.dim(0), kw = w.dim(1), cout = w.dim(3);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != cout)) {
            throw new IllegalArgumentException("bias " + bias + " for " + cout + " output channels");
        }
        int hp = h + spec.padTop() + spec.padBottom();
        int wp = wd + spec.padLeft() + spec.padRight();
        boolean padded = hp != h || wp != wd;
        int coutP = roundUp(cout, BW);

        long wBytes = align((long) kh * kw * cin * coutP * Float.BYTES);
        long bBytes = align((long) coutP * Float.BYTES);
        long xBytes = padded ? (long) n * hp * wp * cin * Float.BYTES : 0;
        MemorySegment scratch = ws.take(wBytes + bBytes + xBytes);
        MemorySegment wPack = scratch.asSlice(0, wBytes);
        MemorySegment bPack = scratch.asSlice(wBytes, bBytes);

        packForward(w.data(), kh, kw, cin, cout, wPack);
        bPack.fill((byte) 0);
        if (bias != null) {
            MemorySegment.copy(bias.data(), 0, bPack, 0, (long) cout * Float.BYTES);
        }
        MemorySegment xs = x.data();
        if (padded) {
            xs = scratch.asSlice(wBytes + bBytes, xBytes);
            pad(x.data(), n, h, wd, cin, spec.padTop(), spec.padLeft(), hp, wp, xs);
        }
        int oh = y.dim(1), ow = y.dim(2);
        run(xs, new Grid(hp, wp, 0, 0, spec.strideH(), spec.strideW()), cin, wPack, kh, kw, coutP, bPack,
                y.data(), new Grid(oh, ow, 0, 0, 1, 1), n, oh, ow, cout);
    }

    /**
     * The VJP of {@link #forward} with respect to its input.
     *
     * @param dy   output gradient [N, OH, OW, Cout]
     * @param w    weights [KH, KW, Cin, Cout]
     * @param spec strides and padding of the forward convolution
     * @param dx   input gradient [N, H, W, Cin], overwritten
     * @param ws   scratch memory
     */
    public static void backwardData(Tensor dy, Tensor w, Conv2d spec, Tensor dx, Workspace ws) {
        checkOut(spec.outShape(dx, w), dy, "dy");
        int n = dx.dim(0), h = dx.dim(1), wd = dx.dim(2), cin = dx.dim(3);
        int kh = w.dim(0), kw = w.dim(1), cout = w.dim(3);
        int oh = dy.dim(1), ow = dy.dim(2);
        int sh = spec.strideH(), sw = spec.strideW();
        // Split dx by phase (i + padTop) mod strideH, and the same along the width: the rows of
        // one phase meet only the kernel rows of that phase, at stride 1, so each phase is a
        // dense stride-1 correlation of dy (padded) with its taps flipped: no zeros multiplied.
        Phase[] rows = phases(h, kh, sh, spec.padTop());
        Phase[] cols = phases(wd, kw, sw, spec.padLeft());
        int padH = 0, padW = 0, hp = oh, wp = ow;
        for (Phase r : rows) {
            padH = Math.max(padH, r.taps - 1);
        }
        for (Phase q : cols) {
            padW = Math.max(padW, q.taps - 1);
        }
        for (Phase r : rows) {
            hp = Math.max(hp, r.first + r.count);
        }
        for (Phase q : cols) {
            wp = Math.max(wp, q.first + q.count);
        }
        hp += padH;
        wp += padW;
        int cinP = roundUp(cin, BW);

        long wBytes = align((long) kh * kw * cout * cinP * Float.BYTES);
        long bBytes = align((long) cinP * Float.BYTES);
        long dBytes = (long) n * hp * wp * cout * Float.BYTES;
        MemorySegment scratch = ws.take(wBytes + bBytes + dBytes);
        MemorySegment wPack = scratch.asSlice(0, wBytes);
        MemorySegment zeroBias = scratch.asSlice(wBytes, bBytes);
        MemorySegment dp = scratch.asSlice(wBytes + bBytes, dBytes);
        zeroBias.fill((byte) 0);
        pad(dy.data(), n, oh, ow, cout, padH, padW, hp, wp, dp);

        for (Phase r : rows) {
            for (Phase q : cols) {
                if (r.count == 0 || q.count == 0) {
                    continue;
                }
                Grid target = new Grid(h, wd, r.row0, q.row0, sh, sw);
                if (r.taps == 0 || q.taps == 0) {
                    zero(dx.data(), n, r.count, q.count, target, cin);
                    continue;
                }
                packBackwardData(w.data(), kh, kw, cin, cout, r, q, sh, sw, wPack);
                Grid source = new Grid(hp, wp, r.first + padH - (r.taps - 1), q.first + padW - (q.taps - 1), 1, 1);
                run(dp, source, cout, wPack, r.taps, q.taps, cinP, zeroBias, dx.data(), target, n, r.count, q.count, cin);
            }
        }
    }

    /**
     * One phase of the input gradient along one axis: input rows {@code row0 + m * stride}
     * ({@code count} of them) meet kernel rows {@code tap0 + q * stride} ({@code taps} of them),
     * and row m at tap q reads output row {@code first + m - q}.
     */
    private record Phase(int row0, int count, int tap0, int taps, int first) {}

    private static Phase[] phases(int size, int k, int stride, int pad) {
        Phase[] out = new Phase[stride];
        for (int a = 0; a < stride; a++) {
            int row0 = Math.floorMod(a - pad, stride);
            int count = row0 < size ? (size - 1 - row0) / stride + 1 : 0;
            int taps = a < k ? (k - a + stride - 1) / stride : 0;
            out[a] = new Phase(row0, count, a, taps, (row0 + pad - a) / stride);
        }
        return out;
    }

    /** A pixel grid inside an NHWC tensor: pixel (y, x) is at (row0 + y * strideH, col0 + x * strideW). */
    private record Grid(int height, int width, int row0, int col0, int strideH, int strideW) {
        long byteOffset(int img, int y, int x, int channels) {
            return (((long) img * height + row0 + (long) y * strideH) * width + col0 + (long) x * strideW)
                    * channels * Float.BYTES;
        }
    }

    /** Zeroes the pixels of a grid. */
    private static void zero(MemorySegment t, int n, int rows, int cols, Grid g, int c) {
        for (int img = 0; img < n; img++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    t.asSlice(g.byteOffset(img, y, x, c), (long) c * Float.BYTES).fill((byte) 0);
                }
            }
        }
    }

    /**
     * The VJP of {@link #forward} with respect to its weights and bias.
     *
     * @param x     input [N, H, W, Cin]
     * @param dy    output gradient [N, OH, OW, Cout]
     * @param spec  strides and padding of the forward convolution
     * @param dw    weight gradient [KH, KW, Cin, Cout], overwritten
     * @param dbias bias gradient [Cout], overwritten; null when not wanted
     * @param ws    scratch memory
     */
    public static void backwardWeights(Tensor x, Tensor dy, Conv2d spec, Tensor dw, Tensor dbias, Workspace ws) {
        checkOut(spec.outShape(x, dw), dy, "dy");
        int n = x.dim(0), h = x.dim(1), wd = x.dim(2), cin = x.dim(3);
        int kh = dw.dim(0), kw = dw.dim(1), cout = dw.dim(3);
        int oh = dy.dim(1), ow = dy.dim(2);
        int hp = h + spec.padTop() + spec.padBottom();
        int wp = wd + spec.padLeft() + spec.padRight();
        boolean padded = hp != h || wp != wd;
        int coutP = roundUp(cout, BW);
        boolean repackDy = coutP != cout;
        long pixels = (long) n * oh * ow;

        long accBytes = align((long) kh * kw * cin * coutP * Float.BYTES);
        long dyBytes = repackDy ? align(pixels * coutP * Float.BYTES) : 0;
        long xBytes = padded ? (long) n * hp * wp * cin * Float.BYTES : 0;
        MemorySegment scratch = ws.take(accBytes + dyBytes + xBytes);
        MemorySegment acc = scratch.asSlice(0, accBytes);
        acc.fill((byte) 0);
        MemorySegment dys = dy.data();
        if (repackDy) {
            dys = scratch.asSlice(accBytes, dyBytes);
            widenRows(dy.data(), pixels, cout, coutP, dys);
        }
        MemorySegment xs = x.data();
        if (padded) {
            xs = scratch.asSlice(accBytes + dyBytes, xBytes);
            pad(x.data(), n, h, wd, cin, spec.padTop(), spec.padLeft(), hp, wp, xs);
        }
        weightGrad(xs, new Grid(hp, wp, 0, 0, spec.strideH(), spec.strideW()), cin, dys, coutP, n, oh, ow, kh, kw,
                acc);
        narrowRows(acc, (long) kh * kw * cin, coutP, cout, dw.data());
        if (dbias != null) {
            if (dbias.rank() != 1 || dbias.dim(0) != cout) {
                throw new IllegalArgumentException("dbias " + dbias + " for " + cout + " output channels");
            }
            sumRows(dy.data(), pixels, cout, dbias.data());
        }
    }

    // ---- the shared forward kernel -----------------------------------------------------------

    /**
     * out[p, co] = bias[co] + sum over taps and channels of in[...] * w[...] for every pixel p
     * of an {@code oh x ow} grid: an unpadded convolution of {@code in [N, *, *, C]} with packed
     * weights, output pixel (y, x) reading its taps from {@code src} pixel (y, x) onwards and
     * writing {@code dst} pixel (y, x).
     */
    private static void run(MemorySegment in, Grid src, int c, MemorySegment wPack, int kh, int kw,
                            int coutP, MemorySegment bias,
                            MemorySegment out, Grid dstGrid, int n, int oh, int ow, int cout) {
        int wi = src.width();
        long total = (long) n * oh * ow;
        int px = WIDE ? 8 : PX;
        int tiles = (int) ((total + px - 1) / px);
        int blocks = coutP / BW;
        long flops = 2L * px * BW * kh * kw * c * blocks;
        // A task should be worth about 100k FLOPs so the pool overhead stays small.
        int grain = (int) Math.max(1, 100_000 / Math.max(1, flops));
        Parallel.forRange(tiles, grain, (from, to) -> {
            long[] base = new long[px];
            long[] dst = new long[px];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment stage = arena.allocate((long) px * BW * Float.BYTES, 64);
                for (int t = from; t < to; t++) {
                    long first = (long) t * px;
                    int valid = (int) Math.min(px, total - first);
                    for (int i = 0; i < px; i++) {
                        long p = first + Math.min(i, valid - 1);
                        int img = (int) (p / ((long) oh * ow));
                        int r = (int) (p % ((long) oh * ow));
                        int y = r / ow, x = r % ow;
                        base[i] = src.byteOffset(img, y, x, c);
                        dst[i] = dstGrid.byteOffset(img, y, x, cout);
                    }
                    for (int b = 0; b < blocks; b++) {
                        if (WIDE) {
                            tile8(in, base, wPack, b, kh, kw, c, wi, bias, stage);
                        } else {
                            tile6(in, base, wPack, b, kh, kw, c, wi, bias, stage);
                        }
                        unstage(stage, out, dst, valid, b * BW, cout);
                    }
                }
            }
        });
    }

    /** One tile: 6 pixels times one block of {@code 2L} output channels, for 16-register machines. */
    private static void tile6(MemorySegment in, long[] base, MemorySegment wPack, int block, int kh, int kw, int c,
                              int wi, MemorySegment bias, MemorySegment stage) {
        int co = block * BW;
        FloatVector b0 = FloatVector.fromMemorySegment(S, bias, (long) co * Float.BYTES, NO);
        FloatVector b1 = FloatVector.fromMemorySegment(S, bias, (long) (co + L) * Float.BYTES, NO);
        FloatVector a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1;
        FloatVector a30 = b0, a31 = b1, a40 = b0, a41 = b1, a50 = b0, a51 = b1;
        int span = kw * c;
        long rowBytes = (long) wi * c * Float.BYTES;
        for (int r = 0; r < kh; r++) {
            // Along one kernel row the taps (kw, ci) are contiguous both in the input and in the
            // packed weights, so they run as one loop.
            long rowOff = r * rowBytes;
            long x0 = base[0] + rowOff, x1 = base[1] + rowOff, x2 = base[2] + rowOff;
            long x3 = base[3] + rowOff, x4 = base[4] + rowOff, x5 = base[5] + rowOff;
            long wo = (((long) block * kh + r) * span) * BW * Float.BYTES;
            for (int j = 0; j < span; j++) {
                FloatVector w0 = FloatVector.fromMemorySegment(S, wPack, wo, NO);
                FloatVector w1 = FloatVector.fromMemorySegment(S, wPack, wo + (long) L * Float.BYTES, NO);
                wo += (long) BW * Float.BYTES;
                long xo = (long) j * Float.BYTES;
                FloatVector v = FloatVector.broadcast(S, in.get(F, x0 + xo));
                a00 = v.fma(w0, a00);
                a01 = v.fma(w1, a01);
                v = FloatVector.broadcast(S, in.get(F, x1 + xo));
                a10 = v.fma(w0, a10);
                a11 = v.fma(w1, a11);
                v = FloatVector.broadcast(S, in.get(F, x2 + xo));
                a20 = v.fma(w0, a20);
                a21 = v.fma(w1, a21);
                v = FloatVector.broadcast(S, in.get(F, x3 + xo));
                a30 = v.fma(w0, a30);
                a31 = v.fma(w1, a31);
                v = FloatVector.broadcast(S, in.get(F, x4 + xo));
                a40 = v.fma(w0, a40);
                a41 = v.fma(w1, a41);
                v = FloatVector.broadcast(S, in.get(F, x5 + xo));
                a50 = v.fma(w0, a50);
                a51 = v.fma(w1, a51);
            }
        }
        a00.intoMemorySegment(stage, 0L * L * Float.BYTES, NO);
        a01.intoMemorySegment(stage, 1L * L * Float.BYTES, NO);
        a10.intoMemorySegment(stage, 2L * L * Float.BYTES, NO);
        a11.intoMemorySegment(stage, 3L * L * Float.BYTES, NO);
        a20.intoMemorySegment(stage, 4L * L * Float.BYTES, NO);
        a21.intoMemorySegment(stage, 5L * L * Float.BYTES, NO);
        a30.intoMemorySegment(stage, 6L * L * Float.BYTES, NO);
        a31.intoMemorySegment(stage, 7L * L * Float.BYTES, NO);
        a40.intoMemorySegment(stage, 8L * L * Float.BYTES, NO);
        a41.intoMemorySegment(stage, 9L * L * Float.BYTES, NO);
        a50.intoMemorySegment(stage, 10L * L * Float.BYTES, NO);
        a51.intoMemorySegment(stage, 11L * L * Float.BYTES, NO);
    }

    /** One tile of 8 pixels times {@code 2L} output channels, for 32-register machines. */
    private static void tile8(MemorySegment in, long[] base, MemorySegment wPack, int block, int kh, int kw, int c,
                              int wi, MemorySegment bias, MemorySegment stage) {
        int co = block * BW;
        FloatVector b0 = FloatVector.fromMemorySegment(S, bias, (long) co * Float.BYTES, NO);
        FloatVector b1 = FloatVector.fromMemorySegment(S, bias, (long) (co + L) * Float.BYTES, NO);
        FloatVector a00 = b0, a01 = b1;
        FloatVector a10 = b0, a11 = b1;
        FloatVector a20 = b0, a21 = b1;
        FloatVector a30 = b0, a31 = b1;
        FloatVector a40 = b0, a41 = b1;
        FloatVector a50 = b0, a51 = b1;
        FloatVector a60 = b0, a61 = b1;
        FloatVector a70 = b0, a71 = b1;
        int span = kw * c;
        long rowBytes = (long) wi * c * Float.BYTES;
        for (int r = 0; r < kh; r++) {
            long rowOff = r * rowBytes;
            long x0 = base[0] + rowOff;
            long x1 = base[1] + rowOff;
            long x2 = base[2] + rowOff;
            long x3 = base[3] + rowOff;
            long x4 = base[4] + rowOff;
            long x5 = base[5] + rowOff;
            long x6 = base[6] + rowOff;
            long x7 = base[7] + rowOff;
            long wo = (((long) block * kh + r) * span) * BW * Float.BYTES;
            for (int j = 0; j < span; j++) {
                FloatVector w0 = FloatVector.fromMemorySegment(S, wPack, wo, NO);
                FloatVector w1 = FloatVector.fromMemorySegment(S, wPack, wo + (long) L * Float.BYTES, NO);
                wo += (long) BW * Float.BYTES;
                long xo = (long) j * Float.BYTES;
                FloatVector v;
                v = FloatVector.broadcast(S, in.get(F, x0 + xo));
                a00 = v.fma(w0, a00);
                a01 = v.fma(w1, a01);
                v = FloatVector.broadcast(S, in.get(F, x1 + xo));
                a10 = v.fma(w0, a10);
                a11 = v.fma(w1, a11);
                v = FloatVector.broadcast(S, in.get(F, x2 + xo));
                a20 = v.fma(w0, a20);
                a21 = v.fma(w1, a21);
                v = FloatVector.broadcast(S, in.get(F, x3 + xo));
                a30 = v.fma(w0, a30);
                a31 = v.fma(w1, a31);
                v = FloatVector.broadcast(S, in.get(F, x4 + xo));
                a40 = v.fma(w0, a40);
                a41 = v.fma(w1, a41);
                v = FloatVector.broadcast(S, in.get(F, x5 + xo));
                a50 = v.fma(w0, a50);
                a51 = v.fma(w1, a51);
                v = FloatVector.broadcast(S, in.get(F, x6 + xo));
                a60 = v.fma(w0, a60);
                a61 = v.fma(w1, a61);
                v = FloatVector.broadcast(S, in.get(F, x7 + xo));
                a70 = v.fma(w0, a70);
                a71 = v.fma(w1, a71);
            }
        }
        a00.intoMemorySegment(stage, 0L * L * Float.BYTES, NO);
        a01.intoMemorySegment(stage, 1L * L * Float.BYTES, NO);
        a10.intoMemorySegment(stage, 2L * L * Float.BYTES, NO);
        a11.intoMemorySegment(stage, 3L * L * Float.BYTES, NO);
        a20.intoMemorySegment(stage, 4L * L * Float.BYTES, NO);
        a21.intoMemorySegment(stage, 5L * L * Float.BYTES, NO);
        a30.intoMemorySegment(stage, 6L * L * Float.BYTES, NO);
        a31.intoMemorySegment(stage, 7L * L * Float.BYTES, NO);
        a40.intoMemorySegment(stage, 8L * L * Float.BYTES, NO);
        a41.intoMemorySegment(stage, 9L * L * Float.BYTES, NO);
        a50.intoMemorySegment(stage, 10L * L * Float.BYTES, NO);
        a51.intoMemorySegment(stage, 11L * L * Float.BYTES, NO);
        a60.intoMemorySegment(stage, 12L * L * Float.BYTES, NO);
        a61.intoMemorySegment(stage, 13L * L * Float.BYTES, NO);
        a70.intoMemorySegment(stage, 14L * L * Float.BYTES, NO);
        a71.intoMemorySegment(stage, 15L * L * Float.BYTES, NO);
    }

    /**
     * Copies the tile's valid pixels and channels from the stage to the output. The tile
     * kernels store whole vectors to the stage because masked stores in them would take
     * C2's inlining budget, and with it the vectorisation of their loops.
     */
    private static void unstage(MemorySegment stage, MemorySegment out, long[] dst, int valid, int co, int cout) {
        long bytes = (long) Math.min(BW, cout - co) * Float.BYTES;
        for (int i = 0; i < valid; i++) {
            MemorySegment.copy(stage, (long) i * BW * Float.BYTES, out, dst[i] + (long) co * Float.BYTES, bytes);
        }
    }

    // ---- the weight-gradient kernel ----------------------------------------------------------

    /**
     * acc[k, ci, co] += sum over pixels of in[pixel + tap k, ci] * dy[pixel, co], with acc and
     * dy rows {@code coutP} floats long. Tasks are (tap, block of {@value #PX} input channels);
     * each task range walks the pixels in chunks so a chunk of dy serves all its tasks from cache.
     */
    private static void weightGrad(MemorySegment in, Grid grid, int c, MemorySegment dy, int coutP,
                                   int n, int oh, int ow, int kh, int kw, MemorySegment acc) {
        int wi = grid.width();
        long total = (long) n * oh * ow;
        int cBlocks = (c + PX - 1) / PX;
        int tasks = kh * kw * cBlocks;
        int blocks = coutP / BW;
        Parallel.forRange(tasks, 1, (from, to) -> {
            long[] src = new long[(int) Math.min(PCHUNK, total)];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment stage = arena.allocate((long) PX * BW * Float.BYTES, 64);
                for (long p0 = 0; p0 < total; p0 += PCHUNK) {
                    int len = (int) Math.min(PCHUNK, total - p0);
                    for (int i = 0; i < len; i++) {
                        long p = p0 + i;
                        int img = (int) (p / ((long) oh * ow));
                        int r = (int) (p % ((long) oh * ow));
                        int y = r / ow, x = r % ow;
                        src[i] = grid.byteOffset(img, y, x, c);
                    }
                    for (int t = from; t < to; t++) {
                        int k = t / cBlocks;
                        int cb = t % cBlocks;
                        long tapOff = ((long) (k / kw) * wi + k % kw) * c * Float.BYTES;
                        for (int b = 0; b < blocks; b++) {
                            gradTile(in, src, len, tapOff, cb * PX, c, dy, p0, coutP, b * BW, stage);
                            long row = ((long) k * c + cb * PX) * coutP + b * BW;
                            accumulate(stage, acc, row * Float.BYTES, coutP, Math.min(PX, c - cb * PX));
                        }
                    }
                }
            }
        });
    }

    /** One tile: {@value #PX} input channels times {@code 2L} output channels over one pixel chunk. */
    private static void gradTile(MemorySegment in, long[] src, int len, long tapOff, int c0, int c,
                                 MemorySegment dy, long p0, int coutP, int co, MemorySegment stage) {
        // Channels past the end repeat the last one and are not stored.
        long c1 = (long) Math.min(c0 + 1, c - 1) * Float.BYTES;
        long c2 = (long) Math.min(c0 + 2, c - 1) * Float.BYTES;
        long c3 = (long) Math.min(c0 + 3, c - 1) * Float.BYTES;
        long c4 = (long) Math.min(c0 + 4, c - 1) * Float.BYTES;
        long c5 = (long) Math.min(c0 + 5, c - 1) * Float.BYTES;
        long cc0 = (long) c0 * Float.BYTES;
        long stride = (long) coutP * Float.BYTES;
        long lb = (long) L * Float.BYTES;
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
        FloatVector a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
        long dyo = (p0 * coutP + co) * Float.BYTES;
        for (int i = 0; i < len; i++) {
            FloatVector d0 = FloatVector.fromMemorySegment(S, dy, dyo, NO);
            FloatVector d1 = FloatVector.fromMemorySegment(S, dy, dyo + lb, NO);
            dyo += stride;
            long xo = src[i] + tapOff;
            FloatVector v = FloatVector.broadcast(S, in.get(F, xo + cc0));
            a00 = v.fma(d0, a00);
            a01 = v.fma(d1, a01);
            v = FloatVector.broadcast(S, in.get(F, xo + c1));
            a10 = v.fma(d0, a10);
            a11 = v.fma(d1, a11);
            v = FloatVector.broadcast(S, in.get(F, xo + c2));
            a20 = v.fma(d0, a20);
            a21 = v.fma(d1, a21);
            v = FloatVector.broadcast(S, in.get(F, xo + c3));
            a30 = v.fma(d0, a30);
            a31 = v.fma(d1, a31);
            v = FloatVector.broadcast(S, in.get(F, xo + c4));
            a40 = v.fma(d0, a40);
            a41 = v.fma(d1, a41);
            v = FloatVector.broadcast(S, in.get(F, xo + c5));
            a50 = v.fma(d0, a50);
            a51 = v.fma(d1, a51);
        }
        a00.intoMemorySegment(stage, 0L * L * Float.BYTES, NO);
        a01.intoMemorySegment(stage, 1L * L * Float.BYTES, NO);
        a10.intoMemorySegment(stage, 2L * L * Float.BYTES, NO);
        a11.intoMemorySegment(stage, 3L * L * Float.BYTES, NO);
        a20.intoMemorySegment(stage, 4L * L * Float.BYTES, NO);
        a21.intoMemorySegment(stage, 5L * L * Float.BYTES, NO);
        a30.intoMemorySegment(stage, 6L * L * Float.BYTES, NO);
        a31.intoMemorySegment(stage, 7L * L * Float.BYTES, NO);
        a40.intoMemorySegment(stage, 8L * L * Float.BYTES, NO);
        a41.intoMemorySegment(stage, 9L * L * Float.BYTES, NO);
        a50.intoMemorySegment(stage, 10L * L * Float.BYTES, NO);
        a51.intoMemorySegment(stage, 11L * L * Float.BYTES, NO);
    }

    /** Adds the first {@code rows} stage rows ({@code 2L} floats each) to acc rows {@code coutP} floats apart. */
    private static void accumulate(MemorySegment stage, MemorySegment acc, long off, int coutP, int rows) {
        for (int i = 0; i < rows; i++) {
            for (int v = 0; v < 2; v++) {
                long a = off + ((long) i * coutP + (long) v * L) * Float.BYTES;
                FloatVector.fromMemorySegment(S, acc, a, NO)
                        .add(FloatVector.fromMemorySegment(S, stage, ((long) i * BW + (long) v * L) * Float.BYTES, NO))
                        .intoMemorySegment(acc, a, NO);
            }
        }
    }

    // ---- data movement -----------------------------------------------------------------------

    /** Packs HWIO weights as [Cout/BW][KH][KW][Cin][BW], zero-filling channels past Cout. */
    private static void packForward(MemorySegment w, int kh, int kw, int cin, int cout, MemorySegment dst) {
        int blocks = roundUp(cout, BW) / BW;
        long taps = (long) kh * kw * cin;
        dst.fill((byte) 0);
        for (int b = 0; b < blocks; b++) {
            int width = Math.min(BW, cout - b * BW);
            for (long t = 0; t < taps; t++) {
                MemorySegment.copy(w, (t * cout + (long) b * BW) * Float.BYTES,
                        dst, ((b * taps + t) * BW) * Float.BYTES, (long) width * Float.BYTES);
            }
        }
    }

    /**
     * Packs the weights of one input-gradient phase: tap (u, v) of the phase's flipped kernel,
     * input channel co (of dy), output channel ci (of dx), as [Cin/BW][taps][taps][Cout][BW].
     */
    private static void packBackwardData(MemorySegment w, int kh, int kw, int cin, int cout, Phase r, Phase q,
                                         int sh, int sw, MemorySegment dst) {
        int blocks = roundUp(cin, BW) / BW;
        dst.fill((byte) 0);
        for (int b = 0; b < blocks; b++) {
            int width = Math.min(BW, cin - b * BW);
            for (int u = 0; u < r.taps(); u++) {
                for (int v = 0; v < q.taps(); v++) {
                    int row = r.tap0() + (r.taps() - 1 - u) * sh;
                    int col = q.tap0() + (q.taps() - 1 - v) * sw;
                    long srcTap = (long) row * kw + col;
                    for (int co = 0; co < cout; co++) {
                        long d = ((((long) b * r.taps() + u) * q.taps() + v) * cout + co) * BW;
                        for (int i = 0; i < width; i++) {
                            long ci = (long) b * BW + i;
                            dst.setAtIndex(F, d + i, w.getAtIndex(F, (srcTap * cin + ci) * cout + co));
                        }
                    }
                }
            }
        }
    }

    /** Copies x [N,H,W,C] into the interior of xp [N,HP,WP,C], zeroing the border. */
    private static void pad(MemorySegment x, int n, int h, int w, int c, int top, int left, int hp, int wp,
                            MemorySegment xp) {
        long rowBytes = (long) wp * c * Float.BYTES;
        long srcRow = (long) w * c * Float.BYTES;
        Parallel.forRange(n * hp, 16, (from, to) -> {
            for (int row = from; row < to; row++) {
                int img = row / hp, y = row % hp - top;
                MemorySegment dst = xp.asSlice(row * rowBytes, rowBytes);
                if (y < 0 || y >= h) {
                    dst.fill((byte) 0);
                    continue;
                }
                long leftBytes = (long) left * c * Float.BYTES;
                dst.asSlice(0, leftBytes).fill((byte) 0);
                dst.asSlice(leftBytes + srcRow).fill((byte) 0);
                MemorySegment.copy(x, (((long) img * h + y) * w) * c * Float.BYTES, dst, leftBytes, srcRow);
            }
        });
    }

    /** Copies rows of {@code c} floats into rows of {@code cp >= c} floats, zero-filling the rest. */
    private static void widenRows(MemorySegment src, long rows, int c, int cp, MemorySegment dst) {
        dst.fill((byte) 0);
        for (long r = 0; r < rows; r++) {
            MemorySegment.copy(src, r * c * Float.BYTES, dst, r * cp * Float.BYTES, (long) c * Float.BYTES);
        }
    }

    /** Copies the first {@code c} floats of each row of {@code cp} floats. */
    private static void narrowRows(MemorySegment src, long rows, int cp, int c, MemorySegment dst) {
        for (long r = 0; r < rows; r++) {
            MemorySegment.copy(src, r * cp * Float.BYTES, dst, r * c * Float.BYTES, (long) c * Float.BYTES);
        }
    }

    /** dst[c] = sum over rows of src[row, c]. */
    private static void sumRows(MemorySegment src, long rows, int c, MemorySegment dst) {
        dst.fill((byte) 0);
        int full = c - c % L;
        for (long r = 0; r < rows; r++) {
            long off = r * c * Float.BYTES;
            int i = 0;
            for (; i < full; i += L) {
                long d = (long) i * Float.BYTES;
                FloatVector.fromMemorySegment(S, dst, d, NO)
                        .add(FloatVector.fromMemorySegment(S, src, off + d, NO))
                        .intoMemorySegment(dst, d, NO);
            }
            for (; i < c; i++) {
                dst.setAtIndex(F, i, dst.getAtIndex(F, i) + src.get(F, off + (long) i * Float.BYTES));
            }
        }
    }

    private static void checkOut(int[] expected, Tensor t, String name) {
        if (!java.util.Arrays.equals(expected, t.shape())) {
            throw new IllegalArgumentException(name + " is " + t + " but the convolution needs "
                    + java.util.Arrays.toString(expected));
        }
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    private static long align(long bytes) {
        return (bytes + 63) & ~63L;
    }
}
