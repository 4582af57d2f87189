package org.ddss.backend;

/**
 * PLACEHOLDER for the conv branch, replaced at merge: chooses a backend by name. Only
 * {@code java} exists here.
 */
public final class Backends {
    private Backends() {}

    /**
     * The backend called {@code name}.
     *
     * @throws IllegalStateException when that backend is unknown or cannot load here
     */
    public static Backend create(String name) {
        if (name.equals("java")) {
            return new JavaBackend();
        }
        throw new IllegalStateException("backend '" + name + "' is not available in this build");
    }
}
