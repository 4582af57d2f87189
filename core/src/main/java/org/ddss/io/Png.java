package org.ddss.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.ddss.tensor.Tensor;

/** Writes image batches as PNG grids (javax.imageio). */
public final class Png {
    private Png() {}

    /**
     * Writes images [N, H, W, C] (C = 1 or 3) with values in [-1, 1] (clamped) as a grid of
     * {@code columns} columns with a 2-pixel border, atomically.
     */
    public static void writeGrid(Tensor images, int columns, Path file) throws IOException {
        int n = images.dim(0), h = images.dim(1), w = images.dim(2), c = images.dim(3);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("PNG grids need 1 or 3 channels, got " + images);
        }
        int cols = Math.max(1, Math.min(columns, n)), rows = (n + cols - 1) / cols, pad = 2;
        BufferedImage img = new BufferedImage(cols * (w + pad) + pad, rows * (h + pad) + pad, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            draw(images, i, img, pad + (i % cols) * (w + pad), pad + (i / cols) * (h + pad));
        }
        write(img, file);
    }

    /** Image i of a batch [N, H, W, C] (C = 1 or 3) with values in [-1, 1] (clamped), as an RGB image. */
    public static BufferedImage image(Tensor images, int i) {
        int h = images.dim(1), w = images.dim(2), c = images.dim(3);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("images need 1 or 3 channels, got " + images);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        draw(images, i, img, 0, 0);
        return img;
    }

    private static void draw(Tensor images, int i, BufferedImage img, int ox, int oy) {
        int h = images.dim(1), w = images.dim(2), c = images.dim(3);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                long o = (((long) i * h + y) * w + x) * c;
                int r = level(images.get(o)), g = c == 3 ? level(images.get(o + 1)) : r, b = c == 3 ? level(images.get(o + 2)) : r;
                img.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
            }
        }
    }

    /**
     * Writes a line plot of {@code values} against their index (NaN entries are gaps), with a
     * title, the y range as labels, and a 25-step moving average over the raw curve; and
     * {@code marks} (index k on the same axis, NaN where absent; may be null) as red points
     * joined by a line. Atomic. Headless: drawing uses java.awt's software renderer only.
     */
    public static void writeCurve(double[] values, double[] marks, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int width = 720, height = 400, left = 70, right = 20, top = 40, bottom = 40;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] series : marks == null ? new double[][] {values} : new double[][] {values, marks}) {
            for (double v : series) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        int span = Math.max(values.length, marks == null ? 0 : marks.length);
        if (!(hi >= lo)) {
            lo = 0;
            hi = 1;
        } else if (hi == lo) {
            hi = lo + 1;
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(java.awt.Color.BLACK);
            g.drawRect(left, top, width - left - right, height - top - bottom);
            g.drawString(title, left, top - 15);
            g.drawString(String.format(java.util.Locale.ROOT, "%.4g", hi), 5, top + 5);
            g.drawString(String.format(java.util.Locale.ROOT, "%.4g", lo), 5, height - bottom);
            g.drawString("0", left, height - bottom + 18);
            g.drawString(Integer.toString(Math.max(0, span - 1)), width - right - 30, height - bottom + 18);
            double[] avg = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                double s = 0;
                int c = 0;
                for (int j = Math.max(0, i - 24); j <= i; j++) {
                    if (Double.isFinite(values[j])) {
                        s += values[j];
                        c++;
                    }
                }
                avg[i] = c == 0 ? Double.NaN : s / c;
            }
            int w = width - left - right, h = height - top - bottom;
            drawLine(g, values, span, lo, hi, left, top, w, h, new java.awt.Color(170, 190, 230), false);
            drawLine(g, avg, span, lo, hi, left, top, w, h, new java.awt.Color(20, 60, 170), false);
            if (marks != null) {
                g.setStroke(new java.awt.BasicStroke(2f));
                drawLine(g, marks, span, lo, hi, left, top, w, h, new java.awt.Color(200, 30, 30), true);
            }
        } finally {
            g.dispose();
        }
        write(img, file);
    }

    /** Joins the finite points of v; with {@code bridge}, across NaN gaps too, marking each point. */
    private static void drawLine(java.awt.Graphics2D g, double[] v, int span, double lo, double hi, int x0, int y0, int w,
                                 int h, java.awt.Color color, boolean bridge) {
        g.setColor(color);
        int px = -1, py = -1;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                if (!bridge) {
                    px = -1;
                }
                continue;
            }
            int x = x0 + (int) Math.round(span <= 1 ? 0 : (double) i * w / (span - 1));
            int y = y0 + (int) Math.round((hi - v[i]) / (hi - lo) * h);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            if (bridge) {
                g.fillOval(x - 3, y - 3, 7, 7);
            }
            px = x;
            py = y;
        }
    }

    private static void write(BufferedImage img, Path file) throws IOException {
        AtomicFile.write(file, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    private static int level(float v) {
        return Math.round((Math.max(-1f, Math.min(1f, v)) + 1f) * 127.5f);
    }
}
