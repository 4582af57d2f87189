package org.ddss.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    /** A file as bytes: an 8-byte length, the header text, then the data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    static SafeTensors read(byte[] bytes, Arena arena) throws SafeTensorsException {
        MemorySegment seg = arena.allocate(Math.max(bytes.length, 1));
        MemorySegment.copy(bytes, 0, seg, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return SafeTensors.read(seg.asSlice(0, bytes.length));
    }

    static String rejection(String header, int dataBytes) {
        try (Arena arena = Arena.ofConfined()) {
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> read(file(header, new byte[dataBytes]), arena).close());
            return e.getMessage();
        }
    }

    @Test
    void writesAlignedFilesAndReadsThemBackAsViews() throws IOException {
        long live = NativeMemory.liveBytes();
        Path p = dir.resolve("w.safetensors");
        try (TensorArena ar = new TensorArena()) {
            Map<String, Tensor> ts = new LinkedHashMap<>();
            ts.put("b.weight", ar.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
            ts.put("a.bias", ar.of(new float[] {-1.5f}, 1));
            ts.put("scalar", ar.of(new float[] {7f}));
            SafeTensors.write(p, ts, Map.of("format", "pt"));
        }
        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header length is 8-byte aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"a.bias\":"), header);
        try (SafeTensors st = SafeTensors.open(p)) {
            assertEquals(java.util.List.of("a.bias", "b.weight", "scalar"), st.names());
            assertEquals(Map.of("format", "pt"), st.metadata());
            Tensor w = st.tensor("b.weight");
            assertArrayEquals(new int[] {2, 3}, w.shape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.toArray());
            assertArrayEquals(new float[] {7f}, st.tensor("scalar").toArray());
            assertEquals(0, st.tensor("scalar").rank());
            assertFalse(w.data().isMapped(), "the file is read into memory this object owns, not mapped");
            assertTrue(w.data().isReadOnly(), "loaded weights are read-only");
            assertSame(w, st.tensor("b.weight"), "an F32 tensor is a view made once");
            assertThrows(IllegalArgumentException.class, () -> st.tensor("missing"));
            st.close(); // closed twice (here and by try): AutoCloseable's advice, idempotent
        }
        assertEquals(live, NativeMemory.liveBytes());
    }

    @Test
    void convertsF16AndBf16AndRejectsOtherDtypesByName() throws IOException {
        ByteBuffer d = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f));
        d.putShort((short) (Float.floatToIntBits(3.25f) >>> 16)).putShort((short) (Float.floatToIntBits(-0.5f) >>> 16));
        d.putInt(42);
        String h = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        try (Arena arena = Arena.ofConfined(); SafeTensors st = read(file(h, d.array()), arena)) {
            assertArrayEquals(new float[] {1.5f, -2f}, st.tensor("h").toArray());
            assertArrayEquals(new float[] {3.25f, -0.5f}, st.tensor("b").toArray());
            SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> st.tensor("i"));
            assertTrue(e.getMessage().contains("\"i\"") && e.getMessage().contains("I32"), e.getMessage());
        }
    }

    @Test
    void enforcesEveryRuleOfTheReferenceReader() {
        String t = "\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        assertTrue(rejection("{" + t + "}", 4).contains("MetadataIncompleteBuffer"));
        assertTrue(rejection("{" + t + "}", 12).contains("MetadataIncompleteBuffer"));
        assertTrue(rejection("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8).contains("TensorInvalidInfo"));
        assertTrue(rejection("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12).contains("InvalidOffset"));
        assertTrue(rejection("{" + t + ",\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8).contains("InvalidOffset"));
        assertTrue(rejection("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8).contains("InvalidOffset"));
        assertTrue(rejection("{\"x\":{\"dtype\":\"Q8\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8).contains("unknown dtype \"Q8\""));
        assertTrue(rejection("{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8)
                .contains("ValidationOverflow"));
        assertTrue(rejection("{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8).contains("shape[0]"));
        assertTrue(rejection("{\"x\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2).contains("MisalignedSlice"));
        assertTrue(rejection("{" + t + "," + t + "}", 8).contains("duplicate key \"x\""));
        assertTrue(rejection("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", 8).contains("unknown field"));
        assertTrue(rejection("{\"__metadata__\":{\"k\":[1]}," + t + "}", 8).contains("not a string"));
        assertTrue(rejection("[1,2]", 0).contains("not a JSON object"));
        assertTrue(rejection("{" + t, 8).contains("not valid JSON"));
        try (Arena arena = Arena.ofConfined()) {
            byte[] bad = file("{\"\u00e9\":1}", new byte[0]);
            bad[10] = (byte) 0xff;
            assertTrue(assertThrows(SafeTensorsException.class, () -> read(bad, arena)).getMessage().contains("UTF-8"));
            byte[] big = file("{}", new byte[0]);
            ByteBuffer.wrap(big).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 100_000_001L);
            assertTrue(assertThrows(SafeTensorsException.class, () -> read(big, arena)).getMessage().contains("HeaderTooLarge"));
            byte[] past = file("{}", new byte[0]);
            ByteBuffer.wrap(past).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 3);
            assertTrue(assertThrows(SafeTensorsException.class, () -> read(past, arena)).getMessage().contains("InvalidHeaderLength"));
            assertTrue(assertThrows(SafeTensorsException.class, () -> read(new byte[5], arena)).getMessage().contains("HeaderTooSmall"));
        }
        // Accepted as the reference does: leading and trailing whitespace, empty tensors, empty header.
        try (Arena arena = Arena.ofConfined()) {
            assertDoesNotThrowRead(file("  {" + t + ",\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[8,8]}}   ", new byte[8]), arena);
            assertDoesNotThrowRead(file("{}", new byte[0]), arena);
        }
    }

    private static void assertDoesNotThrowRead(byte[] bytes, Arena arena) {
        try (SafeTensors st = read(bytes, arena)) {
            for (String n : st.names()) {
                st.tensor(n);
            }
        } catch (SafeTensorsException e) {
            fail(e);
        }
    }

    /**
     * 12,000 mutated files (bit flips, byte edits, truncations, header text edits) against the
     * reader: only SafeTensorsException may come out, and an accepted file's tensors all load.
     */
    @Test
    void fuzzedFilesOnlyRaiseOurException() throws IOException {
        Path p = dir.resolve("seed.safetensors");
        try (TensorArena ar = new TensorArena()) {
            Map<String, Tensor> ts = new LinkedHashMap<>();
            ts.put("conv.weight", ar.of(new float[36], 3, 3, 2, 2));
            ts.put("conv.bias", ar.of(new float[2], 2));
            ts.put("norm.weight", ar.of(new float[4], 4));
            SafeTensors.write(p, ts, Map.of("format", "pt"));
        }
        byte[] seed = Files.readAllBytes(p);
        int headerEnd = 8 + (int) ByteBuffer.wrap(seed).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Random r = new Random(1234);
        String[] tokens = {"0", "1", "-1", "99999999999999999999", "1e3", "\"F16\"", "\"BF16\"", "\"I8\"", "[", "]", "{", "}",
            ",", ":", "\"", "null", "[]", "{}", "\"__metadata__\"", "\\u0000", "4294967296"};
        int accepted = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(seed.length + 64);
            for (int iter = 0; iter < 12_000; iter++) {
                byte[] m = seed.clone();
                switch (iter % 4) {
                    case 0 -> {
                        for (int k = 1 + r.nextInt(3); k > 0; k--) {
                            int at = r.nextInt(headerEnd);
                            m[at] ^= (byte) (1 << r.nextInt(8));
                        }
                    }
                    case 1 -> m = java.util.Arrays.copyOf(m, r.nextInt(m.length));
                    case 2 -> m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                    default -> {
                        String h = new String(m, 8, headerEnd - 8, StandardCharsets.UTF_8);
                        int at = r.nextInt(h.length());
                        int len = r.nextInt(Math.min(6, h.length() - at) + 1);
                        String edited = h.substring(0, at) + tokens[r.nextInt(tokens.length)] + h.substring(at + len);
                        ByteArrayOutputStream data = new ByteArrayOutputStream();
                        data.write(m, headerEnd, m.length - headerEnd);
                        m = file(edited, data.toByteArray());
                    }
                }
                MemorySegment.copy(m, 0, buf, ValueLayout.JAVA_BYTE, 0, m.length);
                try (SafeTensors st = SafeTensors.read(buf.asSlice(0, m.length))) {
                    for (String n : st.names()) {
                        if (st.info(n).dtype() == SafeTensors.Dtype.F32 || st.info(n).dtype() == SafeTensors.Dtype.F16
                                || st.info(n).dtype() == SafeTensors.Dtype.BF16) {
                            st.tensor(n).toArray();
                        }
                    }
                    accepted++;
                } catch (SafeTensorsException expected) {
                    // the only failure allowed
                } catch (Throwable t) {
                    fail("mutation " + iter + " raised " + t, t);
                }
            }
        }
        assertTrue(accepted > 0 && accepted < 12_000, "the mutations exercise both outcomes, accepted " + accepted);
    }
}
