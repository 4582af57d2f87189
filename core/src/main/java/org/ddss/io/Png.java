package org.ddss.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.ddss.tensor.Tensor;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes image batches as PNG grids and comparisons (javax.imageio), and loss plots (XChart). */
public final class Png {
    private Png() {}

    /**
     * Writes images [N, H, W, C] (C = 1 or 3) with values in [-1, 1] (clamped) as a grid of
     * {@code columns} columns with a 2-pixel border, atomically.
     */
    public static void writeGrid(Tensor images, int columns, Path file) throws IOException {
        write(grid(images, columns), file);
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
     * Writes a search's loss curve with XChart: the batch loss per step (light), its 25-step
     * running mean, the validation points (red, joined), and the kept step (a black diamond),
     * on axes with ticks and labels. NaN entries are left out. Atomic.
     *
     * @param losses     the batch loss after each step, index 0 for step 1
     * @param validation the validation KID by step (index k for step k; NaN where not validated), or null
     * @param kept       the step whose parameters were kept (its validation point is marked), or -1
     */
    public static void writeLossPlot(double[] losses, double[] validation, int kept, String title, String lossName, Path file)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle("step").yAxisTitle(lossName).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new java.awt.Color(225, 225, 225));
        chart.getStyler().setDecimalPattern("0.####");
        double[] mean = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            double sum = 0;
            int count = 0;
            for (int j = Math.max(0, i - 24); j <= i; j++) {
                if (Double.isFinite(losses[j])) {
                    sum += losses[j];
                    count++;
                }
            }
            mean[i] = count == 0 ? Double.NaN : sum / count;
        }
        line(chart, "batch " + lossName, losses, 1, new java.awt.Color(170, 190, 230), false);
        line(chart, "25-step mean", mean, 1, new java.awt.Color(20, 60, 170), false);
        if (validation != null && line(chart, "validation " + lossName, validation, 0, new java.awt.Color(200, 30, 30), true)
                && kept >= 0 && kept < validation.length && Double.isFinite(validation[kept])) {
            XYSeries k = chart.addSeries("kept: step " + kept, new double[] {kept}, new double[] {validation[kept]});
            k.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            k.setMarker(SeriesMarkers.DIAMOND);
            k.setMarkerColor(java.awt.Color.BLACK);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.addSeries("no finite " + lossName, new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        write(BitmapEncoder.getBufferedImage(chart), file);
    }

    /** Adds the finite points of {@code v} (x = index + offset) as a series; false when there are none. */
    private static boolean line(XYChart chart, String name, double[] v, int offset, java.awt.Color color, boolean markers) {
        java.util.List<Double> xs = new java.util.ArrayList<>(), ys = new java.util.ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (Double.isFinite(v[i])) {
                xs.add((double) (i + offset));
                ys.add(v[i]);
            }
        }
        if (xs.isEmpty()) {
            return false;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setLineColor(color);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setMarkerColor(color);
        return true;
    }

    /** One captioned grid of a side-by-side comparison. */
    public record Panel(String caption, Tensor images) {}

    /**
     * Writes grids side by side, each under its caption (lines split at newlines), with a title
     * above: samples are scaled up by a whole factor so that each is at least 112 pixels tall
     * (4x for 28-pixel digits, 4x for 32-pixel CIFAR images, 1x from 112 pixels up). Atomic.
     */
    public static void writeComparison(String title, java.util.List<Panel> panels, int columns, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        java.util.List<BufferedImage> grids = new java.util.ArrayList<>();
        for (Panel p : panels) {
            int scale = Math.max(1, (112 + p.images().dim(1) - 1) / p.images().dim(1));
            grids.add(scaled(grid(p.images(), columns), scale));
        }
        int margin = 16, lineHeight = 20, titleHeight = 34;
        int captionLines = 0;
        for (Panel p : panels) {
            captionLines = Math.max(captionLines, (int) p.caption().lines().count());
        }
        int width = margin, height = 0;
        for (BufferedImage g : grids) {
            width += g.getWidth() + margin;
            height = Math.max(height, g.getHeight());
        }
        int top = titleHeight + captionLines * lineHeight + 8;
        BufferedImage img = new BufferedImage(width, top + height + margin, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.setColor(java.awt.Color.BLACK);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 18));
            g.drawString(title, margin, 24);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 15));
            int x = margin;
            for (int i = 0; i < panels.size(); i++) {
                int y = titleHeight + lineHeight - 4;
                for (String line : panels.get(i).caption().split("\n")) {
                    g.drawString(line, x, y);
                    y += lineHeight;
                }
                g.drawImage(grids.get(i), x, top, null);
                x += grids.get(i).getWidth() + margin;
            }
        } finally {
            g.dispose();
        }
        write(img, file);
    }

    private static BufferedImage grid(Tensor images, int columns) {
        int n = images.dim(0), h = images.dim(1), w = images.dim(2), c = images.dim(3);
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("PNG grids need 1 or 3 channels, got " + images);
        }
        int cols = Math.max(1, Math.min(columns, n)), rows = (n + cols - 1) / cols, pad = 2;
        BufferedImage img = new BufferedImage(cols * (w + pad) + pad, rows * (h + pad) + pad, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < n; i++) {
            draw(images, i, img, pad + (i % cols) * (w + pad), pad + (i / cols) * (h + pad));
        }
        return img;
    }

    /** Nearest-neighbour upscaling by a whole factor: pixels stay sharp squares. */
    private static BufferedImage scaled(BufferedImage src, int factor) {
        if (factor == 1) {
            return src;
        }
        BufferedImage out = new BufferedImage(src.getWidth() * factor, src.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), null);
        } finally {
            g.dispose();
        }
        return out;
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
