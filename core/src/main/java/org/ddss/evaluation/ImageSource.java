package org.ddss.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ddss.data.ImageFolder;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * Real images read a batch at a time, so that statistics of a large set take memory for one
 * batch: a tensor already in memory (CIFAR-10 batches, a {@code .npz} of images), or a folder of
 * PNG/JPEG files decoded as each batch is needed.
 */
public interface ImageSource {
    /** Number of images. */
    int count();

    /** One image's shape [H, W, C]. */
    int[] imageShape();

    /** Images {@code from .. to - 1} [to - from, H, W, C] in [-1, 1], in {@code arena}. */
    Tensor batch(int from, int to, TensorArena arena) throws IOException;

    /** Images already in a tensor [N, H, W, C]. */
    static ImageSource of(Tensor images) {
        return new ImageSource() {
            @Override
            public int count() {
                return images.dim(0);
            }

            @Override
            public int[] imageShape() {
                return new int[] {images.dim(1), images.dim(2), images.dim(3)};
            }

            @Override
            public Tensor batch(int from, int to, TensorArena arena) {
                return images.slice(from, to);
            }
        };
    }

    /** A folder of images of one size, as RGB. */
    static ImageSource folder(Path dir) throws IOException {
        List<Path> files = ImageFolder.files(dir);
        int[] size = ImageFolder.size(files.getFirst());
        return new ImageSource() {
            @Override
            public int count() {
                return files.size();
            }

            @Override
            public int[] imageShape() {
                return new int[] {size[0], size[1], 3};
            }

            @Override
            public Tensor batch(int from, int to, TensorArena arena) throws IOException {
                Tensor t = arena.empty(to - from, size[0], size[1], 3);
                ImageFolder.readInto(files.subList(from, to), t);
                return t;
            }
        };
    }
}
