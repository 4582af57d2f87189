package org.ddss.backend;

/**
 * Plain float64 scalar implementations of every backend op: the oracle the backends are tested
 * against, and the function whose central finite differences check every VJP. Layouts as in
 * {@link Backend}: NHWC activations, HWIO conv weights, row-major everything.
 */
final class Ref {
    private Ref() {}

    static double[] conv2d(double[] x, int[] xs, double[] w, int[] ws, double[] bias, Conv2d s) {
        int n = xs[0], h = xs[1], wd = xs[2], ci = xs[3], kh = ws[0], kw = ws[1], co = ws[3];
        int oh = s.outH(h, kh), ow = s.outW(wd, kw);
        double[] y = new double[n * oh * ow * co];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < co; o++) {
                        double acc = bias == null ? 0 : bias[o];
                        for (int p = 0; p < kh; p++) {
                            for (int q = 0; q < kw; q++) {
                                int ih = i * s.strideH() - s.padTop() + p, iw = j * s.strideW() - s.padLeft() + q;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) {
                                    continue;
                                }
                                for (int c = 0; c < ci; c++) {
                                    acc += x[((b * h + ih) * wd + iw) * ci + c] * w[((p * kw + q) * ci + c) * co + o];
                                }
                            }
                        }
                        y[((b * oh + i) * ow + j) * co + o] = acc;
                    }
                }
            }
        }
        return y;
    }

    /**
     * The analytic VJPs of {@link #conv2d} for L = sum(g . y): dx [N,H,W,Cin], dw [KH,KW,Cin,Cout]
     * and dbias [Cout], in that order. Used where shapes are too large for finite differences;
     * checked against them on small ones.
     */
    static double[][] conv2dVjp(double[] x, int[] xs, double[] w, int[] ws, double[] g, Conv2d s) {
        int n = xs[0], h = xs[1], wd = xs[2], ci = xs[3], kh = ws[0], kw = ws[1], co = ws[3];
        int oh = s.outH(h, kh), ow = s.outW(wd, kw);
        double[] dx = new double[x.length], dw = new double[w.length], db = new double[co];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < co; o++) {
                        double gy = g[((b * oh + i) * ow + j) * co + o];
                        db[o] += gy;
                        for (int p = 0; p < kh; p++) {
                            for (int q = 0; q < kw; q++) {
                                int ih = i * s.strideH() - s.padTop() + p, iw = j * s.strideW() - s.padLeft() + q;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) {
                                    continue;
                                }
                                for (int c = 0; c < ci; c++) {
                                    int xi = ((b * h + ih) * wd + iw) * ci + c, wi = ((p * kw + q) * ci + c) * co + o;
                                    dx[xi] += gy * w[wi];
                                    dw[wi] += gy * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw, db};
    }

    /** c = op(a) op(b) + bias, batched as {@link Backend#matmul}. */
    static double[] matmul(double[] a, int[] as, boolean ta, double[] b, int[] bs, boolean tb, double[] bias) {
        int batch = as.length == 3 ? as[0] : 1;
        int ar = as[as.length - 2], ac = as[as.length - 1], br = bs[bs.length - 2], bc = bs[bs.length - 1];
        int m = ta ? ac : ar, k = ta ? ar : ac, n = tb ? br : bc;
        boolean shared = bs.length == 2;
        double[] c = new double[batch * m * n];
        for (int t = 0; t < batch; t++) {
            int ao = t * ar * ac, bo = shared ? 0 : t * br * bc;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = bias == null ? 0 : bias[j];
                    for (int p = 0; p < k; p++) {
                        double av = ta ? a[ao + p * ac + i] : a[ao + i * ac + p];
                        double bv = tb ? b[bo + j * bc + p] : b[bo + p * bc + j];
                        acc += av * bv;
                    }
                    c[(t * m + i) * n + j] = acc;
                }
            }
        }
        return c;
    }

    /** Group norm over channels-last x [N, ..., C]; returns y, and mean/var [N,G] in the given arrays when non-null. */
    static double[] groupNorm(double[] x, int[] xs, double[] gamma, double[] beta, int groups, double eps,
                              double[] meanOut, double[] varOut) {
        int n = xs[0], c = xs[xs.length - 1];
        int spatial = x.length / n / c, per = c / groups;
        double[] y = new double[x.length];
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < groups; g++) {
                double sum = 0;
                for (int s = 0; s < spatial; s++) {
                    for (int j = g * per; j < (g + 1) * per; j++) {
                        sum += x[(b * spatial + s) * c + j];
                    }
                }
                double mu = sum / (spatial * per);
                double v = 0;
                for (int s = 0; s < spatial; s++) {
                    for (int j = g * per; j < (g + 1) * per; j++) {
                        double d = x[(b * spatial + s) * c + j] - mu;
                        v += d * d;
                    }
                }
                v /= spatial * per;
                if (meanOut != null) {
                    meanOut[b * groups + g] = mu;
                    varOut[b * groups + g] = v;
                }
                double rstd = 1 / Math.sqrt(v + eps);
                for (int s = 0; s < spatial; s++) {
                    for (int j = g * per; j < (g + 1) * per; j++) {
                        int i = (b * spatial + s) * c + j;
                        y[i] = (x[i] - mu) * rstd * gamma[j] + beta[j];
                    }
                }
            }
        }
        return y;
    }

    static double[] silu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / (1 + Math.exp(-x[i]));
        }
        return y;
    }

    static double[] softmax(double[] x, int last) {
        double[] y = new double[x.length];
        for (int r = 0; r < x.length / last; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < last; i++) {
                max = Math.max(max, x[r * last + i]);
            }
            for (int i = 0; i < last; i++) {
                y[r * last + i] = Math.exp(x[r * last + i] - max);
                sum += y[r * last + i];
            }
            for (int i = 0; i < last; i++) {
                y[r * last + i] /= sum;
            }
        }
        return y;
    }

    /** Index of out-coordinate {@code flat} in an operand of shape s broadcast to out. */
    static int broadcastIndex(int flat, int[] out, int[] s) {
        int idx = 0, stride = 1;
        for (int d = out.length - 1; d >= 0; d--) {
            int coord = flat % out[d];
            flat /= out[d];
            idx += (s[d] == 1 ? 0 : coord) * stride;
            stride *= s[d];
        }
        return idx;
    }

    static double[] binary(boolean mul, double[] a, int[] as, double[] b, int[] bs, int[] out) {
        double[] c = new double[size(out)];
        for (int i = 0; i < c.length; i++) {
            double x = a[broadcastIndex(i, out, as)], y = b[broadcastIndex(i, out, bs)];
            c[i] = mul ? x * y : x + y;
        }
        return c;
    }

    static double[] sumTo(double[] x, int[] xs, int[] ys) {
        double[] y = new double[size(ys)];
        for (int i = 0; i < x.length; i++) {
            y[broadcastIndex(i, xs, ys)] += x[i];
        }
        return y;
    }

    static double[] broadcastTo(double[] x, int[] xs, int[] ys) {
        double[] y = new double[size(ys)];
        for (int i = 0; i < y.length; i++) {
            y[i] = x[broadcastIndex(i, ys, xs)];
        }
        return y;
    }

    static double[] upsample2x(double[] x, int[] xs) {
        int n = xs[0], h = xs[1], w = xs[2], c = xs[3];
        double[] y = new double[x.length * 4];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < 2 * h; i++) {
                for (int j = 0; j < 2 * w; j++) {
                    for (int k = 0; k < c; k++) {
                        y[((b * 2 * h + i) * 2 * w + j) * c + k] = x[((b * h + i / 2) * w + j / 2) * c + k];
                    }
                }
            }
        }
        return y;
    }

    /** y[n, 2i+a, 2j+b, c] = o[n, i+a, j+b, (2a+b) C + c] + bias[c], for output shape ys [N, 2H, 2W, C]. */
    static double[] interleavePhases(double[] o, double[] bias, int[] ys) {
        int n = ys[0], h = ys[1] / 2, w = ys[2] / 2, c = ys[3];
        double[] y = new double[n * 4 * h * w * c];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < 2 * h; i++) {
                for (int j = 0; j < 2 * w; j++) {
                    for (int k = 0; k < c; k++) {
                        int src = ((b * (h + 1) + i / 2 + i % 2) * (w + 1) + j / 2 + j % 2) * 4 * c + (2 * (i % 2) + j % 2) * c + k;
                        y[((b * 2 * h + i) * 2 * w + j) * c + k] = o[src] + (bias == null ? 0 : bias[k]);
                    }
                }
            }
        }
        return y;
    }

    static double[] avgPool2x2(double[] x, int[] xs) {
        int n = xs[0], h = xs[1] / 2, w = xs[2] / 2, c = xs[3];
        double[] y = new double[x.length / 4];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int k = 0; k < c; k++) {
                        double s = 0;
                        for (int p = 0; p < 2; p++) {
                            for (int q = 0; q < 2; q++) {
                                s += x[((b * 2 * h + 2 * i + p) * 2 * w + 2 * j + q) * c + k];
                            }
                        }
                        y[((b * h + i) * w + j) * c + k] = s / 4;
                    }
                }
            }
        }
        return y;
    }

    static double[] concat(double[][] parts, int[] widths, int rows) {
        int total = 0;
        for (int w : widths) {
            total += w;
        }
        double[] y = new double[rows * total];
        for (int r = 0; r < rows; r++) {
            int off = 0;
            for (int p = 0; p < parts.length; p++) {
                System.arraycopy(parts[p], r * widths[p], y, r * total + off, widths[p]);
                off += widths[p];
            }
        }
        return y;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
