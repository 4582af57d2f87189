package org.ddss.backend;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.Workspace;

/** TEMPORARY naive placeholder, replaced by the helper's kernels at merge. */
final class JavaConv {
    private JavaConv() {}

    static void forward(Tensor x, Tensor w, Tensor bias, Conv2d s, Tensor y, Workspace ws) {
        int n = x.dim(0), h = x.dim(1), wd = x.dim(2), ci = x.dim(3), kh = w.dim(0), kw = w.dim(1), co = w.dim(3);
        int oh = y.dim(1), ow = y.dim(2);
        for (int b = 0; b < n; b++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) for (int o = 0; o < co; o++) {
            float acc = bias == null ? 0 : bias.get(o);
            for (int p = 0; p < kh; p++) for (int q = 0; q < kw; q++) {
                int ih = i * s.strideH() - s.padTop() + p, iw = j * s.strideW() - s.padLeft() + q;
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                for (int c = 0; c < ci; c++) acc += x.get(((long) (b * h + ih) * wd + iw) * ci + c) * w.get(((long) (p * kw + q) * ci + c) * co + o);
            }
            y.set(((long) (b * oh + i) * ow + j) * co + o, acc);
        }
    }

    static void backwardData(Tensor dy, Tensor w, Conv2d s, Tensor dx, Workspace ws) {
        int n = dx.dim(0), h = dx.dim(1), wd = dx.dim(2), ci = dx.dim(3), kh = w.dim(0), kw = w.dim(1), co = w.dim(3);
        int oh = dy.dim(1), ow = dy.dim(2);
        dx.fill(0);
        for (int b = 0; b < n; b++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) for (int o = 0; o < co; o++) {
            float g = dy.get(((long) (b * oh + i) * ow + j) * co + o);
            for (int p = 0; p < kh; p++) for (int q = 0; q < kw; q++) {
                int ih = i * s.strideH() - s.padTop() + p, iw = j * s.strideW() - s.padLeft() + q;
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                for (int c = 0; c < ci; c++) {
                    long xi = ((long) (b * h + ih) * wd + iw) * ci + c;
                    dx.set(xi, dx.get(xi) + g * w.get(((long) (p * kw + q) * ci + c) * co + o));
                }
            }
        }
    }

    static void backwardWeights(Tensor x, Tensor dy, Conv2d s, Tensor dw, Tensor dbias, Workspace ws) {
        int n = x.dim(0), h = x.dim(1), wd = x.dim(2), ci = x.dim(3), kh = dw.dim(0), kw = dw.dim(1), co = dw.dim(3);
        int oh = dy.dim(1), ow = dy.dim(2);
        dw.fill(0);
        if (dbias != null) dbias.fill(0);
        for (int b = 0; b < n; b++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) for (int o = 0; o < co; o++) {
            float g = dy.get(((long) (b * oh + i) * ow + j) * co + o);
            if (dbias != null) dbias.set(o, dbias.get(o) + g);
            for (int p = 0; p < kh; p++) for (int q = 0; q < kw; q++) {
                int ih = i * s.strideH() - s.padTop() + p, iw = j * s.strideW() - s.padLeft() + q;
                if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                for (int c = 0; c < ci; c++) {
                    long wi = ((long) (p * kw + q) * ci + c) * co + o;
                    dw.set(wi, dw.get(wi) + g * x.get(((long) (b * h + ih) * wd + iw) * ci + c));
                }
            }
        }
    }
}
