package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The group norm contract, stated once in {@link GroupNorm} and held by every backend. */
class GroupNormSpecTest {
    static java.util.stream.Stream<String> backends() {
        return TestBackends.names();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyBackendRefusesWhatTheSpecRefusesWithTheSameSentence(String name) {
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(0, 1e-5f));
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, 0f));
        assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, Float.NaN));
        GroupNorm spec = new GroupNorm(4, 1e-5f);
        try (Backend be = TestBackends.open(name); TensorArena ar = new TensorArena()) {
            Tensor x = ar.zeros(2, 3, 3, 8), y = ar.zeros(2, 3, 3, 8), gamma = ar.zeros(8), beta = ar.zeros(8);
            assertArrayEquals(new int[] {2, 4}, spec.statsShape(x));
            Tensor mean = ar.zeros(spec.statsShape(x)), var = ar.zeros(spec.statsShape(x));
            GroupNorm.Shape s = spec.check(x, null, gamma, beta, mean, var);
            assertEquals(new GroupNorm.Shape(2, 9, 8, 4), s);
            assertEquals(2, s.perGroup());
            Tensor badGamma = ar.zeros(6), badStats = ar.zeros(2, 3);
            String expected = assertThrows(IllegalArgumentException.class,
                    () -> spec.check(x, null, badGamma, beta, mean, var)).getMessage();
            assertTrue(expected.contains("gamma [6]") && expected.contains("expected C divisible by groups"), expected);
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> be.groupNorm(x, null, badGamma, beta, spec, y, mean, var)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> be.groupNorm(x, null, gamma, beta, spec, y, badStats, var));
            assertThrows(IllegalArgumentException.class,
                    () -> be.groupNormBackward(y, x, null, gamma, mean, var, spec, ar.zeros(2, 3, 3, 4), null, null, null));
        }
    }
}
