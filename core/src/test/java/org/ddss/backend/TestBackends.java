package org.ddss.backend;

import java.util.stream.Stream;

/** The backends the suites run on; the ones that cannot load here are skipped, not failed. */
final class TestBackends {
    private TestBackends() {}

    static Stream<String> names() {
        return Stream.of("java");
    }

    static Backend open(String name) {
        return new JavaBackend();
    }
}
