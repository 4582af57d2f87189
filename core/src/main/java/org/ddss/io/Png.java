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
            int ox = pad + (i % cols) * (w + pad), oy = pad + (i / cols) * (h + pad);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    long o = (((long) i * h + y) * w + x) * c;
                    int r = level(images.get(o)), g = c == 3 ? level(images.get(o + 1)) : r, b = c == 3 ? level(images.get(o + 2)) : r;
                    img.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
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
