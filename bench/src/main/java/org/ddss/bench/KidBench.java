package org.ddss.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.ddss.io.Npz;
import org.ddss.metrics.Kid;

/**
 * The reported KID (cubic kernel, 100 subsets of 1,000) between two feature files ({@code .npz}
 * with the array {@code features}), timed once. The peer is {@code bench/numpy_kid.py}, the same
 * estimator with NumPy's matrix products; run both with {@code bench/side-by-side.sh kid}. Prints
 * RESULT lines as {@link BenchMain}.
 */
public final class KidBench {
    private KidBench() {}

    public static void main(String[] args) throws IOException {
        double[][] a = Npz.read(Path.of(args[0]), "features").rows(), b = Npz.read(Path.of(args[1]), "features").rows();
        long t0 = System.nanoTime();
        Kid k = Kid.cubic(a, b, 100, 1000, 0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("java KID %.6e ± %.2e in %.2f s (100 subsets of 1000, d = %d)%n", k.mean(), k.std(), seconds, a[0].length);
        System.out.printf("RESULT bench=kid backend=java value=%.4f unit=s%n", seconds);
        System.out.printf("RESULT bench=kid_value backend=java value=%.6e unit=kid%n", k.mean());
    }
}
