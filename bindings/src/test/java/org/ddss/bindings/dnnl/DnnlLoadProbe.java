package org.ddss.bindings.dnnl;

import java.lang.foreign.MemorySegment;

/** Run in a child JVM by {@link DnnlLibraryProcessTest}: loads oneDNN and prints what happened. */
final class DnnlLoadProbe {
    private DnnlLoadProbe() {}

    public static void main(String[] args) {
        if (!DnnlLibrary.isAvailable()) {
            System.out.println("UNAVAILABLE " + DnnlLibrary.unavailableReason().orElseThrow());
            return;
        }
        MemorySegment v = dnnl_version_t.reinterpret(dnnl_h.dnnl_version());
        System.out.println("OK " + dnnl_version_t.major(v) + "." + dnnl_version_t.minor(v) + " " + DnnlLibrary.path()
                + " | " + DnnlLibrary.openMpNote() + " | " + DnnlLibrary.openMpWaitPolicy() + " | threads " + omp_h.omp_get_max_threads());
    }
}
