package org.ddss.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.ddss.bindings.dnnl.DnnlLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {
    static final String KEY = "test-" + DnnlLibrary.CACHE_KEY;
    // libgomp alone keeps the test fast; the mechanism does not depend on the file.
    static final List<String> FILES = List.of("libgomp.so.1");

    static Path unpack(Path root) throws IOException {
        return NativeLibraryCache.unpack(root, KEY, NativeLibraryCacheTest.class.getClassLoader(),
                DnnlLibrary.RESOURCE_DIR, FILES);
    }

    @Test
    void unpacksOnceAndVerifies(@TempDir Path root) throws IOException {
        Path dir = unpack(root);
        assertTrue(NativeLibraryCache.verify(dir));
        long modified = Files.getLastModifiedTime(dir.resolve("libgomp.so.1")).toMillis();
        assertEquals(dir, unpack(root));
        assertEquals(modified, Files.getLastModifiedTime(dir.resolve("libgomp.so.1")).toMillis());
    }

    @Test
    void truncatedFileIsDetectedAndRedone(@TempDir Path root) throws IOException {
        Path dir = unpack(root);
        Path lib = dir.resolve("libgomp.so.1");
        long size = Files.size(lib);
        try (FileChannel ch = FileChannel.open(lib, StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        assertFalse(NativeLibraryCache.verify(dir));
        Path again = unpack(root);
        assertTrue(NativeLibraryCache.verify(again));
        assertEquals(size, Files.size(again.resolve("libgomp.so.1")));
    }

    @Test
    void missingManifestIsDetected(@TempDir Path root) throws IOException {
        Path dir = unpack(root);
        Files.delete(dir.resolve(NativeLibraryCache.MANIFEST));
        assertFalse(NativeLibraryCache.verify(dir));
        assertTrue(NativeLibraryCache.verify(unpack(root)));
    }

    @Test
    void concurrentUnpacksAllSucceedAndLeaveNoTemporaries(@TempDir Path root) throws Exception {
        int n = 8;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Path> task = () -> {
                    start.await();
                    return unpack(root);
                };
                results.add(pool.submit(task));
            }
            for (Future<Path> f : results) {
                Path dir = f.get();
                assertEquals(root.resolve(KEY), dir);
                assertTrue(NativeLibraryCache.verify(dir));
            }
        } finally {
            pool.shutdown();
        }
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of(root.resolve(KEY)), entries.toList());
        }
    }
}
