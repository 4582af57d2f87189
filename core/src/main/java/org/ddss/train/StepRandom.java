package org.ddss.train;

import java.util.SplittableRandom;

/** The generator of training step k: a function of (seed, k) only, so resumed runs repeat it exactly. */
final class StepRandom {
    private StepRandom() {}

    static SplittableRandom of(long seed, long step) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
    }
}
