package org.ddss.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ddss.autodiff.Param;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Conv2d;
import org.ddss.backend.Pool2d;
import org.ddss.io.WeightFile;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * The FID Inception-v3 as pytorch-fid builds it (torchvision's {@code inception_v3} with 1008
 * classes and pytorch-fid's pooling: the average pools in Mixed_5b-d, 6b-e and 7b leave the
 * padding out of the average, and Mixed_7c max-pools), up to the 2048-d "pool3" features (the
 * global average after Mixed_7c). Images [N, H, W, 3] in [-1, 1] are resized to 299 x 299 with
 * PyTorch's bilinear ({@code align_corners=False}), as pytorch-fid resizes its [0, 1] input
 * before scaling it to [-1, 1] (the two commute). Each convolution's batch norm (eps 0.001) is
 * folded into it at load time; the network is differentiable with respect to its input, so the
 * search's KID loss reaches the samples through it.
 *
 * <p>Weights: pytorch-fid's {@code pt_inception-2015-12-05-6726825d.pth} as published (a
 * PyTorch checkpoint, read without running it), or that file converted to safetensors. Channel
 * widths come from the file, so a width-scaled copy of the architecture (the tests' fixture)
 * loads through the same code.
 */
public final class InceptionV3 implements FeatureNetwork, AutoCloseable {
    /** The size pytorch-fid resizes every image to. */
    public static final int SIZE = 299;
    /** Batch norm's epsilon in every BasicConv2d. */
    static final float BN_EPS = 0.001f;

    private final TensorArena arena;
    private final Map<String, Param> weights;
    private final Map<String, Param> biases;
    private final int featureDim;

    private InceptionV3(TensorArena arena, Map<String, Param> weights, Map<String, Param> biases, int featureDim) {
        this.arena = arena;
        this.weights = weights;
        this.biases = biases;
        this.featureDim = featureDim;
    }

    /** Loads pytorch-fid's weights (a {@code .pth} checkpoint or safetensors), folding batch norm into the convolutions. */
    public static InceptionV3 load(Path file) throws IOException {
        TensorArena arena = new TensorArena();
        try (WeightFile w = WeightFile.open(file)) {
            Map<String, Param> weights = new LinkedHashMap<>(), biases = new LinkedHashMap<>();
            for (String name : w.names()) {
                if (!name.endsWith(".conv.weight")) {
                    continue;
                }
                String layer = name.substring(0, name.length() - ".conv.weight".length());
                fold(w, layer, arena, weights, biases, file);
            }
            for (String required : LAYERS) {
                if (!weights.containsKey(required)) {
                    throw new IOException(file + " is not pytorch-fid's Inception-v3: it has no " + required + ".conv.weight");
                }
            }
            int dim = 0;
            for (String last : new String[] {"Mixed_7c.branch1x1", "Mixed_7c.branch3x3_2a", "Mixed_7c.branch3x3_2b",
                "Mixed_7c.branch3x3dbl_3a", "Mixed_7c.branch3x3dbl_3b", "Mixed_7c.branch_pool"}) {
                dim += weights.get(last).value().dim(3);
            }
            return new InceptionV3(arena, weights, biases, dim);
        } catch (IllegalArgumentException e) {
            arena.close();
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** {@code W' = W gamma / sqrt(var + eps)} (as HWIO), {@code b' = beta - mean gamma / sqrt(var + eps)}. */
    private static void fold(WeightFile w, String layer, TensorArena arena, Map<String, Param> weights, Map<String, Param> biases,
                             Path file) throws IOException {
        Tensor conv = w.tensor(layer + ".conv.weight");
        if (conv.rank() != 4) {
            throw new IOException(file + ": " + layer + ".conv.weight has shape " + Arrays.toString(conv.shape()) + ", not [O, I, KH, KW]");
        }
        int o = conv.dim(0), in = conv.dim(1), kh = conv.dim(2), kw = conv.dim(3);
        Tensor gamma = vector(w, layer + ".bn.weight", o, file), beta = vector(w, layer + ".bn.bias", o, file);
        Tensor mean = vector(w, layer + ".bn.running_mean", o, file), var = vector(w, layer + ".bn.running_var", o, file);
        Tensor hwio = arena.empty(kh, kw, in, o), bias = arena.empty(o);
        for (int a = 0; a < o; a++) {
            double s = gamma.get(a) / Math.sqrt(var.get(a) + (double) BN_EPS);
            bias.set(a, (float) (beta.get(a) - mean.get(a) * s));
            for (int b = 0; b < in; b++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        hwio.set((((long) y * kw + x) * in + b) * o + a, (float) (conv.get((((long) a * in + b) * kh + y) * kw + x) * s));
                    }
                }
            }
        }
        // Read-only, as loaded weights are, so backends may keep derived forms of them.
        weights.put(layer, new Param(layer + ".weight", hwio.readOnly()));
        biases.put(layer, new Param(layer + ".bias", bias.readOnly()));
    }

    private static Tensor vector(WeightFile w, String name, int n, Path file) throws IOException {
        if (!w.names().contains(name)) {
            throw new IOException(file + " is not pytorch-fid's Inception-v3: " + name + " is missing");
        }
        Tensor t = w.tensor(name);
        if (t.size() != n) {
            throw new IOException(file + ": " + name + " has " + t.size() + " values, its convolution " + n + " channels");
        }
        return t;
    }

    /** Every BasicConv2d the network runs, by its name in pytorch-fid's state dict. */
    static final String[] LAYERS;

    static {
        java.util.List<String> l = new java.util.ArrayList<>(java.util.List.of("Conv2d_1a_3x3", "Conv2d_2a_3x3", "Conv2d_2b_3x3",
                "Conv2d_3b_1x1", "Conv2d_4a_3x3"));
        for (String a : new String[] {"Mixed_5b", "Mixed_5c", "Mixed_5d"}) {
            for (String b : new String[] {"branch1x1", "branch5x5_1", "branch5x5_2", "branch3x3dbl_1", "branch3x3dbl_2",
                "branch3x3dbl_3", "branch_pool"}) {
                l.add(a + "." + b);
            }
        }
        for (String b : new String[] {"branch3x3", "branch3x3dbl_1", "branch3x3dbl_2", "branch3x3dbl_3"}) {
            l.add("Mixed_6a." + b);
        }
        for (String c : new String[] {"Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"}) {
            for (String b : new String[] {"branch1x1", "branch7x7_1", "branch7x7_2", "branch7x7_3", "branch7x7dbl_1", "branch7x7dbl_2",
                "branch7x7dbl_3", "branch7x7dbl_4", "branch7x7dbl_5", "branch_pool"}) {
                l.add(c + "." + b);
            }
        }
        for (String b : new String[] {"branch3x3_1", "branch3x3_2", "branch7x7x3_1", "branch7x7x3_2", "branch7x7x3_3", "branch7x7x3_4"}) {
            l.add("Mixed_7a." + b);
        }
        for (String e : new String[] {"Mixed_7b", "Mixed_7c"}) {
            for (String b : new String[] {"branch1x1", "branch3x3_1", "branch3x3_2a", "branch3x3_2b", "branch3x3dbl_1", "branch3x3dbl_2",
                "branch3x3dbl_3a", "branch3x3dbl_3b", "branch_pool"}) {
                l.add(e + "." + b);
            }
        }
        LAYERS = l.toArray(String[]::new);
    }

    @Override
    public String name() {
        return "Inception-v3";
    }

    @Override
    public int featureDim() {
        return featureDim;
    }

    @Override
    public boolean accepts(int[] imageShape) {
        return imageShape.length == 3 && imageShape[0] >= 1 && imageShape[1] >= 1 && imageShape[2] == 3;
    }

    @Override
    public String inputDescription() {
        return "RGB images (3 channels) of any size, resized to 299x299";
    }

    // ---- the network -------------------------------------------------------------------------

    private static final Conv2d ONE = Conv2d.of(1, 0), THREE = Conv2d.of(1, 1), FIVE = Conv2d.of(1, 2);
    private static final Conv2d VALID = Conv2d.of(1, 0), REDUCE = Conv2d.of(2, 0);
    private static final Conv2d ROW7 = new Conv2d(1, 1, 0, 0, 3, 3), COL7 = new Conv2d(1, 1, 3, 3, 0, 0);
    private static final Conv2d ROW3 = new Conv2d(1, 1, 0, 0, 1, 1), COL3 = new Conv2d(1, 1, 1, 1, 0, 0);
    /** pytorch-fid's average pool: the padding is not part of the average. */
    private static final Pool2d AVERAGE = Pool2d.average(3, 1, 1, false);
    private static final Pool2d MAX_SAME = Pool2d.max(3, 1, 1), MAX_REDUCE = Pool2d.max(3, 2, 0);

    /** BasicConv2d with its batch norm folded: {@code relu(conv(x) + b)}. */
    private Var c(Tape t, Var x, String layer, Conv2d spec) {
        return t.relu(t.conv2d(x, t.param(weights.get(layer)), t.param(biases.get(layer)), spec));
    }

    /** Pool3 features [N, d] of images [N, H, W, 3] in [-1, 1]; non-finite input is refused before the network. */
    @Override
    public Var features(Tape t, Var images) {
        Tensor v = images.value();
        if (v.rank() != 4 || !accepts(new int[] {v.dim(1), v.dim(2), v.dim(3)})) {
            throw new IllegalArgumentException("Inception-v3 input " + v + ", expected [N, H, W, 3]");
        }
        for (long i = 0, n = v.size(); i < n; i++) {
            if (!Float.isFinite(v.get(i))) {
                throw new IllegalArgumentException("Inception-v3 input holds " + v.get(i) + " at index " + i
                        + " (image " + i / ((long) v.dim(1) * v.dim(2) * 3) + "): images must be finite, in [-1, 1]");
            }
        }
        Var x = v.dim(1) == SIZE && v.dim(2) == SIZE ? images : t.resizeBilinear(images, SIZE, SIZE);
        x = c(t, c(t, c(t, x, "Conv2d_1a_3x3", REDUCE), "Conv2d_2a_3x3", VALID), "Conv2d_2b_3x3", THREE);
        x = t.pool2d(x, MAX_REDUCE);
        x = c(t, c(t, x, "Conv2d_3b_1x1", ONE), "Conv2d_4a_3x3", VALID);
        x = t.pool2d(x, MAX_REDUCE);
        for (String a : new String[] {"Mixed_5b", "Mixed_5c", "Mixed_5d"}) {
            x = inceptionA(t, x, a);
        }
        x = inceptionB(t, x, "Mixed_6a");
        for (String c : new String[] {"Mixed_6b", "Mixed_6c", "Mixed_6d", "Mixed_6e"}) {
            x = inceptionC(t, x, c);
        }
        x = inceptionD(t, x, "Mixed_7a");
        x = inceptionE(t, x, "Mixed_7b", AVERAGE);
        x = inceptionE(t, x, "Mixed_7c", MAX_SAME);
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), ch = x.dim(3);
        return t.reshape(t.scale(t.sumTo(x, n, 1, 1, ch), 1f / (h * w)), n, ch);
    }

    private Var inceptionA(Tape t, Var x, String m) {
        Var b1 = c(t, x, m + ".branch1x1", ONE);
        Var b5 = c(t, c(t, x, m + ".branch5x5_1", ONE), m + ".branch5x5_2", FIVE);
        Var b3 = c(t, c(t, c(t, x, m + ".branch3x3dbl_1", ONE), m + ".branch3x3dbl_2", THREE), m + ".branch3x3dbl_3", THREE);
        Var bp = c(t, t.pool2d(x, AVERAGE), m + ".branch_pool", ONE);
        return t.concat(b1, b5, b3, bp);
    }

    private Var inceptionB(Tape t, Var x, String m) {
        Var b3 = c(t, x, m + ".branch3x3", REDUCE);
        Var bd = c(t, c(t, c(t, x, m + ".branch3x3dbl_1", ONE), m + ".branch3x3dbl_2", THREE), m + ".branch3x3dbl_3", REDUCE);
        return t.concat(b3, bd, t.pool2d(x, MAX_REDUCE));
    }

    private Var inceptionC(Tape t, Var x, String m) {
        Var b1 = c(t, x, m + ".branch1x1", ONE);
        Var b7 = c(t, c(t, c(t, x, m + ".branch7x7_1", ONE), m + ".branch7x7_2", ROW7), m + ".branch7x7_3", COL7);
        Var d = c(t, x, m + ".branch7x7dbl_1", ONE);
        d = c(t, d, m + ".branch7x7dbl_2", COL7);
        d = c(t, d, m + ".branch7x7dbl_3", ROW7);
        d = c(t, d, m + ".branch7x7dbl_4", COL7);
        d = c(t, d, m + ".branch7x7dbl_5", ROW7);
        Var bp = c(t, t.pool2d(x, AVERAGE), m + ".branch_pool", ONE);
        return t.concat(b1, b7, d, bp);
    }

    private Var inceptionD(Tape t, Var x, String m) {
        Var b3 = c(t, c(t, x, m + ".branch3x3_1", ONE), m + ".branch3x3_2", REDUCE);
        Var b7 = c(t, x, m + ".branch7x7x3_1", ONE);
        b7 = c(t, b7, m + ".branch7x7x3_2", ROW7);
        b7 = c(t, b7, m + ".branch7x7x3_3", COL7);
        b7 = c(t, b7, m + ".branch7x7x3_4", REDUCE);
        return t.concat(b3, b7, t.pool2d(x, MAX_REDUCE));
    }

    private Var inceptionE(Tape t, Var x, String m, Pool2d pool) {
        Var b1 = c(t, x, m + ".branch1x1", ONE);
        Var b3 = c(t, x, m + ".branch3x3_1", ONE);
        b3 = t.concat(c(t, b3, m + ".branch3x3_2a", ROW3), c(t, b3, m + ".branch3x3_2b", COL3));
        Var d = c(t, c(t, x, m + ".branch3x3dbl_1", ONE), m + ".branch3x3dbl_2", THREE);
        d = t.concat(c(t, d, m + ".branch3x3dbl_3a", ROW3), c(t, d, m + ".branch3x3dbl_3b", COL3));
        Var bp = c(t, t.pool2d(x, pool), m + ".branch_pool", ONE);
        return t.concat(b1, b3, d, bp);
    }

    @Override
    public void close() {
        arena.close();
    }
}
