package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ddss.bindings.dnnl.DnnlLibrary;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the oneDNN wiring op by op against float64 loops written out here. (The full
 * cross-backend suite with finite-difference VJP checks lives apart.)
 */
class DnnlBackendSmokeTest {
    static final double TOL = 2e-4;

    DnnlBackend be;
    TensorArena mem;
    final Random rnd = new Random(42);

    @BeforeAll
    static void needsDnnl() {
        assumeTrue(DnnlLibrary.isAvailable(), () -> DnnlLibrary.unavailableReason().orElse(""));
    }

    @BeforeEach
    void open() {
        be = DnnlBackend.open();
        mem = new TensorArena();
    }

    @AfterEach
    void close() {
        be.close();
        mem.close();
    }

    Tensor random(int... shape) {
        Tensor t = mem.zeros(shape);
        for (long i = 0; i < t.size(); i++) {
            t.set(i, (float) rnd.nextGaussian());
        }
        return t;
    }

    @Test
    void versionAndIsa() {
        assertEquals("3.13.0", DnnlBackend.version());
        assertTrue(!DnnlBackend.isa().isEmpty());
        assertEquals("dnnl", be.name());
    }

    /**
     * conv with stride 2 and padding (0,1,0,1), as diffusers' Downsample2D, and stride 1 pad 1;
     * with few channels (plain weights) and with 16 to 32 (blocked weights, so the backward
     * passes reorder them).
     */
    @Test
    void convForwardAndBothBackwards() {
        for (int[] channels : new int[][] {{3, 4}, {16, 32}}) {
            for (Conv2d spec : new Conv2d[] {new Conv2d(2, 2, 0, 1, 0, 1), Conv2d.of(1, 1)}) {
                checkConv(spec, 6, 5, channels[0], channels[1]);
            }
        }
        int before = be.planCount();
        Tensor x = random(1, 4, 4, 3);
        Tensor wt = random(3, 3, 3, 4);
        Tensor y1 = mem.zeros(1, 4, 4, 4);
        be.conv2d(x, wt, null, Conv2d.of(1, 1), y1);
        int plans = be.planCount();
        assertTrue(plans > before, "a new shape is planned");
        be.conv2d(x, wt, null, Conv2d.of(1, 1), y1);
        assertEquals(plans, be.planCount(), "one plan per shape, reused");
    }

    /**
     * Read-only weights are reordered once and the copy reused; new weights written into the same
     * memory (as a pooled slab takes the next model's) are reordered afresh, never served the old
     * copy, and take the old copy's place.
     */
    @Test
    void readOnlyWeightsAreReorderedOnceAndNeverStale() {
        Conv2d spec = Conv2d.of(1, 1);
        Tensor x = random(2, 8, 8, 16);
        Tensor dy = random(2, 8, 8, 32);
        Tensor w = mem.zeros(3, 3, 16, 32);
        Tensor frozen = w.readOnly();
        int kept = -1;
        for (int round = 0; round < 3; round++) {
            for (long i = 0; i < w.size(); i++) {
                w.set(i, (float) rnd.nextGaussian());
            }
            Tensor y = mem.zeros(2, 8, 8, 32), yFrozen = mem.zeros(2, 8, 8, 32);
            Tensor dx = mem.zeros(x.shape()), dxFrozen = mem.zeros(x.shape());
            int before = be.derivedWeightCount();
            be.conv2d(x, w, null, spec, y);
            be.conv2dBackwardData(dy, w, spec, dx);
            assertEquals(before, be.derivedWeightCount(), "writable weights are reordered on every call, never kept");
            for (int call = 0; call < 2; call++) {
                be.conv2d(x, frozen, null, spec, yFrozen);
                be.conv2dBackwardData(dy, frozen, spec, dxFrozen);
                assertArrayEquals(y.toArray(), yFrozen.toArray(), "forward, round " + round + ", call " + call);
                assertArrayEquals(dx.toArray(), dxFrozen.toArray(), "backward data, round " + round + ", call " + call);
                if (kept < 0) {
                    kept = be.derivedWeightCount();
                    // The backward pass always reorders (it chooses its layout); the forward may read ours in place.
                    assertTrue(kept >= 1, "kept after the first call: " + kept);
                }
                assertEquals(kept, be.derivedWeightCount(), "one copy per plan, remade in place, round " + round);
            }
        }
    }

