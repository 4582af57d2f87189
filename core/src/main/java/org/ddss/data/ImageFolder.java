package org.ddss.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * A folder of PNG or JPEG images of one size (read with javax.imageio, in file-name order) as
 * NHWC in [-1, 1]: one channel (the luma of colour images) or three (grey images repeated).
 * Labels are -1.
 */
public final class ImageFolder {
    private ImageFolder() {}

    public static Dataset read(Path dir, int channels, TensorArena arena) throws IOException {
        List<Path> files = files(dir);
        int[] size = size(files.getFirst());
        Tensor t = arena.empty(files.size(), size[0], size[1], channels);
        readInto(files, t);
        int[] labels = new int[files.size()];
        java.util.Arrays.fill(labels, -1);
        return new Dataset(t, labels);
    }

    /** The folder's PNG and JPEG files, in name order; an error when there are none. */
    public static List<Path> files(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
            }).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new DataFormatException(dir + " holds no .png, .jpg or .jpeg images");
        }
        return files;
    }

    /** The size {@code [height, width]} of an image file, read from its header without decoding the pixels. */
    public static int[] size(Path file) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFormatException(file + ": not a readable PNG or JPEG image");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                return new int[] {reader.getHeight(0), reader.getWidth(0)};
            } finally {
                reader.dispose();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot decode (" + e.getMessage() + ")");
        }
    }

    /**
     * Decodes {@code files} into {@code out} [files, H, W, C] (C = 1: luma of colour images;
     * C = 3: RGB, grey images repeated), values in [-1, 1]; every image must be H x W.
     */
    public static void readInto(List<Path> files, Tensor out) throws IOException {
        int h = out.dim(1), w = out.dim(2), channels = out.dim(3);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        Tensor t = out;
        for (int n = 0; n < files.size(); n++) {
            BufferedImage img = load(files.get(n));
            if (img.getHeight() != h || img.getWidth() != w) {
                throw new DataFormatException(files.get(n) + " is " + img.getWidth() + "x" + img.getHeight() + ", but "
                        + "the first image is " + w + "x" + h + ": all images must have one size");
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                    long o = (((long) n * h + y) * w + x) * channels;
                    if (channels == 1) {
                        t.set(o, (float) ((0.299 * r + 0.587 * g + 0.114 * b) * (2 / 255.0) - 1));
                    } else {
                        t.set(o, r * (2f / 255f) - 1f);
                        t.set(o + 1, g * (2f / 255f) - 1f);
                        t.set(o + 2, b * (2f / 255f) - 1f);
                    }
                }
            }
        }
    }

    private static BufferedImage load(Path p) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(p.toFile());
        } catch (IOException e) {
            throw new DataFormatException(p + ": cannot decode (" + e.getMessage() + ")");
        }
        if (img == null) {
            throw new DataFormatException(p + ": not a readable PNG or JPEG image");
        }
        return img;
    }
}
