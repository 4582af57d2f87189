package org.ddss.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ddss.Progress;
import org.ddss.backend.Backend;
import org.ddss.features.FeatureNetwork;
import org.ddss.io.Npz;
import org.ddss.tensor.TensorArena;

/**
 * Computes a reference (features and statistics) of real images through a feature network,
 * batch by batch with progress, saving the features computed so far beside the output every
 * {@code checkpointEvery} batches, so that a killed run resumes where it stopped: 50,000 images
 * at 299 x 299 take hours on a CPU.
 */
public final class ReferenceBuilder {
    private ReferenceBuilder() {}

    /** The partial file kept beside {@code out} while the features are computed. */
    public static Path partialFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".partial.npz");
    }

    /**
     * The reference of the first {@code n} images of {@code source}; with {@code resume}, continues
     * from the partial file of {@code out} when there is one. Writes {@code out} (see
     * {@link Reference#write}) and removes the partial file.
     */
    public static Reference build(FeatureNetwork network, Backend backend, ImageSource source, int n, int batch, Path out,
                                  boolean resume, int checkpointEvery, Progress progress) throws IOException {
        if (n < 2 || n > source.count()) {
            throw new IllegalArgumentException("statistics need 2 to " + source.count() + " images (the source's count), got " + n);
        }
        if (!network.accepts(source.imageShape())) {
            throw new IllegalArgumentException(network.name() + " reads " + network.inputDescription() + ", but the images are "
                    + Protocol.shape(source.imageShape()));
        }
        int d = network.featureDim();
        double[][] features = new double[n][];
        int done = 0;
        Path partial = partialFile(out);
        if (resume && Files.exists(partial)) {
            Npz.Array saved = Npz.read(partial, "features");
            if (saved.shape().length != 2 || saved.shape()[1] != d || saved.shape()[0] > n) {
                throw new IOException(partial + " holds features of shape " + Arrays.toString(saved.shape()) + ", not up to " + n
                        + " rows of " + d + ": delete it or run without --resume");
            }
            double[][] rows = saved.rows();
            System.arraycopy(rows, 0, features, 0, rows.length);
            done = rows.length;
            progress.update(done, n, Double.NaN, 0, "resumed from " + partial + " at image " + done);
        }
        long t0 = System.nanoTime();
        int sinceCheckpoint = 0, start = done;
        while (done < n) {
            int to = Math.min(n, done + batch);
            try (TensorArena ar = new TensorArena()) {
                double[][] f = network.extract(source.batch(done, to, ar), backend, batch);
                System.arraycopy(f, 0, features, done, to - done);
            }
            done = to;
            if (++sinceCheckpoint == checkpointEvery && done < n) {
                sinceCheckpoint = 0;
                Npz.write(partial, java.util.Map.of("features", Npz.Array.float32Rows(features, done)));
            }
            progress.update(done, n, Double.NaN, (done - start) / ((System.nanoTime() - t0) / 1e9), null);
        }
        Reference r = new Reference(out.getFileName().toString(), network, features);
        r.write(out);
        Files.deleteIfExists(partial);
        return r;
    }
}