    /** A UNet-sized layer: the optimised kernels (and weight reorders) differ from tiny shapes'. */
    @Test
    void realisticShapes() {
        checkConv(Conv2d.of(1, 1), 16, 16, 64, 64);
        checkConv(new Conv2d(2, 2, 0, 1, 0, 1), 16, 16, 64, 64);
        checkGroupNorm(2, 16, 16, 128, 32);
    }

    void checkConv(Conv2d spec, int h, int w, int ci, int co) {
        {
            int n = 2, kh = 3, kw = 3;
            Tensor x = random(n, h, w, ci);
            Tensor wt = random(kh, kw, ci, co);
            Tensor bias = random(co);
            int[] ys = spec.outShape(x, wt);
            int oh = ys[1], ow = ys[2];
            Tensor y = mem.zeros(ys);
            be.conv2d(x, wt, bias, spec, y);
            double[] yRef = new double[(int) y.size()];
            Tensor dy = random(ys);
            double[] dxRef = new double[(int) x.size()];
            double[] dwRef = new double[(int) wt.size()];
            double[] dbRef = new double[co];
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        for (int o = 0; o < co; o++) {
                            int yi = ((b * oh + i) * ow + j) * co + o;
                            double acc = bias.get(o);
                            double g = dy.get(yi);
                            dbRef[o] += g;
                            for (int p = 0; p < kh; p++) {
                                for (int q = 0; q < kw; q++) {
                                    int ih = i * spec.strideH() - spec.padTop() + p;
                                    int iw = j * spec.strideW() - spec.padLeft() + q;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                        continue;
                                    }
                                    for (int c = 0; c < ci; c++) {
                                        int xi = ((b * h + ih) * w + iw) * ci + c;
                                        int wi = ((p * kw + q) * ci + c) * co + o;
                                        acc += (double) x.get(xi) * wt.get(wi);
                                        dxRef[xi] += g * wt.get(wi);
                                        dwRef[wi] += g * x.get(xi);
                                    }
                                }
                            }
                            yRef[yi] = acc;
                        }
                    }
                }
            }
            Check.close("conv2d " + spec + " " + ci + "->" + co, yRef, y, TOL);
            Tensor dx = random(x.shape());
            be.conv2dBackwardData(dy, wt, spec, dx);
            Check.close("conv2dBackwardData " + spec, dxRef, dx, TOL);
            Tensor dw = random(wt.shape());
            Tensor db = random(co);
            be.conv2dBackwardWeights(x, dy, spec, dw, db);
            Check.close("conv2dBackwardWeights " + spec, dwRef, dw, TOL);
            Check.close("conv2dBackwardWeights bias " + spec, dbRef, db, TOL);
            be.conv2dBackwardWeights(x, dy, spec, dw, null);
            Check.close("conv2dBackwardWeights without bias " + spec, dwRef, dw, TOL);
        }
    }

    @Test
    void matmulWithTransposesSharedBAndBias() {
        int bt = 2, m = 3, k = 4, n = 5;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (boolean shared : new boolean[] {false, true}) {
                    Tensor a = ta ? random(bt, k, m) : random(bt, m, k);
                    int[] bShape = tb ? new int[] {n, k} : new int[] {k, n};
                    Tensor b = shared ? random(bShape) : random(bt, bShape[0], bShape[1]);
                    Tensor bias = random(n);
                    Tensor c = mem.zeros(bt, m, n);
                    be.matmul(a, ta, b, tb, bias, c);
                    double[] ref = new double[bt * m * n];
                    for (int z = 0; z < bt; z++) {
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double acc = bias.get(j);
                                for (int l = 0; l < k; l++) {
                                    double av = a.get(z * m * k + (ta ? l * m + i : i * k + l));
                                    int bo = shared ? 0 : z * k * n;
                                    double bv = b.get(bo + (tb ? j * k + l : l * n + j));
                                    acc += av * bv;
                                }
                                ref[(z * m + i) * n + j] = acc;
                            }
                        }
                    }
                    Check.close("matmul ta=" + ta + " tb=" + tb + " shared=" + shared, ref, c, TOL);
                }
            }
        }
        Tensor a2 = random(3, 4);
        Tensor b2 = random(4, 2);
        Tensor c2 = mem.zeros(3, 2);
        be.matmul(a2, false, b2, false, null, c2);
        double[] ref = new double[6];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                for (int l = 0; l < 4; l++) {
                    ref[i * 2 + j] += (double) a2.get(i * 4 + l) * b2.get(l * 2 + j);
                }
            }
        }
        Check.close("matmul rank 2", ref, c2, TOL);
    }

    @Test
    void groupNormForwardAndBackward() {
        checkGroupNorm(2, 3, 3, 6, 2);
    }

    void checkGroupNorm(int n, int h, int wd, int c, int g) {
        int s = h * wd, cg = c / g;
        float eps = 1e-5f;
        Tensor x = random(n, h, wd, c);
        Tensor gamma = random(c);
        Tensor beta = random(c);
        Tensor y = mem.zeros(x.shape());
        Tensor mean = mem.zeros(n, g);
        Tensor var = mem.zeros(n, g);
        be.groupNorm(x, null, gamma, beta, new GroupNorm(g, eps), y, mean, var);
        Tensor dy = random(x.shape());
        double[] yRef = new double[(int) x.size()];
        double[] meanRef = new double[n * g];
        double[] varRef = new double[n * g];
        double[] dxRef = new double[(int) x.size()];
        double[] dgRef = new double[c];
        double[] dbRef = new double[c];
        int count = s * cg;
        for (int b = 0; b < n; b++) {
            for (int gr = 0; gr < g; gr++) {
                double sum = 0;
                double sq = 0;
                for (int p = 0; p < s; p++) {
                    for (int q = 0; q < cg; q++) {
                        double v = x.get((b * s + p) * c + gr * cg + q);
                        sum += v;
                        sq += v * v;
                    }
                }
                double mu = sum / count;
                double va = sq / count - mu * mu;
                double inv = 1 / Math.sqrt(va + eps);
                meanRef[b * g + gr] = mu;
                varRef[b * g + gr] = va;
                double mg = 0;
                double mgx = 0;
                for (int p = 0; p < s; p++) {
                    for (int q = 0; q < cg; q++) {
                        int idx = (b * s + p) * c + gr * cg + q;
                        int ch = gr * cg + q;
                        double xh = (x.get(idx) - mu) * inv;
                        yRef[idx] = xh * gamma.get(ch) + beta.get(ch);
                        double gdy = gamma.get(ch) * dy.get(idx);
                        mg += gdy / count;
                        mgx += gdy * xh / count;
                        dgRef[ch] += dy.get(idx) * xh;
                        dbRef[ch] += dy.get(idx);
                    }
                }
                for (int p = 0; p < s; p++) {
                    for (int q = 0; q < cg; q++) {
                        int idx = (b * s + p) * c + gr * cg + q;
                        double xh = (x.get(idx) - mu) * inv;
                        dxRef[idx] = inv * (gamma.get(gr * cg + q) * dy.get(idx) - mg - xh * mgx);
                    }
                }
            }
        }
        Check.close("groupNorm y", yRef, y, TOL);
        Check.close("groupNorm mean", meanRef, mean, TOL);
        Check.close("groupNorm var", varRef, var, TOL);
        Tensor dx = mem.zeros(x.shape());
        Tensor dgamma = mem.zeros(c);
        Tensor dbeta = mem.zeros(c);
        be.groupNormBackward(dy, x, null, gamma, mean, var, new GroupNorm(g, eps), dx, null, dgamma, dbeta);
        Check.close("groupNorm dx", dxRef, dx, TOL);
        Check.close("groupNorm dgamma", dgRef, dgamma, TOL);
        Check.close("groupNorm dbeta", dbRef, dbeta, TOL);
        Tensor dx2 = mem.zeros(x.shape());
        be.groupNormBackward(dy, x, null, gamma, mean, var, new GroupNorm(g, eps), dx2, null, null, null);
        Check.close("groupNorm dx alone", dxRef, dx2, TOL);
    }

    @Test
    void siluScaleAndSoftmax() {
        Tensor x = random(3, 7);
        Tensor y = mem.zeros(3, 7);
        be.silu(x, y);
        Tensor dy = random(3, 7);
        Tensor dx = mem.zeros(3, 7);
        be.siluBackward(dy, x, dx);
        double[] ys = new double[21];
        double[] ds = new double[21];
        for (int i = 0; i < 21; i++) {
            double v = x.get(i);
            double sg = 1 / (1 + Math.exp(-v));
            ys[i] = v * sg;
            ds[i] = dy.get(i) * sg * (1 + v * (1 - sg));
        }
        Check.close("silu", ys, y, TOL);
        Check.close("siluBackward", ds, dx, TOL);

        be.scale(x, 2.5f, y);
        double[] sc = new double[21];
        for (int i = 0; i < 21; i++) {
            sc[i] = 2.5 * x.get(i);
        }
        Check.close("scale", sc, y, TOL);
        be.scale(x, -1f, y);
        assertEquals(-x.get(3), y.get(3), 0f, "scale reuses its plan with a new factor");

        be.softmax(x, y);
        double[] sm = new double[21];
        double[] sb = new double[21];
        for (int r = 0; r < 3; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < 7; j++) {
                max = Math.max(max, x.get(r * 7 + j));
            }
            double z = 0;
            for (int j = 0; j < 7; j++) {
                z += Math.exp(x.get(r * 7 + j) - max);
            }
            double dot = 0;
            for (int j = 0; j < 7; j++) {
                sm[r * 7 + j] = Math.exp(x.get(r * 7 + j) - max) / z;
                dot += dy.get(r * 7 + j) * sm[r * 7 + j];
            }
            for (int j = 0; j < 7; j++) {
                sb[r * 7 + j] = sm[r * 7 + j] * (dy.get(r * 7 + j) - dot);
            }
        }
        Check.close("softmax", sm, y, TOL);
        be.softmaxBackward(dy, y, dx);
        Check.close("softmaxBackward", sb, dx, TOL);
    }

    @Test
    void binaryBroadcastEitherSideAndSumTo() {
        Tensor a = random(2, 3, 4);
        Tensor b = random(1, 3, 1);
        Tensor c = mem.zeros(2, 3, 4);
        double[] add = new double[24];
        double[] mul = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    int idx = (i * 3 + j) * 4 + k;
                    add[idx] = a.get(idx) + (double) b.get(j);
                    mul[idx] = a.get(idx) * (double) b.get(j);
                }
            }
        }
        be.add(a, b, c);
        Check.close("add, b broadcast", add, c, TOL);
        be.add(b, a, c);
        Check.close("add, a broadcast", add, c, TOL);
        be.mul(b, a, c);
        Check.close("mul, a broadcast", mul, c, TOL);

        Tensor s = mem.zeros(1, 3, 1);
        be.sumTo(a, s);
        double[] sum = new double[3];
        for (int idx = 0; idx < 24; idx++) {
            sum[(idx / 4) % 3] += a.get(idx);
        }
        Check.close("sumTo", sum, s, TOL);
        assertThrows(IllegalArgumentException.class, () -> be.add(a, random(2, 3), c));
    }

    /**
     * The UNet's convolutions run a direct kernel, not the gemm fallback oneDNN takes on AVX2
     * when handed plain HWIO weights, and agree with the reference (through the weights reorder
     * the direct kernel may need): on this machine's ISA, and in a child JVM limited to AVX2
     * ({@code ONEDNN_MAX_CPU_ISA}), where the fallback happens, so that AVX-512 machines check it too.
     */
    @Test
    void unetConvolutionsRunDirectKernels() throws Exception {
        List<String> kernels = DnnlConvProbe.kernels(be, mem, rnd);
        // oneDNN's brgemm convolutions start at AVX2; older ISAs have only the gemm ones.
        assumeTrue(DnnlBackend.isa().startsWith("AVX2") || DnnlBackend.isa().startsWith("AVX-512")
                || DnnlBackend.isa().startsWith("AVX10"), "ISA " + DnnlBackend.isa());
        assertTrue(kernels.stream().allMatch(DnnlConvProbe::direct), kernels.toString());

        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DnnlConvProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ONEDNN_MAX_CPU_ISA", "AVX2");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe JVM finished");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("ISA AVX2"), out);
        List<String> avx2 = out.lines().filter(l -> l.startsWith("KERNEL ")).map(l -> l.substring(7)).toList();
        assertEquals(DnnlConvProbe.CASES.length, avx2.size(), out);
        assertTrue(avx2.stream().allMatch(DnnlConvProbe::direct), out);
    }

    @Test
    void upsampleAndPoolBothWays() {
        int n = 2, h = 3, w = 2, ch = 3;
        Tensor x = random(n, h, w, ch);
        Tensor up = mem.zeros(n, 2 * h, 2 * w, ch);
        be.upsampleNearest2x(x, up);
        double[] upRef = new double[(int) up.size()];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < 2 * h; i++) {
                for (int j = 0; j < 2 * w; j++) {
                    for (int c = 0; c < ch; c++) {
                        upRef[((b * 2 * h + i) * 2 * w + j) * ch + c] = x.get(((b * h + i / 2) * w + j / 2) * ch + c);
                    }
                }
            }
        }
        Check.close("upsample", upRef, up, TOL);
        Tensor dy = random(up.shape());
        Tensor dx = mem.zeros(x.shape());
        be.upsampleNearest2xBackward(dy, dx);
        double[] dxRef = new double[(int) x.size()];
        double[] poolRef = new double[(int) x.size()];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < 2 * h; i++) {
                for (int j = 0; j < 2 * w; j++) {
                    for (int c = 0; c < ch; c++) {
                        int to = ((b * h + i / 2) * w + j / 2) * ch + c;
                        dxRef[to] += dy.get(((b * 2 * h + i) * 2 * w + j) * ch + c);
                        poolRef[to] += dy.get(((b * 2 * h + i) * 2 * w + j) * ch + c) / 4;
                    }
                }
            }
        }
        Check.close("upsample backward", dxRef, dx, TOL);
        Tensor pooled = mem.zeros(x.shape());
        be.avgPool2x2(dy, pooled);
        Check.close("avgPool2x2", poolRef, pooled, TOL);
        Tensor back = mem.zeros(dy.shape());
        be.avgPool2x2Backward(x, back);
        double[] backRef = new double[(int) dy.size()];
        for (int i = 0; i < backRef.length; i++) {
            backRef[i] = upRef[i] / 4;
        }
        Check.close("avgPool2x2 backward", backRef, back, TOL);
    }

    @Test
    void concatAndItsBackward() {
        Tensor a = random(2, 2, 2);
        Tensor b = random(2, 2, 3);
        Tensor c = random(2, 2, 1);
        Tensor y = mem.zeros(2, 2, 6);
        be.concat(new Tensor[] {a, b, c}, y);
        double[] ref = new double[24];
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < 6; j++) {
                ref[r * 6 + j] = j < 2 ? a.get(r * 2 + j) : j < 5 ? b.get(r * 3 + j - 2) : c.get(r + j - 5);
            }
        }
        Check.close("concat", ref, y, TOL);
        Tensor da = mem.zeros(2, 2, 2);
        Tensor dc = mem.zeros(2, 2, 1);
        be.concatBackward(y, new int[] {2, 3, 1}, new Tensor[] {da, null, dc});
        Check.close("concatBackward part 0", Check.d(a), da, TOL);
        Check.close("concatBackward part 2", Check.d(c), dc, TOL);
        Tensor db = mem.zeros(2, 2, 3);
        be.concatBackward(y, new int[] {2, 3, 1}, new Tensor[] {null, db, null});
        Check.close("concatBackward part 1 with widths", Check.d(b), db, TOL);
    }

    @Test
    void nativeMemoryReturnsToStartAfterClose() {
        be.close();
        mem.close();
        long before = NativeMemory.liveBytes();
        try (DnnlBackend b2 = DnnlBackend.open(); TensorArena arena = new TensorArena()) {
            Tensor x = arena.zeros(2, 8, 8, 16);
            Tensor w = arena.zeros(3, 3, 16, 16);
            Tensor y = arena.zeros(2, 8, 8, 16);
            b2.conv2d(x, w, null, Conv2d.of(1, 1), y);
            b2.conv2dBackwardWeights(x, y, Conv2d.of(1, 1), w, null);
            Tensor g = arena.zeros(16);
            Tensor mean = arena.zeros(2, 4);
            Tensor var = arena.zeros(2, 4);
            b2.groupNorm(x, null, g, g, new GroupNorm(4, 1e-5f), y, mean, var);
            b2.groupNormBackward(y, x, null, g, mean, var, new GroupNorm(4, 1e-5f), null, null, g, null);
            assertTrue(NativeMemory.liveBytes() > before);
        }
        assertEquals(before, NativeMemory.liveBytes());
        be = DnnlBackend.open();
        mem = new TensorArena();
    }
}
