// Hand-maintained in the shape jextract generates (see bindings/README.md).
package org.ddss.bindings.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@snippet lang=c :
 * typedef struct cudnnFwdAlgoPerfStruct {
 *     cudnnConvolutionFwdAlgo_t algo;
 *     cudnnStatus_t status;
 *     float time;
 *     size_t memory;
 *     cudnnDeterminism_t determinism;
 *     cudnnMathType_t mathType;
 *     int reserved[3];
 * } cudnnConvolutionFwdAlgoPerf_t;
 * }
 */
public final class cudnnConvolutionFwdAlgoPerf_t {

    private cudnnConvolutionFwdAlgoPerf_t() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        ValueLayout.JAVA_INT.withName("algo"),
        ValueLayout.JAVA_INT.withName("status"),
        ValueLayout.JAVA_FLOAT.withName("time"),
        MemoryLayout.paddingLayout(4),
        ValueLayout.JAVA_LONG.withName("memory"),
        ValueLayout.JAVA_INT.withName("determinism"),
        ValueLayout.JAVA_INT.withName("mathType"),
        MemoryLayout.sequenceLayout(3, ValueLayout.JAVA_INT).withName("reserved"),
        MemoryLayout.paddingLayout(4)
    ).withName("cudnnFwdAlgoPerfStruct");

    /** The layout of this struct. */
    public static GroupLayout layout() {
        return $LAYOUT;
    }

    /** Getter for field: {@snippet lang=c : cudnnConvolutionFwdAlgo_t algo } */
    public static int algo(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT, 0);
    }

    /** Getter for field: {@snippet lang=c : cudnnStatus_t status } */
    public static int status(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT, 4);
    }

    /** Getter for field: {@snippet lang=c : float time } */
    public static float time(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_FLOAT, 8);
    }

    /** Getter for field: {@snippet lang=c : size_t memory } */
    public static long memory(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_LONG, 16);
    }

    /** Getter for field: {@snippet lang=c : cudnnMathType_t mathType } */
    public static int mathType(MemorySegment struct) {
        return struct.get(ValueLayout.JAVA_INT, 28);
    }

    /** The element at index in an array of these structs. */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice($LAYOUT.byteSize() * index, $LAYOUT.byteSize());
    }

    /** Allocates an array of count structs. */
    public static MemorySegment allocateArray(long count, Arena arena) {
        return arena.allocate(MemoryLayout.sequenceLayout(count, $LAYOUT));
    }
}
