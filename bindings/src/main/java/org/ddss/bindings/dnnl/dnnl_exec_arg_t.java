// Hand-maintained in the shape jextract generates; see bindings/README.md.
package org.ddss.bindings.dnnl;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout.OfInt;

/**
 * {@snippet lang=c :
 * typedef struct {
 *     int arg;
 *     dnnl_memory_t memory;
 * } dnnl_exec_arg_t
 * }
 */
public final class dnnl_exec_arg_t {

    dnnl_exec_arg_t() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            dnnl_h.C_INT.withName("arg"),
            MemoryLayout.paddingLayout(4),
            dnnl_h.C_POINTER.withName("memory")
    ).withName("$anon$2807:9");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt arg$LAYOUT = (OfInt) $LAYOUT.select(groupElement("arg"));
    private static final long arg$OFFSET = $LAYOUT.byteOffset(groupElement("arg"));

    /** Getter for field: {@snippet lang=c : int arg } */
    public static int arg(MemorySegment struct) {
        return struct.get(arg$LAYOUT, arg$OFFSET);
    }

    /** Setter for field: {@snippet lang=c : int arg } */
    public static void arg(MemorySegment struct, int fieldValue) {
        struct.set(arg$LAYOUT, arg$OFFSET, fieldValue);
    }

    private static final AddressLayout memory$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("memory"));
    private static final long memory$OFFSET = $LAYOUT.byteOffset(groupElement("memory"));

    /** Getter for field: {@snippet lang=c : dnnl_memory_t memory } */
    public static MemorySegment memory(MemorySegment struct) {
        return struct.get(memory$LAYOUT, memory$OFFSET);
    }

    /** Setter for field: {@snippet lang=c : dnnl_memory_t memory } */
    public static void memory(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(memory$LAYOUT, memory$OFFSET, fieldValue);
    }

    /** Obtains a slice of {@code arrayParam} which selects the array element at {@code index}. */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    /** The size (in bytes) of this struct. */
    public static long sizeof() {
        return layout().byteSize();
    }

    /** Allocate a segment of size {@code layout().byteSize()} using {@code allocator}. */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    /** Allocate an array of size {@code elementCount} using {@code allocator}. */
    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }
}
