package org.ddss.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tensor outlives its arena only as an error: with the slab pool on, stale access throws instead of reading or corrupting reused memory. */
class TensorArenaTest {
    @Test
    void aTensorUsedAfterItsArenaClosedThrowsAndLeavesTheSlabsNextOwnerIntact() {
        assertTrue(SlabPool.MAX_POOLED > 0, "the pool is on, as by default");
        for (int[] shape : new int[][] {{16}, {1 << 20}}) { // a packed small tensor, a large one with a slab of its own
            TensorArena first = new TensorArena();
            Tensor stale = first.zeros(shape);
            long address = stale.data().address();
            first.close();
            try (TensorArena second = new TensorArena()) {
                Tensor live = second.zeros(shape);
                assertEquals(address, live.data().address(), "the pool hands the slab to the next arena");
                live.fill(7f);
                assertThrows(IllegalStateException.class, () -> stale.get(0), "a read after close");
                assertThrows(IllegalStateException.class, () -> stale.set(0, -1f), "a write after close");
                assertThrows(IllegalStateException.class, () -> stale.fill(-1f), "a bulk write after close");
                assertEquals(7f, live.get(0));
                assertEquals(7f, live.get(live.size() - 1));
            }
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAllocatingAfterCloseIsRefused() {
        TensorArena a = new TensorArena();
        a.zeros(4);
        a.close();
        a.close();
        assertThrows(IllegalStateException.class, () -> a.zeros(4));
    }
}
