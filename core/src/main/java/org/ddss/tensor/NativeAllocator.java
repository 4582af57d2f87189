package org.ddss.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Where the native memory of tensors and workspaces comes from. The default is plain host
 * memory; the {@code cuda} backend installs CUDA managed memory, which both the CPU and the GPU
 * address, so that models, tapes, samplers and metrics work unchanged while its kernels run on
 * the device (see docs/architecture.md, "The GPU").
 */
public interface NativeAllocator {
    /** One allocation and how to free it. */
    interface Allocation {
        /** The memory, addressable from the host. */
        MemorySegment segment();

        /** Frees the memory; the segment must not be used afterwards. */
        void release();
    }

    /** Allocates {@code bytes} (contents undefined) aligned to {@code alignment}. */
    Allocation allocate(long bytes, long alignment);

    /**
     * Whether a device, not only the CPU, reads this memory. Then memory that comes from
     * elsewhere (a memory-mapped weights file) must be copied into it before a device op uses it.
     */
    boolean deviceVisible();

    /** A short name for reports, e.g. {@code host} or {@code cuda-managed}. */
    String name();

    /** Plain host memory, one shared arena per allocation. */
    NativeAllocator HOST = new NativeAllocator() {
        @Override
        public Allocation allocate(long bytes, long alignment) {
            Arena arena = Arena.ofShared();
            MemorySegment s = arena.allocate(bytes, alignment);
            return new Allocation() {
                @Override
                public MemorySegment segment() {
                    return s;
                }

                @Override
                public void release() {
                    arena.close();
                }
            };
        }

        @Override
        public boolean deviceVisible() {
            return false;
        }

        @Override
        public String name() {
            return "host";
        }
    };
}
