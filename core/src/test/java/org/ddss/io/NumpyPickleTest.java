package org.ddss.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restricted reader of data pickles: NumPy arrays come out as their bytes; code and malformed arrays are refused. */
class NumpyPickleTest {
    @TempDir
    Path dir;

    @Test
    void readsThePublishedDialectsArrays() throws Exception {
        Path file = Path.of(NumpyPickleTest.class.getResource("/fixtures/cifar/data_batch_py2").toURI());
        Map<?, ?> d = assertInstanceOf(Map.class, NumpyPickle.read(file));
        assertEquals("training batch 1 of 5", d.get("batch_label"));
        assertEquals(6, ((List<?>) d.get("labels")).size());
        NdArray a = assertInstanceOf(NdArray.class, d.get("data"));
        assertEquals("|u1", a.dtype());
        assertArrayEquals(new long[] {6, 3072}, a.shape());
        byte[] bin = Files.readAllBytes(file.resolveSibling("data_batch.bin"));
        for (int i = 0; i < 3072; i++) {
            assertEquals(bin[1 + i], a.data()[i]);
        }
    }

    /** An array pickle in protocol 2 with the given dtype string, shape and data length (bytes as BINSTRING). */
    private static String array(String dtype, int rows, int cols, int dataBytes) {
        return "cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\u0000\u0085U\u0001b\u0087R(K\u0001"
                + "J" + le(rows) + "J" + le(cols) + "\u0086cnumpy\ndtype\nU\u0002" + dtype + "K\u0000K\u0001\u0087R"
                + "(K\u0003U\u0001|NNNJ\u00ff\u00ff\u00ff\u00ffJ\u00ff\u00ff\u00ff\u00ffK\u0000tb\u0089T" + le(dataBytes)
                + "\u0000".repeat(Math.max(0, Math.min(dataBytes, 1 << 16))) + "tb";
    }

    private static String le(int v) {
        return new String(new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}, StandardCharsets.ISO_8859_1);
    }

    private String refused(String pickle) throws Exception {
        Path p = dir.resolve("p" + pickle.hashCode());
        Files.write(p, ("\u0080\u0002" + pickle).getBytes(StandardCharsets.ISO_8859_1));
        String e = assertThrows(NumpyPickle.FormatException.class, () -> NumpyPickle.read(p)).getMessage();
        assertTrue(e.startsWith(p.toString()), e);
        return e;
    }

    @Test
    void hostileAndMalformedPicklesAreRefusedNamingTheFile() throws Exception {
        Path ok = dir.resolve("ok");
        Files.write(ok, ("\u0080\u0002" + array("u1", 2, 3, 6) + ".").getBytes(StandardCharsets.ISO_8859_1));
        assertArrayEquals(new long[] {2, 3}, ((NdArray) NumpyPickle.read(ok)).shape());

        assertTrue(refused("cos\nsystem\nX\u0002\u0000\u0000\u0000lsR.").contains("refuses the global os.system"));
        assertTrue(refused("cbuiltins\neval\n.").contains("refuses the global builtins.eval"));
        assertTrue(refused(array("u1", 2, 3, 5) + ".").contains("needs 6 × 1 bytes, its data holds 5"));
        assertTrue(refused(array("f4", 2, 3, 6) + ".").contains("needs 6 × 4 bytes"));
        assertTrue(refused(array("O8", 2, 3, 6) + ".").contains("not a numeric NumPy type"));
        // A shape whose size overflows, and a data length beyond the file, allocate nothing.
        assertTrue(refused(array("u1", Integer.MAX_VALUE, Integer.MAX_VALUE, 6) + ".").contains("needs"));
        assertTrue(refused(array("u1", 2, 3, Integer.MAX_VALUE)).contains("runs past the end"));
        assertTrue(refused("cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\u0000\u0085U\u0001b\u0087R.")
                .contains("never given its data"));
        assertTrue(refused("}").contains("ends without STOP"));
        assertTrue(refused("i__main__\nX\n.").contains("opcode 0x69"));
        Path notPickle = dir.resolve("text");
        Files.writeString(notPickle, "hello");
        assertTrue(assertThrows(NumpyPickle.FormatException.class, () -> NumpyPickle.read(notPickle)).getMessage()
                .contains("not a binary pickle"));
    }

    /** A list that contains itself (memo reuse) is read without recursing forever, and reported without a stack overflow. */
    @Test
    void selfContainingListsTerminate() throws Exception {
        Path p = dir.resolve("loop");
        Files.write(p, "\u0080\u0002]q\u0000h\u0000a.".getBytes(StandardCharsets.ISO_8859_1));
        String e = assertThrows(NumpyPickle.FormatException.class, () -> NumpyPickle.read(p)).getMessage();
        assertTrue(e.contains("nested more than 64 levels"), e);
    }
}
