package org.ddss.backend;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this engine runs on: the JDK, each backend with its status, the selection, the Vector
 * API species and the thread count. Collected by {@link #collect()} for {@code ddss info}.
 *
 * @param jdk       the running JDK's version and vendor
 * @param backends  each known backend, fastest first, mapped to a description when available
 *                  or to "unavailable: reason"
 * @param selected  the backend {@link Backends#create()} chooses, or the error it would raise
 * @param vector    the Vector API species of the {@code java} backend
 * @param threads   the thread count shared by every backend ({@code ddss.threads})
 */
public record EngineInfo(String jdk, Map<String, String> backends, String selected, String vector, int threads) {

    public static EngineInfo collect() {
        Map<String, String> status = new LinkedHashMap<>();
        for (String name : Backends.names()) {
            status.put(name, Backends.unavailableReason(name).map(r -> "unavailable: " + r).orElseGet(() -> Backends.describe(name)));
        }
        String selected;
        try {
            selected = Backends.selectedName();
            if (Backends.unavailableReason(selected).isPresent()) {
                selected += " (unavailable)";
            }
        } catch (RuntimeException e) {
            selected = "none: " + e.getMessage();
        }
        String jdk = Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")";
        return new EngineInfo(jdk, status, selected, JavaBackend.vectorSpecies(), Parallel.THREADS);
    }
}
