package org.ddss.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.ddss.io.TorchPickle.Dtype;
import org.ddss.io.TorchPickle.StorageRef;
import org.ddss.io.TorchPickle.TensorRef;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * The tensors of a PyTorch checkpoint ({@code .pth}, {@code .bin}, {@code .ckpt}): the zip
 * container {@code torch.save} writes since PyTorch 1.6, and the legacy stream of pickles before
 * it. The pickle is read by {@link TorchPickle}, which runs no code; tensors nested in dicts are
 * named by their dotted path ({@code state_dict.conv.weight}). Floating-point tensors (float32,
 * float16, bfloat16, float64) are read as float32 copies, honouring storage offsets, strides and
 * the file's byte order; integer and boolean tensors are listed apart. Every size is checked
 * against the bytes present before anything is allocated, so a damaged or hostile file is an
 * {@link IOException} naming it.
 */
public final class TorchCheckpoint implements AutoCloseable {
    /** A file that is not a checkpoint this reader can read, with what is wrong and where. */
    public static final class FormatException extends IOException {
        public FormatException(String message) {
            super(message);
        }
    }

    /** The magic number that opens a legacy checkpoint (a LONG1). */
    private static final java.math.BigInteger LEGACY_MAGIC = new java.math.BigInteger("1950a86a20f9469cfc6c", 16);
    /** The largest pickle read into memory: state dict pickles are kilobytes to a few megabytes. */
    static final long MAX_PICKLE = 1L << 30;

    private final Map<String, Tensor> tensors;
    private final Map<String, String> skipped;
    private final TensorArena arena;

    private TorchCheckpoint(Map<String, Tensor> tensors, Map<String, String> skipped, TensorArena arena) {
        this.tensors = Collections.unmodifiableMap(tensors);
        this.skipped = Collections.unmodifiableMap(skipped);
        this.arena = arena;
    }

