package org.ddss.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.tensor.NativeMemory;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * A safetensors file, read once into native memory this object owns: F32 tensors are views of
 * that memory (never copied onto the Java heap); F16 and BF16 are converted to F32 once, into
 * native memory it also owns. The file is read, not memory-mapped, so that a file truncated or
 * replaced under a running process (a checkpoint downloaded again over it) cannot fault the
 * native code reading the weights. Everything stays valid until {@link #close()}.
 *
 * <p>Validation follows the reference reader ({@code safetensors/src/tensor.rs}): header length
 * bounded and within the file, UTF-8 JSON of the documented shape, known dtypes, overflow-safe
 * {@code shape x dtype = byte span}, offsets sorted from 0, contiguous and covering the data
 * exactly. Stricter than the reference on duplicate names, which it rejects by name.
 */
public final class SafeTensors implements WeightFile {
    /** The reference reader's cap on the header length. */
    public static final long MAX_HEADER_SIZE = 100_000_000L;
    private static final String METADATA = "__metadata__";
    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Element types of the format, with their sizes in bits (as the reference enum). */
    public enum Dtype {
        BOOL(8), F4(4), F6_E2M3(6), F6_E3M2(6), U8(8), I8(8), F8_E5M2(8), F8_E4M3(8), F8_E8M0(8),
        F8_E4M3FNUZ(8), F8_E5M2FNUZ(8), I16(16), U16(16), F16(16), BF16(16), I32(32), U32(32), F32(32),
        C64(64), F64(64), I64(64), U64(64);

        final int bits;

        Dtype(int bits) {
            this.bits = bits;
        }

        boolean readable() {
            return this == F32 || this == F16 || this == BF16;
        }
    }

    /** One entry of the header; offsets are relative to the start of the data buffer. */
    public record Info(String name, Dtype dtype, long[] shape, long begin, long end) {
        /** The shape as ints, as tensors use. */
        public int[] intShape() {
            int[] s = new int[shape.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.toIntExact(shape[i]);
            }
            return s;
        }
    }

    private final boolean deviceVisible;
    private boolean closed;
    private final MemorySegment data;
    private final Map<String, Info> infos;
    private final Map<String, String> metadata;
    /** Owns the file's bytes (for {@link #open}) and every converted tensor. */
    private final TensorArena owned;
    private final Map<String, Tensor> cache = new LinkedHashMap<>();

    private SafeTensors(TensorArena owned, boolean deviceVisible, MemorySegment data, Map<String, Info> infos,
            Map<String, String> metadata) {
        this.owned = owned;
        this.deviceVisible = deviceVisible;
        this.data = data;
        this.infos = infos;
        this.metadata = metadata;
    }

    /** Reads and validates a file. */
    public static SafeTensors open(Path file) throws IOException {
        TensorArena owned = new TensorArena();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            NativeMemory.requireAffordable(size, "the weights file");
            MemorySegment all = owned.allocateUnfilled(Math.max(size, 1)).asSlice(0, size);
            readFully(ch, all, file);
            return parse(all, owned, NativeMemory.allocator().deviceVisible(), file.toString());
        } catch (IOException | RuntimeException e) {
            owned.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new SafeTensorsException(file + ": " + e.getMessage());
        }
    }

    /** Fills {@code into} from the start of the file; a file that shrank meanwhile is an error naming it. */
    private static void readFully(FileChannel ch, MemorySegment into, Path file) throws IOException {
        long pos = 0, size = into.byteSize();
        while (pos < size) {
            // ByteBuffer views are bounded by Integer.MAX_VALUE bytes.
            long chunk = Math.min(size - pos, 1L << 30);
            java.nio.ByteBuffer b = into.asSlice(pos, chunk).asByteBuffer();
            while (b.hasRemaining()) {
                if (ch.read(b, pos + b.position()) < 0) {
                    throw new SafeTensorsException(file + ": the file ended at byte " + (pos + b.position()) + " of " + size
                            + " while it was read (changed by another process?)");
                }
            }
            pos += chunk;
        }
    }

    /** Validates bytes already in memory (the caller keeps them alive while this object is used). */
    public static SafeTensors read(MemorySegment bytes) throws SafeTensorsException {
        return parse(bytes, new TensorArena(), false, "buffer");
    }

    private static SafeTensors parse(MemorySegment all, TensorArena owner, boolean deviceVisible, String where) throws SafeTensorsException {
        long size = all.byteSize();
        if (size < 8) {
            throw new SafeTensorsException(where + ": file of " + size + " bytes is shorter than the 8-byte header length (HeaderTooSmall)");
        }
        long n = all.get(U64_LE, 0);
        if (n < 0 || n > MAX_HEADER_SIZE) {
            throw new SafeTensorsException(where + ": header length " + Long.toUnsignedString(n) + " exceeds "
                    + MAX_HEADER_SIZE + " bytes (HeaderTooLarge; a Git LFS pointer instead of the weights looks like this)");
        }
        if (8 + n > size) {
            throw new SafeTensorsException(where + ": header length " + n + " runs past the end of the " + size
                    + "-byte file (InvalidHeaderLength)");
        }
        String text;
        try {
            byte[] header = all.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(where + ": header is not valid UTF-8 (InvalidHeader)");
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new SafeTensorsException(where + ": header is not valid JSON: " + e.getMessage() + " (InvalidHeaderDeserialization)");
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new SafeTensorsException(where + ": header is not a JSON object (InvalidHeaderDeserialization)");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        List<Info> list = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new SafeTensorsException(where + ": __metadata__ is not an object of strings (InvalidHeaderDeserialization)");
                }
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String sv)) {
                        throw new SafeTensorsException(where + ": __metadata__ value of \"" + me.getKey()
                                + "\" is not a string (InvalidHeaderDeserialization)");
                    }
                    meta.put((String) me.getKey(), sv);
                }
                continue;
            }
            list.add(info(where, name, e.getValue()));
        }
        // Sorted by offsets, the tensors must tile [0, data length) exactly.
        list.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
        long start = 0;
        for (Info t : list) {
            if (t.begin() != start || t.end() < t.begin()) {
                throw new SafeTensorsException(where + ": tensor \"" + t.name() + "\" has data_offsets [" + t.begin() + ", "
                        + t.end() + "] but the previous tensor ends at " + start
                        + " (InvalidOffset: offsets must start at 0, be contiguous and not overlap)");
            }
            long numel = 1;
            long bits;
            try {
                for (long d : t.shape()) {
                    numel = Math.multiplyExact(numel, d);
                }
                bits = Math.multiplyExact(numel, (long) t.dtype().bits);
            } catch (ArithmeticException ex) {
                throw new SafeTensorsException(where + ": tensor \"" + t.name() + "\" shape " + Arrays.toString(t.shape())
                        + " overflows (ValidationOverflow)");
            }
            if (bits % 8 != 0) {
                throw new SafeTensorsException(where + ": tensor \"" + t.name() + "\" is not a whole number of bytes (MisalignedSlice)");
            }
            if (t.end() - t.begin() != bits / 8) {
                throw new SafeTensorsException(where + ": tensor \"" + t.name() + "\" of " + t.dtype() + " " + Arrays.toString(t.shape())
                        + " needs " + bits / 8 + " bytes but data_offsets span " + (t.end() - t.begin()) + " (TensorInvalidInfo)");
            }
            start = t.end();
        }
        if (start + 8 + n != size) {
            throw new SafeTensorsException(where + ": tensors cover " + start + " data bytes but the file holds "
                    + (size - 8 - n) + " (MetadataIncompleteBuffer: the buffer must be indexed entirely)");
        }
        Map<String, Info> infos = new LinkedHashMap<>();
        for (Info t : list) {
            infos.put(t.name(), t);
        }
        return new SafeTensors(owner, deviceVisible, all.asSlice(8 + n), Collections.unmodifiableMap(infos), Collections.unmodifiableMap(meta));
    }

    private static Info info(String where, String name, Object v) throws SafeTensorsException {
        String bad = where + ": tensor \"" + name + "\" ";
        if (!(v instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(bad + "is not an object (InvalidHeaderDeserialization)");
        }
        for (Object k : m.keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw new SafeTensorsException(bad + "has unknown field \"" + k + "\" (InvalidHeaderDeserialization)");
            }
        }
        if (!(m.get("dtype") instanceof String ds)) {
            throw new SafeTensorsException(bad + "has no string dtype (InvalidHeaderDeserialization)");
        }
        Dtype dtype;
        try {
            dtype = Dtype.valueOf(ds);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(bad + "has unknown dtype \"" + ds + "\" (InvalidHeaderDeserialization)");
        }
        long[] shape = longs(bad, "shape", m.get("shape"), -1);
        long[] off = longs(bad, "data_offsets", m.get("data_offsets"), 2);
        return new Info(name, dtype, shape, off[0], off[1]);
    }

    private static long[] longs(String bad, String field, Object v, int count) throws SafeTensorsException {
        if (!(v instanceof List<?> l) || (count >= 0 && l.size() != count)) {
            throw new SafeTensorsException(bad + "has no " + field + (count >= 0 ? " pair" : " list") + " (InvalidHeaderDeserialization)");
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                if (!(l.get(i) instanceof BigDecimal d) || d.signum() < 0) {
                    throw new ArithmeticException();
                }
                out[i] = d.longValueExact();
            } catch (ArithmeticException e) {
                throw new SafeTensorsException(bad + field + "[" + i + "] = " + l.get(i)
                        + " is not a non-negative integer that fits in 64 bits (InvalidHeaderDeserialization)");
            }
        }
        return out;
    }

    /** Tensor names in data order. */
    @Override
    public List<String> names() {
        return List.copyOf(infos.keySet());
    }

    /** The header entry of a tensor; throws naming it when absent. */
    public Info info(String name) {
        Info i = infos.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no tensor \"" + name + "\" in this safetensors file");
        }
        return i;
    }

    @Override
    public int[] shape(String name) throws SafeTensorsException {
        try {
            return info(name).intShape();
        } catch (ArithmeticException e) {
            throw new SafeTensorsException("tensor \"" + name + "\" shape " + Arrays.toString(info(name).shape()) + " is too large to load");
        }
    }

    /** The string map of {@code __metadata__} (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensor as F32: a view of the file's bytes for F32 data, a converted copy (made once) for F16
     * and BF16. Other dtypes are rejected by name. Read-only either way; valid until {@link #close()}.
     */
    @Override
    public synchronized Tensor tensor(String name) throws SafeTensorsException {
        Tensor t = cache.get(name);
        if (t != null) {
            return t;
        }
        Info info = info(name);
        if (!info.dtype().readable()) {
            throw new SafeTensorsException("tensor \"" + name + "\" has dtype " + info.dtype()
                    + "; only F32, F16 and BF16 can be loaded");
        }
        int[] shape;
        try {
            shape = info.intShape();
        } catch (ArithmeticException e) {
            throw new SafeTensorsException("tensor \"" + name + "\" shape " + Arrays.toString(info.shape()) + " is too large to load");
        }
        MemorySegment raw = data.asSlice(info.begin(), info.end() - info.begin());
        if (info.dtype() == Dtype.F32 && (deviceVisible || !NativeMemory.allocator().deviceVisible())) {
            t = new Tensor(raw, shape);
        } else if (info.dtype() == Dtype.F32) {
            // Read before a device allocator was installed: copy into memory the device reads (once).
            t = owned.empty(shape);
            MemorySegment.copy(raw, 0, t.data(), 0, raw.byteSize());
        } else {
            t = owned.zeros(shape);
            long count = t.size();
            for (long i = 0; i < count; i++) {
                short h = raw.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2 * i);
                t.set(i, info.dtype() == Dtype.F16 ? Float.float16ToFloat(h) : Float.intBitsToFloat((h & 0xffff) << 16));
            }
        }
        // Read-only: callers copy what they change, and backends may keep derived forms (Backend).
        t = t.readOnly();
        cache.put(name, t);
        return t;
    }

    @Override
    public synchronized void close() {
        // Idempotent, as AutoCloseable advises: a second close does nothing.
        if (closed) {
            return;
        }
        closed = true;
        cache.clear();
        owned.close();
    }

    // ---- writing ---------------------------------------------------------------------------

    /**
     * Writes F32 tensors (in name order, as the reference writer orders one dtype) and string
     * metadata; the header is space-padded to a multiple of 8 bytes so the data is aligned. The
     * file is written beside its destination and moved into place, so a reader never sees half
     * of it.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        List<String> names = new ArrayList<>(tensors.keySet());
        Collections.sort(names);
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put(METADATA, new LinkedHashMap<>(metadata));
        }
        long offset = 0;
        for (String name : names) {
            if (name.equals(METADATA)) {
                throw new IllegalArgumentException("a tensor may not be named " + METADATA);
            }
            Tensor t = tensors.get(name);
            long bytes = t.size() * Float.BYTES;
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add((long) d);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, offset + bytes));
            header.put(name, entry);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        // Tensors are written as they lie in memory: little-endian, as the format requires.
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("big-endian platforms are not supported");
        }
        if (padded > MAX_HEADER_SIZE) {
            throw new IllegalArgumentException("safetensors header of " + padded + " bytes exceeds " + MAX_HEADER_SIZE);
        }
        AtomicFile.write(file, tmp -> {
            try (Arena arena = Arena.ofConfined();
                 FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                MemorySegment head = arena.allocate(8 + padded);
                head.set(U64_LE, 0, padded);
                MemorySegment.copy(json, 0, head, ValueLayout.JAVA_BYTE, 8, json.length);
                head.asSlice(8 + json.length).fill((byte) ' ');
                writeFully(ch, head);
                for (String name : names) {
                    writeFully(ch, tensors.get(name).data());
                }
                ch.force(true);
            }
        });
    }

    private static void writeFully(FileChannel ch, MemorySegment seg) throws IOException {
        java.nio.ByteBuffer buf = seg.asByteBuffer();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
