package org.ddss.backend;

/**
 * Plain float64 loops for conv2d and its two VJPs over NHWC inputs and HWIO weights: the
 * oracle the fast kernels are tested against. Each is the textbook sum, one output at a time.
 */
final class ReferenceConv {
    private ReferenceConv() {}

    /** Shape of a test case: x [n,h,w,cin], w [kh,kw,cin,cout]. */
    record Shape(int n, int h, int w, int cin, int kh, int kw, int cout, Conv2d spec) {
        int oh() {
            return spec.outH(h, kh);
        }

        int ow() {
            return spec.outW(w, kw);
        }

        int xIndex(int b, int y, int x, int c) {
            return ((b * h + y) * w + x) * cin + c;
        }

        int wIndex(int r, int s, int ci, int co) {
            return ((r * kw + s) * cin + ci) * cout + co;
        }

        int yIndex(int b, int y, int x, int c) {
            return ((b * oh() + y) * ow() + x) * cout + c;
        }

        /** Input row read by output row {@code oy} at kernel row {@code r}; may be out of range. */
        int inY(int oy, int r) {
            return oy * spec.strideH() - spec.padTop() + r;
        }

        int inX(int ox, int s) {
            return ox * spec.strideW() - spec.padLeft() + s;
        }

        @Override
        public String toString() {
            return "x[" + n + "," + h + "," + w + "," + cin + "] w[" + kh + "," + kw + "," + cin + "," + cout + "] " + spec;
        }
    }

    static double[] forward(Shape s, double[] x, double[] w, double[] bias) {
        double[] y = new double[s.n() * s.oh() * s.ow() * s.cout()];
        for (int b = 0; b < s.n(); b++) {
            for (int oy = 0; oy < s.oh(); oy++) {
                for (int ox = 0; ox < s.ow(); ox++) {
                    for (int co = 0; co < s.cout(); co++) {
                        double acc = bias == null ? 0 : bias[co];
                        for (int r = 0; r < s.kh(); r++) {
                            for (int q = 0; q < s.kw(); q++) {
                                int iy = s.inY(oy, r), ix = s.inX(ox, q);
                                if (iy < 0 || iy >= s.h() || ix < 0 || ix >= s.w()) {
                                    continue;
                                }
                                for (int ci = 0; ci < s.cin(); ci++) {
                                    acc += x[s.xIndex(b, iy, ix, ci)] * w[s.wIndex(r, q, ci, co)];
                                }
                            }
                        }
                        y[s.yIndex(b, oy, ox, co)] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** dx = d/dx sum(y * dy). */
    static double[] backwardData(Shape s, double[] dy, double[] w) {
        double[] dx = new double[s.n() * s.h() * s.w() * s.cin()];
        forEachTap(s, (b, oy, ox, r, q, iy, ix) -> {
            for (int ci = 0; ci < s.cin(); ci++) {
                for (int co = 0; co < s.cout(); co++) {
                    dx[s.xIndex(b, iy, ix, ci)] += dy[s.yIndex(b, oy, ox, co)] * w[s.wIndex(r, q, ci, co)];
                }
            }
        });
        return dx;
    }

    /** dw = d/dw sum(y * dy). */
    static double[] backwardWeights(Shape s, double[] x, double[] dy) {
        double[] dw = new double[s.kh() * s.kw() * s.cin() * s.cout()];
        forEachTap(s, (b, oy, ox, r, q, iy, ix) -> {
            for (int ci = 0; ci < s.cin(); ci++) {
                for (int co = 0; co < s.cout(); co++) {
                    dw[s.wIndex(r, q, ci, co)] += x[s.xIndex(b, iy, ix, ci)] * dy[s.yIndex(b, oy, ox, co)];
                }
            }
        });
        return dw;
    }

    /** dbias = d/dbias sum(y * dy). */
    static double[] backwardBias(Shape s, double[] dy) {
        double[] db = new double[s.cout()];
        for (int i = 0; i < dy.length; i++) {
            db[i % s.cout()] += dy[i];
        }
        return db;
    }

    private interface Tap {
        void run(int b, int oy, int ox, int r, int q, int iy, int ix);
    }

    /** Every (output pixel, kernel tap) pair whose input pixel lies inside the image. */
    private static void forEachTap(Shape s, Tap tap) {
        for (int b = 0; b < s.n(); b++) {
            for (int oy = 0; oy < s.oh(); oy++) {
                for (int ox = 0; ox < s.ow(); ox++) {
                    for (int r = 0; r < s.kh(); r++) {
                        for (int q = 0; q < s.kw(); q++) {
                            int iy = s.inY(oy, r), ix = s.inX(ox, q);
                            if (iy >= 0 && iy < s.h() && ix >= 0 && ix < s.w()) {
                                tap.run(b, oy, ox, r, q, iy, ix);
                            }
                        }
                    }
                }
            }
        }
    }
}
