package org.ddss.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.ddss.metrics.FeatureStats;
import org.ddss.metrics.Fid;

/**
 * FID between two statistics files ({@code .npz}, as the field publishes them), timed: the best
 * of {@code -Dbench.repeats} (default 2) runs of {@link Fid#distance}. The peer is
 * {@code bench/scipy_fid.py} (pytorch-fid's route through {@code scipy.linalg.sqrtm}); run both
 * with {@code bench/side-by-side.sh fid}. Prints RESULT lines as {@link BenchMain}.
 */
public final class FidBench {
    private FidBench() {}

    public static void main(String[] args) throws IOException {
        FeatureStats a = FeatureStats.read(Path.of(args[0])), b = FeatureStats.read(Path.of(args[1]));
        int repeats = Integer.getInteger("bench.repeats", 2);
        double best = Double.POSITIVE_INFINITY, value = Double.NaN;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            value = Fid.distance(a, b);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("java FID %.9f in %.2f s (d = %d)%n", value, best, a.dimension());
        System.out.printf("RESULT bench=fid backend=java value=%.4f unit=s%n", best);
        System.out.printf("RESULT bench=fid_value backend=java value=%.9f unit=fid%n", value);
    }
}
