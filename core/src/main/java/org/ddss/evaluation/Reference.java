package org.ddss.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.ddss.features.FeatureNetwork;
import org.ddss.io.Npz;
import org.ddss.metrics.FeatureStats;

/**
 * The features of a set of real images through one network, or only their statistics (a
 * published {@code .npz}): what FID, KID and the search's loss compare samples with. FID and the
 * linear-kernel KID loss need only the statistics; the reported KID and the cubic-kernel loss
 * need the features.
 *
 * @param set      the images, in words (e.g. {@code train digits}, or the file it was read from)
 * @param network  the feature network
 * @param features the images' features [m][d], or null where only statistics are known
 * @param stats    their mean and covariance
 */
public record Reference(String set, FeatureNetwork network, double[][] features, FeatureStats stats) {
    public Reference {
        if (stats.dimension() != network.featureDim() || (features != null
                && (features.length < 2 || features[0].length != network.featureDim()))) {
            throw new IllegalArgumentException("a reference for " + network.name() + " needs features of width "
                    + network.featureDim() + ", got statistics of " + stats.dimension()
                    + (features == null ? "" : " and " + features.length + " feature rows"));
        }
    }

    /** The reference of these features, with their statistics. */
    public Reference(String set, FeatureNetwork network, double[][] features) {
        this(set, network, features, FeatureStats.of(features));
    }

    /** Number of reference images (0 where a statistics file does not say). */
    public long count() {
        return features != null ? features.length : stats.count();
    }

    /**
     * Reads a reference file: {@code mu} and {@code sigma} (pytorch-fid's, EDM's and clean-fid's
     * statistics files), and {@code features} [m, d] where {@code ddss stats} kept them.
     */
    public static Reference read(Path file, FeatureNetwork network) throws IOException {
        Map<String, Npz.Array> arrays = Npz.read(file);
        FeatureStats stats = FeatureStats.of(arrays, file);
        Npz.Array f = arrays.get("features");
        try {
            return new Reference(file.getFileName().toString(), network, f == null ? null : f.rows(), stats);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the statistics and, where known, the features (float32) as {@link #read} reads them. */
    public void write(Path file) throws IOException {
        Map<String, Npz.Array> a = stats.arrays();
        a.put("count", new Npz.Array(new long[0], new double[] {count()}));
        if (features != null) {
            a.put("features", Npz.Array.float32Rows(features, features.length));
        }
        Npz.write(file, a);
    }
}
