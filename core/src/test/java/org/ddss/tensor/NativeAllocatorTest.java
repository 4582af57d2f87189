package org.ddss.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ddss.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The seams the cuda backend plugs into, checked with a stand-in allocator: slabs and
 * workspaces come from the installed allocator and go back to it, a safetensors file is read
 * into memory from it (so a device reads the weights in place), and host access waits for
 * queued work.
 */
@Isolated
class NativeAllocatorTest {
    /** Host memory that counts allocations and frees, claiming to be device-visible. */
    static final class Counting implements NativeAllocator {
        final AtomicInteger live = new AtomicInteger(), total = new AtomicInteger();

        @Override
        public Allocation allocate(long bytes, long alignment) {
            Allocation a = HOST.allocate(bytes, alignment);
            live.incrementAndGet();
            total.incrementAndGet();
            return new Allocation() {
                @Override
                public MemorySegment segment() {
                    return a.segment();
                }

                @Override
                public void release() {
                    live.decrementAndGet();
                    a.release();
                }
            };
        }

        @Override
        public boolean deviceVisible() {
            return true;
        }

        @Override
        public String name() {
            return "counting";
        }
    }

    @Test
    void installedAllocatorServesArenasWorkspacesAndSafetensors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.safetensors");
        try (TensorArena ar = new TensorArena()) {
            SafeTensors.write(file, Map.of("w", ar.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)), Map.of());
        }
        try (SafeTensors st = SafeTensors.open(file)) {
            assertFalse(st.tensor("w").data().isMapped(), "read, not mapped");
        }
        Counting c = new Counting();
        NativeMemory.useAllocator(c);
        try {
            try (TensorArena ar = new TensorArena(); Workspace ws = new Workspace()) {
                Tensor t = ar.zeros(1000);
                ws.take(1 << 20);
                assertEquals(2, c.live.get(), "a slab and a workspace buffer");
                assertEquals(0f, t.get(999));
            }
            assertTrue(c.live.get() <= 1, "closed arena's slab pooled at most, workspace freed");
            NativeMemory.trimPool();
            int before = c.total.get();
            try (SafeTensors st = SafeTensors.open(file)) {
                Tensor w = st.tensor("w");
                assertEquals(before + 1, c.total.get(), "the file's bytes come from the installed allocator");
                assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.toArray());
            }
        } finally {
            NativeMemory.useAllocator(NativeAllocator.HOST);
        }
        assertEquals(0, c.live.get(), "switching back frees the pooled slabs of the old allocator");
        assertNotEquals(0, c.total.get());
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void hostAccessWaitsForQueuedWorkOnce() {
        AtomicInteger waits = new AtomicInteger();
        try (TensorArena ar = new TensorArena()) {
            Tensor t = ar.zeros(4);
            HostAccess.queued(waits::incrementAndGet);
            t.deviceData();
            assertEquals(0, waits.get(), "deviceData does not wait");
            t.set(0, 1f);
            t.get(0);
            t.data();
            assertEquals(1, waits.get(), "the first host access waits, later ones find nothing queued");
        }
    }
}
