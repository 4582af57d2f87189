package org.ddss.backend;

import java.util.stream.Stream;

/** The backends the suites run on; the ones that cannot load here are skipped, not failed. */
public final class TestBackends {
    private TestBackends() {}

    public static Stream<String> names() {
        return Stream.of("java");
    }

    public static Backend open(String name) {
        return new JavaBackend();
    }
}
