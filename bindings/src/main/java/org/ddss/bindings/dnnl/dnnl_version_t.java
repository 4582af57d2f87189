// Hand-maintained in the shape jextract generates; see bindings/README.md.
package org.ddss.bindings.dnnl;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout.OfInt;

/**
 * {@snippet lang=c :
 * typedef struct {
 *     int major;
 *     int minor;
 *     int patch;
 *     const char *hash;
 *     unsigned int cpu_runtime;
 *     unsigned int gpu_runtime;
 * } dnnl_version_t
 * }
 */
@SuppressWarnings("restricted")
public final class dnnl_version_t {

    dnnl_version_t() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
            dnnl_h.C_INT.withName("major"),
            dnnl_h.C_INT.withName("minor"),
            dnnl_h.C_INT.withName("patch"),
            MemoryLayout.paddingLayout(4),
            dnnl_h.C_POINTER.withName("hash"),
            dnnl_h.C_INT.withName("cpu_runtime"),
            dnnl_h.C_INT.withName("gpu_runtime")
    ).withName("$anon$234:9");

    /** The layout of this struct. */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt major$LAYOUT = (OfInt) $LAYOUT.select(groupElement("major"));
    private static final long major$OFFSET = $LAYOUT.byteOffset(groupElement("major"));

    /** Getter for field: {@snippet lang=c : int major } */
    public static int major(MemorySegment struct) {
        return struct.get(major$LAYOUT, major$OFFSET);
    }

    private static final OfInt minor$LAYOUT = (OfInt) $LAYOUT.select(groupElement("minor"));
    private static final long minor$OFFSET = $LAYOUT.byteOffset(groupElement("minor"));

    /** Getter for field: {@snippet lang=c : int minor } */
    public static int minor(MemorySegment struct) {
        return struct.get(minor$LAYOUT, minor$OFFSET);
    }

    private static final OfInt patch$LAYOUT = (OfInt) $LAYOUT.select(groupElement("patch"));
    private static final long patch$OFFSET = $LAYOUT.byteOffset(groupElement("patch"));

    /** Getter for field: {@snippet lang=c : int patch } */
    public static int patch(MemorySegment struct) {
        return struct.get(patch$LAYOUT, patch$OFFSET);
    }

    private static final AddressLayout hash$LAYOUT = (AddressLayout) $LAYOUT.select(groupElement("hash"));
    private static final long hash$OFFSET = $LAYOUT.byteOffset(groupElement("hash"));

    /** Getter for field: {@snippet lang=c : const char *hash } */
    public static MemorySegment hash(MemorySegment struct) {
        return struct.get(hash$LAYOUT, hash$OFFSET);
    }

    private static final OfInt cpu_runtime$LAYOUT = (OfInt) $LAYOUT.select(groupElement("cpu_runtime"));
    private static final long cpu_runtime$OFFSET = $LAYOUT.byteOffset(groupElement("cpu_runtime"));

    /** Getter for field: {@snippet lang=c : unsigned int cpu_runtime } */
    public static int cpu_runtime(MemorySegment struct) {
        return struct.get(cpu_runtime$LAYOUT, cpu_runtime$OFFSET);
    }

    private static final OfInt gpu_runtime$LAYOUT = (OfInt) $LAYOUT.select(groupElement("gpu_runtime"));
    private static final long gpu_runtime$OFFSET = $LAYOUT.byteOffset(groupElement("gpu_runtime"));

    /** Getter for field: {@snippet lang=c : unsigned int gpu_runtime } */
    public static int gpu_runtime(MemorySegment struct) {
        return struct.get(gpu_runtime$LAYOUT, gpu_runtime$OFFSET);
    }

    /** The returned pointer of {@code dnnl_version()} seen as this struct. */
    public static MemorySegment reinterpret(MemorySegment addr) {
        return addr.reinterpret($LAYOUT.byteSize());
    }
}
