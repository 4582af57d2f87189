package org.ddss.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.function.Executable;

/**
 * The ops' shape contracts, stated once in {@link Shapes} and the spec records: every backend
 * refuses the same bad arguments with the same sentence, before any work.
 */
class ShapesTest {
    static java.util.stream.Stream<String> backends() {
        return TestBackends.names();
    }

    @Test
    void outputShapesAreComputedOnce() {
        try (TensorArena ar = new TensorArena()) {
            assertArrayEquals(new int[] {2, 6, 8, 3}, Shapes.upsample2x(ar.zeros(2, 3, 4, 3)));
            assertArrayEquals(new int[] {2, 1, 2, 3}, Shapes.avgPool2x2(ar.zeros(2, 2, 4, 3)));
            assertEquals("avgPool2x2 needs even H and W, got [2, 3, 4, 3]",
                    assertThrows(IllegalArgumentException.class, () -> Shapes.avgPool2x2(ar.zeros(2, 3, 4, 3))).getMessage());
            assertEquals("upsampleNearest2x takes [N, H, W, C], got [2, 3]",
                    assertThrows(IllegalArgumentException.class, () -> Shapes.upsample2x(ar.zeros(2, 3))).getMessage());
            Shapes.broadcast(ar.zeros(2, 3), ar.zeros(1, 3), ar.zeros(2, 1));
            assertArrayEquals(new int[] {2, 3}, Shapes.broadcastShape(ar.zeros(1, 3), ar.zeros(2, 1)));
            assertEquals("cannot broadcast [2, 3] with [3, 3]", assertThrows(IllegalArgumentException.class,
                    () -> Shapes.broadcastShape(ar.zeros(2, 3), ar.zeros(3, 3))).getMessage());
            assertEquals("cannot broadcast [2, 3] [3] to [2, 3]", assertThrows(IllegalArgumentException.class,
                    () -> Shapes.broadcast(ar.zeros(2, 3), ar.zeros(2, 3), ar.zeros(3))).getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyBackendRefusesBadShapesWithTheSameSentence(String name) {
        try (Backend be = TestBackends.open(name); TensorArena ar = new TensorArena()) {
            Backend java = new JavaBackend();
            Tensor x = ar.zeros(2, 4, 4, 3), w = ar.zeros(3, 3, 3, 5), y = ar.zeros(2, 4, 4, 5);
            Conv2d same = Conv2d.of(1, 1);
            Map<String, Consumer<Backend>> bad = new LinkedHashMap<>();
            bad.put("conv2d output has shape [2, 4, 4, 3], expected [2, 4, 4, 5]", b -> b.conv2d(x, w, null, same, ar.zeros(2, 4, 4, 3)));
            bad.put("conv2d bias has shape [3], expected [5]", b -> b.conv2d(x, w, ar.zeros(3), same, y));
            bad.put("conv2dBackwardData dy has shape [2, 2, 2, 5], expected [2, 4, 4, 5]",
                    b -> b.conv2dBackwardData(ar.zeros(2, 2, 2, 5), w, same, ar.zeros(2, 4, 4, 3)));
            bad.put("conv2dBackwardWeights dbias has shape [3], expected [5]",
                    b -> b.conv2dBackwardWeights(x, y, same, ar.zeros(3, 3, 3, 5), ar.zeros(3)));
            bad.put("upsampleNearest2x output has shape [2, 4, 4, 3], expected [2, 8, 8, 3]",
                    b -> b.upsampleNearest2x(x, ar.zeros(2, 4, 4, 3)));
            bad.put("upsampleNearest2xBackward dy has shape [2, 4, 4, 3], expected [2, 8, 8, 3]",
                    b -> b.upsampleNearest2xBackward(x, ar.zeros(2, 4, 4, 3)));
            bad.put("avgPool2x2 output has shape [2, 4, 4, 3], expected [2, 2, 2, 3]", b -> b.avgPool2x2(x, ar.zeros(2, 4, 4, 3)));
            bad.put("avgPool2x2 needs even H and W, got [2, 3, 4, 3]", b -> b.avgPool2x2(ar.zeros(2, 3, 4, 3), ar.zeros(2, 1, 2, 3)));
            bad.put("avgPool2x2Backward dy has shape [2, 4, 4, 3], expected [2, 2, 2, 3]",
                    b -> b.avgPool2x2Backward(ar.zeros(2, 4, 4, 3), x));
            bad.put("interleavePhases bias has shape [4], expected [3]",
                    b -> b.interleavePhases(ar.zeros(2, 3, 3, 12), ar.zeros(4), x));
            bad.put("silu output has shape [96], expected [2, 4, 4, 3]", b -> b.silu(x, ar.zeros(96)));
            bad.put("siluBackward dy and dx has shape [2, 4, 4, 4], expected [2, 4, 4, 3]",
                    b -> b.siluBackward(x, x, ar.zeros(2, 4, 4, 4)));
            bad.put("softmax output has shape [2, 48], expected [2, 4, 4, 3]", b -> b.softmax(x, ar.zeros(2, 48)));
            bad.put("scale output has shape [2, 4, 3, 4], expected [2, 4, 4, 3]", b -> b.scale(x, 2f, ar.zeros(2, 4, 3, 4)));
            bad.put("cannot broadcast [2, 4, 4, 3] [1, 1, 1, 2] to [2, 4, 4, 3]", b -> b.add(x, ar.zeros(1, 1, 1, 2), x));
            bad.put("cannot broadcast [1, 1, 1, 2] to [2, 4, 4, 3]", b -> b.sumTo(x, ar.zeros(1, 1, 1, 2)));
            bad.put("matmul shapes do not agree: a [2, 3], b [4, 2], bias none, c [2, 2]",
                    b -> b.matmul(ar.zeros(2, 3), false, ar.zeros(4, 2), false, null, ar.zeros(2, 2)));
            for (Map.Entry<String, Consumer<Backend>> e : bad.entrySet()) {
                Executable onBackend = () -> e.getValue().accept(be), onJava = () -> e.getValue().accept(java);
                assertEquals(e.getKey(), assertThrows(IllegalArgumentException.class, onBackend, e.getKey()).getMessage(), name);
                assertEquals(e.getKey(), assertThrows(IllegalArgumentException.class, onJava, e.getKey()).getMessage());
            }
            java.close();
        }
    }
}
