package org.ddss.backend;

import java.util.Arrays;
import org.ddss.tensor.Tensor;

/**
 * Nearest-neighbour 2x upsampling followed by a 3x3 convolution with stride 1 and padding 1
 * (diffusers' {@code Upsample2D}), computed on the low-resolution grid: the sub-pixel form.
 *
 * <p>Output row {@code 2i+a} (phase {@code a} = 0 or 1) of the upsampled convolution reads
 * upsampled rows {@code 2i+a-1 .. 2i+a+1}, which are only two distinct input rows: {@code i-1, i}
 * for a = 0 and {@code i, i+1} for a = 1 (and columns alike). So each of the four phases
 * (a, b) is a 2x2 convolution of the input with the 3x3 taps that land on the same input pixel
 * summed. One 2x2 convolution with padding 1 and {@code 4 Cout} outputs, phase (a, b) in
 * channel block {@code 2a+b}, gives every phase on an (H+1) x (W+1) grid, and
 * {@link Backend#interleavePhases} puts phase (a, b) of {@code o[i+a, j+b]} at
 * {@code y[2i+a, 2j+b]}. Zero padding maps to zero padding: an upsampled row -1 or 2H is input
 * row -1 or H. The result equals upsampling then convolving up to rounding, with 4 taps per
 * output instead of 9 (on (H+1)(W+1) positions instead of HW) and no upsampled tensor.
 */
public final class UpsampleConv {
    private UpsampleConv() {
    }

    /** The geometry of the 2x2 convolution: stride 1, padding 1 on every side, so (H+1) x (W+1) outputs. */
    public static final Conv2d PHASES = Conv2d.of(1, 1);

    /** The tap (0 or 1) of a phase's 2x2 kernel that 3x3 tap {@code k} (0..2) lands on in phase {@code a} (0 or 1). */
    static int tap(int a, int k) {
        return Math.floorDiv(a + k - 1, 2) - a + 1;
    }

    /** The phases' 2x2 weights: w3 [3,3,Cin,Cout] (HWIO) into w2 [2,2,Cin,4 Cout]. */
    public static void weights(Tensor w3, Tensor w2) {
        check(w3, w2);
        w2.copyFrom(sum(w3.toArray(), w3.dim(2), w3.dim(3), true));
    }

    /** VJP of {@link #weights}: dw3 [3,3,Cin,Cout] from dw2 [2,2,Cin,4 Cout], overwritten. */
    public static void weightsBackward(Tensor dw2, Tensor dw3) {
        check(dw3, dw2);
        dw3.copyFrom(sum(dw2.toArray(), dw3.dim(2), dw3.dim(3), false));
    }

    /**
     * The one map between 3x3 taps and phase taps, summed in double: each 3x3 tap into the phase
     * taps it lands on ({@code toPhases}), or each phase tap back onto its 3x3 taps (the transpose).
     */
    private static float[] sum(float[] src, int cin, int cout, boolean toPhases) {
        double[] acc = new double[toPhases ? 16 * cin * cout : 9 * cin * cout];
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        int u = tap(a, ky), v = tap(b, kx);
                        for (int ci = 0; ci < cin; ci++) {
                            int at3 = ((ky * 3 + kx) * cin + ci) * cout;
                            int at2 = ((u * 2 + v) * cin + ci) * 4 * cout + (2 * a + b) * cout;
                            int from = toPhases ? at3 : at2, to = toPhases ? at2 : at3;
                            for (int co = 0; co < cout; co++) {
                                acc[to + co] += src[from + co];
                            }
                        }
                    }
                }
            }
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < acc.length; i++) {
            out[i] = (float) acc[i];
        }
        return out;
    }

    /** The phases' weight shape for 3x3 weights {@code [3,3,Cin,Cout]}. */
    public static int[] weightShape(Tensor w3) {
        return new int[] {2, 2, w3.dim(2), 4 * w3.dim(3)};
    }

    /**
     * Rejects phases o and bias [C] (nullable) that do not fit output y ({@link Backend#interleavePhases},
     * and its VJP with dO and dy), naming the shapes.
     */
    static void checkPhases(Tensor o, Tensor bias, Tensor y) {
        if (o.rank() != 4 || y.rank() != 4 || y.dim(1) % 2 != 0 || y.dim(2) % 2 != 0
                || !Arrays.equals(o.shape(), new int[] {y.dim(0), y.dim(1) / 2 + 1, y.dim(2) / 2 + 1, 4 * y.dim(3)})) {
            throw new IllegalArgumentException("interleavePhases: phases " + Arrays.toString(o.shape())
                    + " do not fit output " + Arrays.toString(y.shape()) + " (phases [N, H+1, W+1, 4C] for output [N, 2H, 2W, C])");
        }
        if (bias != null) {
            Shapes.require("interleavePhases bias", bias, y.dim(3));
        }
    }

    private static void check(Tensor w3, Tensor w2) {
        if (w3.rank() != 4 || w3.dim(0) != 3 || w3.dim(1) != 3 || !Arrays.equals(w2.shape(), weightShape(w3))) {
            throw new IllegalArgumentException("sub-pixel weights: 3x3 weights " + Arrays.toString(w3.shape())
                    + " (HWIO) do not fit phase weights " + Arrays.toString(w2.shape()) + " ([2, 2, Cin, 4 Cout])");
        }
    }
}