    /** Reads a checkpoint file (zip or legacy). */
    public static TorchCheckpoint open(Path file) throws IOException {
        TensorArena arena = new TensorArena();
        try {
            byte[] magic = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                if (in.readNBytes(magic, 0, 4) < 4) {
                    throw new FormatException(file + ": " + Files.size(file) + " bytes is too short for a PyTorch checkpoint");
                }
            }
            Reader r = magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4 ? new ZipReader(file) : new LegacyReader(file);
            // The storages' raw bytes live only while the float32 copies are made.
            try (r; TensorArena raw = new TensorArena()) {
                return r.read(raw, arena);
            }
        } catch (FormatException e) {
            arena.close();
            throw e;
        } catch (IOException e) {
            arena.close();
            throw new FormatException(file + ": not a readable PyTorch checkpoint: " + e);
        } catch (RuntimeException e) {
            arena.close();
            throw new FormatException(file + ": not a readable PyTorch checkpoint: " + e);
        } catch (Error e) {
            arena.close();
            throw e;
        }
    }

    /** Names of the floating-point tensors, in the file's order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** The tensor as float32, read-only; valid until {@link #close()}. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no floating-point tensor \"" + name + "\" in this checkpoint"
                    + (skipped.containsKey(name) ? " (it holds " + skipped.get(name) + ")" : ""));
        }
        return t;
    }

    /** The tensors left out, integer and boolean ones (e.g. batch norm's step counts), with their types. */
    public Map<String, String> skipped() {
        return skipped;
    }

    @Override
    public void close() {
        arena.close();
    }

    // ---- containers ---------------------------------------------------------------------------

    private abstract static class Reader implements AutoCloseable {
        final Path file;

        Reader(Path file) {
            this.file = file;
        }

        abstract TorchCheckpoint read(TensorArena raw, TensorArena arena) throws IOException;

        @Override
        public void close() throws IOException {}

        /** The float tensors of a loaded pickle, given each storage's bytes. */
        TorchCheckpoint build(TorchPickle.Loaded pickle, Map<String, MemorySegment> bytes, ByteOrder order, TensorArena arena)
                throws FormatException {
            Map<String, TensorRef> refs = new LinkedHashMap<>();
            flatten("", pickle.value(), refs, new IdentityHashMap<>(), 0);
            if (refs.isEmpty()) {
                throw new FormatException(file + ": holds no tensors");
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            Map<String, String> skipped = new LinkedHashMap<>();
            long stored = 0, copied = 0;
            for (StorageRef st : pickle.storages().values()) {
                stored += st.numel();
            }
            for (var e : refs.entrySet()) {
                TensorRef r = e.getValue();
                MemorySegment s = bytes.get(r.storage().key());
                if (s == null) {
                    throw new FormatException(file + ": tensor " + e.getKey() + " names storage " + r.storage().key()
                            + ", which the file lacks");
                }
                long count = check(e.getKey(), r, s);
                // Views of one storage may repeat it, but not without bound: a few KB must not ask for gigabytes.
                copied += count;
                if (copied > 4 * stored + (1 << 20)) {
                    throw new FormatException(file + ": its tensors would copy " + copied + " elements out of " + stored
                            + " stored; refused");
                }
                if (!r.storage().dtype().floating) {
                    skipped.put(e.getKey(), r.storage().dtype().name().toLowerCase(java.util.Locale.ROOT));
                    continue;
                }
                out.put(e.getKey(), copy(r, s, order, arena));
            }
            return new TorchCheckpoint(out, skipped, arena);
        }

        /** Every element the view reaches lies inside its storage, whose bytes are all present; returns its element count. */
        private long check(String name, TensorRef r, MemorySegment s) throws FormatException {
            StorageRef st = r.storage();
            if (s.byteSize() < st.numel() * st.dtype().size || st.numel() > Long.MAX_VALUE / 16) {
                throw new FormatException(file + ": storage " + st.key() + " of " + name + " needs " + st.numel() + " elements of "
                        + st.dtype().size + " bytes, but holds " + s.byteSize() + " bytes");
            }
            long last = r.offset(), count = 1;
            for (int i = 0; i < r.size().length; i++) {
                long n = r.size()[i], stride = r.stride()[i];
                if (n < 0 || stride < 0 || n > Integer.MAX_VALUE) {
                    throw new FormatException(file + ": tensor " + name + " has size " + Arrays.toString(r.size()) + " and stride "
                            + Arrays.toString(r.stride()));
                }
                if (n == 0) {
                    count = 0;
                    break;
                }
                count = Math.multiplyExact(count, n);
                last = Math.addExact(last, Math.multiplyExact(n - 1, stride));
            }
            if (count > Integer.MAX_VALUE || r.offset() < 0 || (count > 0 && last >= st.numel())) {
                throw new FormatException(file + ": tensor " + name + " (offset " + r.offset() + ", size " + Arrays.toString(r.size())
                        + ", stride " + Arrays.toString(r.stride()) + ") reaches past its storage of " + st.numel() + " elements");
            }
            if (count > st.numel()) {
                throw new FormatException(file + ": tensor " + name + " has " + count + " elements over a storage of " + st.numel()
                        + " (an expanded view, which a state dict does not hold)");
            }
            return count;
        }

        private static Tensor copy(TensorRef r, MemorySegment s, ByteOrder order, TensorArena arena) {
            int rank = r.size().length;
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = (int) r.size()[i];
            }
            Tensor t = arena.empty(shape);
            long n = t.size();
            int[] index = new int[rank];
            long at = r.offset();
            Dtype dt = r.storage().dtype();
            for (long i = 0; i < n; i++) {
                t.set(i, read(s, at, dt, order));
                // Advance the multi-index in C order, moving the storage position by the strides.
                for (int d = rank - 1; d >= 0; d--) {
                    index[d]++;
                    at += r.stride()[d];
                    if (index[d] < shape[d]) {
                        break;
                    }
                    at -= (long) index[d] * r.stride()[d];
                    index[d] = 0;
                }
            }
            return t.readOnly();
        }

        private static float read(MemorySegment s, long i, Dtype dt, ByteOrder order) {
            return switch (dt) {
                case FLOAT32 -> s.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), 4 * i);
                case FLOAT64 -> (float) s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order), 8 * i);
                case FLOAT16 -> Float.float16ToFloat(s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), 2 * i));
                case BFLOAT16 -> Float.intBitsToFloat((s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), 2 * i) & 0xffff) << 16);
                default -> throw new IllegalStateException(dt + " is not floating-point");
            };
        }

        /** Tensors anywhere in nested dicts, lists and tuples, named by their path; cycles and depth are bounded. */
        private void flatten(String prefix, Object v, Map<String, TensorRef> out, IdentityHashMap<Object, Boolean> seen, int depth)
                throws FormatException {
            if (depth > 64) {
                throw new FormatException(file + ": nested more than 64 levels deep at " + prefix);
            }
            if (v instanceof TensorRef r) {
                if (out.put(prefix, r) != null) {
                    throw new FormatException(file + ": two tensors are named " + prefix);
                }
                return;
            }
            if (!(v instanceof Map || v instanceof List || v instanceof Pickle.Tuple) || seen.put(v, true) != null) {
                return;
            }
            if (v instanceof Map<?, ?> m) {
                for (var e : m.entrySet()) {
                    flatten(join(prefix, String.valueOf(e.getKey())), e.getValue(), out, seen, depth + 1);
                }
            } else {
                List<?> items = v instanceof Pickle.Tuple t ? t.items() : (List<?>) v;
                for (int i = 0; i < items.size(); i++) {
                    flatten(join(prefix, Integer.toString(i)), items.get(i), out, seen, depth + 1);
                }
            }
        }

        private static String join(String prefix, String key) {
            return prefix.isEmpty() ? key : prefix + "." + key;
        }

        /** Bytes of a stream, refusing more than {@code max}. */
        byte[] readAll(InputStream in, long max, String what) throws IOException {
            byte[] b = in.readNBytes((int) Math.min(max, Integer.MAX_VALUE - 8) + 1);
            if (b.length > max) {
                throw new FormatException(file + ": " + what + " is larger than " + max + " bytes");
            }
            return b;
        }
    }

    /** The zip container: {@code <archive>/data.pkl}, {@code <archive>/data/<key>}, optional {@code byteorder}. */
    private static final class ZipReader extends Reader {
        private final ZipFile zip;

        ZipReader(Path file) throws IOException {
            super(file);
            zip = new ZipFile(file.toFile());
        }

        @Override
        TorchCheckpoint read(TensorArena raw, TensorArena arena) throws IOException {
            var entries = zip.entries();
            if (!entries.hasMoreElements()) {
                throw new FormatException(file + ": an empty zip archive");
            }
            String first = entries.nextElement().getName();
            int slash = first.indexOf('/');
            if (slash < 0) {
                throw new FormatException(file + ": a zip whose first entry (" + first + ") is not in a folder, not a torch.save archive");
            }
            String root = first.substring(0, slash + 1);
            ZipEntry pkl = zip.getEntry(root + "data.pkl");
            if (pkl == null) {
                throw new FormatException(file + ": a zip without " + root + "data.pkl, not a torch.save archive");
            }
            byte[] pickle;
            try (InputStream in = zip.getInputStream(pkl)) {
                pickle = readAll(in, MAX_PICKLE, "data.pkl");
            }
            TorchPickle.Loaded loaded = TorchPickle.load(pickle, 0, file + " (data.pkl)");
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry bo = zip.getEntry(root + "byteorder");
            if (bo != null) {
                try (InputStream in = zip.getInputStream(bo)) {
                    String s = new String(readAll(in, 16, "byteorder"), StandardCharsets.US_ASCII).trim();
                    order = switch (s) {
                        case "little" -> ByteOrder.LITTLE_ENDIAN;
                        case "big" -> ByteOrder.BIG_ENDIAN;
                        default -> throw new FormatException(file + ": byteorder '" + s + "' is neither little nor big");
                    };
                }
            }
            Map<String, MemorySegment> bytes = new LinkedHashMap<>();
            long fileSize = Files.size(file), total = 0;
            for (StorageRef s : loaded.storages().values()) {
                ZipEntry e = zip.getEntry(root + "data/" + s.key());
                if (e == null) {
                    throw new FormatException(file + ": storage " + s.key() + " is missing (no " + root + "data/" + s.key() + ")");
                }
                long need = Math.multiplyExact(s.numel(), s.dtype().size);
                // A stored record cannot be larger than the file; a deflated one is refused past 64 times it.
                total += need;
                if (need > e.getSize() || need > (e.getMethod() == ZipEntry.STORED ? fileSize : 64 * fileSize) || total > 64 * fileSize) {
                    throw new FormatException(file + ": storage " + s.key() + " needs " + need + " bytes (" + total
                            + " in all), its record holds " + e.getSize() + " of a " + fileSize + "-byte file");
                }
                MemorySegment seg = raw.allocate(Math.max(need, 1));
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] buf = new byte[1 << 16];
                    long done = 0;
                    while (done < need) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, need - done));
                        if (n < 0) {
                            throw new FormatException(file + ": storage " + s.key() + " ends after " + done + " of " + need + " bytes");
                        }
                        MemorySegment.copy(buf, 0, seg, ValueLayout.JAVA_BYTE, done, n);
                        done += n;
                    }
                }
                bytes.put(s.key(), seg);
            }
            return build(loaded, bytes, order, arena);
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /**
     * The legacy stream: the magic number, the protocol version (1001), a system-info dict, the
     * object, the list of storage keys, then each storage as an 8-byte element count and its data.
     */
    private static final class LegacyReader extends Reader {
        LegacyReader(Path file) {
            super(file);
        }

        @Override
        TorchCheckpoint read(TensorArena raw, TensorArena arena) throws IOException {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new FormatException(file + ": a legacy (pre-1.6) checkpoint of " + size + " bytes is too large to read; "
                        + "save it again with a current PyTorch");
            }
            byte[] all = Files.readAllBytes(file);
            String where = file + " (legacy format)";
            TorchPickle.Loaded magic = TorchPickle.load(all, 0, where);
            if (!LEGACY_MAGIC.equals(magic.value()) && !(magic.value() instanceof Long l && LEGACY_MAGIC.longValue() == l
                    && LEGACY_MAGIC.bitLength() < 64)) {
                throw new FormatException(file + ": neither a zip archive nor a legacy PyTorch checkpoint (no magic number)");
            }
            TorchPickle.Loaded protocol = TorchPickle.load(all, magic.end(), where);
            if (!Long.valueOf(1001).equals(protocol.value())) {
                throw new FormatException(file + ": legacy protocol " + protocol.value() + ", expected 1001");
            }
            TorchPickle.Loaded sysInfo = TorchPickle.load(all, protocol.end(), where);
            ByteOrder order = sysInfo.value() instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            TorchPickle.Loaded object = TorchPickle.load(all, sysInfo.end(), where);
            TorchPickle.Loaded keys = TorchPickle.load(all, object.end(), where);
            if (!(keys.value() instanceof List<?> list)) {
                throw new FormatException(file + ": the legacy storage key list is missing");
            }
            Map<String, MemorySegment> bytes = new LinkedHashMap<>();
            MemorySegment data = MemorySegment.ofArray(all);
            long at = keys.end();
            for (Object k : list) {
                StorageRef s = object.storages().get(String.valueOf(k));
                if (s == null) {
                    throw new FormatException(file + ": storage key " + k + " is listed but no tensor uses it");
                }
                if (at + 8 > all.length) {
                    throw new FormatException(file + ": storage " + k + " is cut off");
                }
                long count = data.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), at);
                long need = count < 0 || count > all.length ? -1 : count * s.dtype().size;
                if (count != s.numel() || need < 0 || at + 8 + need > all.length) {
                    throw new FormatException(file + ": storage " + k + " holds " + count + " elements, " + s.numel()
                            + " expected, in " + (all.length - at - 8) + " remaining bytes");
                }
                MemorySegment seg = raw.allocate(Math.max(need, 1));
                MemorySegment.copy(data, at + 8, seg, 0, need);
                bytes.put(s.key(), seg);
                at += 8 + need;
            }
            return build(object, bytes, order, arena);
        }
    }
}
