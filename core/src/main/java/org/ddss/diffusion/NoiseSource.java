package org.ddss.diffusion;

import java.util.SplittableRandom;
import org.ddss.tensor.Tensor;

/**
 * Gaussian noise with one independent stream per sample: sample {@code i} of a run seeded
 * {@code seed} always draws the same numbers in the same order, whichever batch it is in and
 * whatever else that batch holds. A sampler draws its initial noise first, then the noise of
 * each step, so each draw of {@link #fill} advances every sample's stream by one sample's worth.
 */
public final class NoiseSource {
    private final SplittableRandom[] streams;
    private final long seed;
    private final long first;

    /** Streams for samples {@code first .. first + count - 1} of the run seeded {@code seed}. */
    public NoiseSource(long seed, long first, int count) {
        this.seed = seed;
        this.first = first;
        streams = new SplittableRandom[count];
        for (int i = 0; i < count; i++) {
            streams[i] = new SplittableRandom(mix(seed, first + i));
        }
    }

    /** A stateless mix of (seed, index) into a stream seed (SplitMix64's finaliser). */
    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public int count() {
        return streams.length;
    }

    /** Fills {@code t} [count, ...] with standard normal draws, row i from sample i's stream. */
    public void fill(Tensor t) {
        if (t.dim(0) != streams.length) {
            throw new IllegalArgumentException("noise for " + t + " from a source of " + streams.length + " samples");
        }
        long per = t.size() / streams.length;
        for (int i = 0; i < streams.length; i++) {
            for (long j = 0; j < per; j++) {
                t.set(i * per + j, (float) streams[i].nextGaussian());
            }
        }
    }

    @Override
    public String toString() {
        return "NoiseSource(seed " + seed + ", samples " + first + ".." + (first + streams.length - 1) + ")";
    }
}
