package org.ddss.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateTest {

    @Test
    void warmsUpLinearlyThenFollowsTheCosineToTheFloor() {
        double peak = 0.01;
        assertEquals(peak / 4, LearningRate.warmupCosine(peak, 4, 104, 0.1, 0), 1e-15);
        assertEquals(peak, LearningRate.warmupCosine(peak, 4, 104, 0.1, 3), 1e-15);
        assertEquals(peak, LearningRate.warmupCosine(peak, 4, 104, 0.1, 4), 1e-15);
        // halfway through the decay the cosine is at the mean of peak and floor
        assertEquals(peak * 0.55, LearningRate.warmupCosine(peak, 4, 105, 0.1, 54), 1e-15);
        assertEquals(peak * 0.1, LearningRate.warmupCosine(peak, 4, 104, 0.1, 103), 1e-15);
        // past the end (a run extended without changing the total) it stays at the floor
        assertEquals(peak * 0.1, LearningRate.warmupCosine(peak, 4, 104, 0.1, 500), 1e-15);
        double prev = Double.MAX_VALUE;
        for (long k = 4; k < 104; k++) {
            double lr = LearningRate.warmupCosine(peak, 4, 104, 0.1, k);
            assertTrue(lr <= prev, "decreasing after the warm-up");
            prev = lr;
        }
    }

    @Test
    void floorOneIsConstantAfterWarmUpAndNoWarmUpStartsAtThePeak() {
        for (long k = 10; k < 50; k++) {
            assertEquals(0.5, LearningRate.warmupCosine(0.5, 10, 50, 1.0, k));
        }
        assertEquals(0.5, LearningRate.warmupCosine(0.5, 0, 50, 0.0, 0));
        assertEquals(0.0, LearningRate.warmupCosine(0.5, 0, 50, 0.0, 49), 1e-17);
    }
}
