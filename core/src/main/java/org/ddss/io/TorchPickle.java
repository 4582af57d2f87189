package org.ddss.io;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A restricted unpickler for what {@code torch.save} writes: a small stack machine that knows
 * only the pickle opcodes a state dict uses (the set PyTorch's own weights-only loader accepts)
 * and resolves globals only against a fixed list (an ordered dict, the tensor and parameter
 * rebuild functions, the storage types). It never imports or runs anything: a tensor becomes a
 * {@link TensorRef} to a {@link StorageRef} whose bytes the container supplies; any other global
 * or opcode is refused, naming it.
 */
final class TorchPickle {
    /** Python's None (collections here cannot hold null). */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** An immutable Python tuple. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** A resolved global from the allow-list. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** Element types of the storages a state dict may hold, by their storage class names. */
    enum Dtype {
        FLOAT32("FloatStorage", 4, true), FLOAT16("HalfStorage", 2, true), BFLOAT16("BFloat16Storage", 2, true),
        FLOAT64("DoubleStorage", 8, true), INT64("LongStorage", 8, false), INT32("IntStorage", 4, false),
        INT16("ShortStorage", 2, false), INT8("CharStorage", 1, false), UINT8("ByteStorage", 1, false),
        BOOL("BoolStorage", 1, false);

        final String storage;
        final int size;
        final boolean floating;

        Dtype(String storage, int size, boolean floating) {
            this.storage = storage;
            this.size = size;
            this.floating = floating;
        }

        static Dtype ofStorage(String name) {
            for (Dtype d : values()) {
                if (d.storage.equals(name)) {
                    return d;
                }
            }
            return null;
        }
    }

    /** A storage named by a persistent id: its element type, key (the container's record) and element count. */
    record StorageRef(Dtype dtype, String key, long numel) {}

    /** {@code _rebuild_tensor_v2}: a strided view of a storage, in elements. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private static final Set<String> REBUILD = Set.of("torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state", "collections.OrderedDict");

    /** Limits that keep a hostile pickle from exhausting memory: a state dict is far below each. */
    static final int MAX_STACK = 1 << 20, MAX_MEMO = 1 << 22, MAX_RANK = 16;

    private final byte[] data;
    private final String where;
    private int pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    private TorchPickle(byte[] data, int from, String where) {
        this.data = data;
        this.pos = from;
        this.where = where;
    }

    /** The result of one pickle: the object and the offset just past its STOP. */
    record Loaded(Object value, int end, Map<String, StorageRef> storages) {}

    /** Runs the pickle at {@code from}; errors name {@code where} and the offset. */
    static Loaded load(byte[] data, int from, String where) throws TorchCheckpoint.FormatException {
        TorchPickle p = new TorchPickle(data, from, where);
        Object v = p.run();
        return new Loaded(v, p.pos, p.storages);
    }

    private TorchCheckpoint.FormatException error(String message) {
        return new TorchCheckpoint.FormatException(where + ": " + message + " (pickle offset " + pos + ")");
    }

    private Object run() throws TorchCheckpoint.FormatException {
        while (true) {
            int at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> {
                    int proto = u8();
                    if (proto > 5) {
                        throw error("pickle protocol " + proto + " is not one torch.save writes");
                    }
                }
                case '.' -> {
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw error("STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.getFirst();
                }
                case 'c' -> push(global(line(), line()));
                case ')' -> push(new Tuple(List.of()));
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case 't' -> push(new Tuple(List.copyOf(popToMark())));
                case '(' -> {
                    if (marks.size() >= MAX_STACK) {
                        throw error("too many marks");
                    }
                    marks.add(stack.size());
                }
                case 'R' -> {
                    Object args = pop();
                    push(reduce(pop(), args));
                }
                case 'b' -> {
                    pop(); // the state: an ordered dict's attributes (_metadata), which nothing needs
                    Object target = peek();
                    if (!(target instanceof Map) && !(target instanceof TensorRef)) {
                        throw error("BUILD on " + describe(target));
                    }
                }
                case '}' -> push(new LinkedHashMap<Object, Object>());
                case ']' -> push(new ArrayList<Object>());
                case 's' -> {
                    Object v = pop(), k = pop();
                    map(peek()).put(key(k), v);
                }
                case 'u' -> {
                    List<Object> items = popToMark();
                    if (items.size() % 2 != 0) {
                        throw error("SETITEMS with an odd number of values");
                    }
                    Map<Object, Object> m = map(peek());
                    for (int i = 0; i < items.size(); i += 2) {
                        m.put(key(items.get(i)), items.get(i + 1));
                    }
                }
                case 'a' -> {
                    Object v = pop();
                    list(peek()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popToMark();
                    list(peek()).addAll(items);
                }
                case 'X' -> push(new String(bytes(u32()), StandardCharsets.UTF_8));
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | u8() << 8));
                case 'J' -> push((long) (u8() | u8() << 8 | u8() << 16 | u8() << 24));
                case 0x8a -> push(long1(u8()));
                case 'G' -> {
                    long bits = 0;
                    for (int i = 0; i < 8; i++) {
                        bits = bits << 8 | u8();
                    }
                    push(Double.longBitsToDouble(bits));
                }
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'N' -> push(NONE);
                case 'Q' -> push(persistent(pop()));
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(u32());
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(u32()));
                default -> {
                    pos = at;
                    throw error(String.format("opcode 0x%02x%s is not one a state dict uses; refused", op,
                            op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
                }
            }
        }
    }

    private Object global(String module, String name) throws TorchCheckpoint.FormatException {
        Global g = new Global(module, name);
        if (REBUILD.contains(g.qualified()) || module.equals("torch") && Dtype.ofStorage(name) != null) {
            return g;
        }
        throw error("refuses the global " + g.qualified() + ": a state dict holds only tensors, storages and dicts,"
                + " and this reader runs no code");
    }

    private Object reduce(Object callable, Object args) throws TorchCheckpoint.FormatException {
        if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
            throw error("REDUCE of " + describe(callable) + " on " + describe(args));
        }
        switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                if (t.size() != 0) {
                    throw error("OrderedDict with arguments");
                }
                return new LinkedHashMap<Object, Object>();
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (t.size() < 6 || t.size() > 7 || !(t.get(0) instanceof StorageRef s)) {
                    throw error("_rebuild_tensor_v2 needs (storage, offset, size, stride, requires_grad, hooks[, metadata])");
                }
                long offset = integer(t.get(1), "storage offset");
                long[] size = ints(t.get(2), "size"), stride = ints(t.get(3), "stride");
                if (size.length != stride.length) {
                    throw error("size " + java.util.Arrays.toString(size) + " and stride " + java.util.Arrays.toString(stride)
                            + " differ in rank");
                }
                return new TensorRef(s, offset, size, stride);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (t.size() < 3 || !(t.get(0) instanceof TensorRef r)) {
                    throw error(g.name() + " of " + (t.size() == 0 ? "nothing" : describe(t.get(0))));
                }
                return r;
            }
            default -> throw error("REDUCE of " + g.qualified());
        }
    }

    /** {@code ('storage', <XxxStorage>, key, location, numel[, view_metadata])}. */
    private Object persistent(Object pid) throws TorchCheckpoint.FormatException {
        if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof Global g)
                || !(t.get(2) instanceof String key)) {
            throw error("persistent id " + describe(pid) + " is not a storage");
        }
        Dtype dtype = Dtype.ofStorage(g.name());
        if (dtype == null) {
            throw error("storage type " + g.qualified() + " is not supported");
        }
        if (t.size() > 5 && t.get(5) != NONE) {
            throw error("storage views (view_metadata) are not supported");
        }
        long numel = integer(t.get(4), "storage size");
        if (numel < 0) {
            throw error("negative storage size " + numel);
        }
        StorageRef known = storages.get(key);
        if (known != null) {
            if (known.dtype() != dtype || known.numel() != numel) {
                throw error("storage " + key + " is named twice with different types or sizes");
            }
            return known;
        }
        StorageRef s = new StorageRef(dtype, key, numel);
        storages.put(key, s);
        return s;
    }

    private long integer(Object v, String what) throws TorchCheckpoint.FormatException {
        if (v instanceof Long l) {
            return l;
        }
        throw error(what + " is " + describe(v) + ", not an integer");
    }

    private long[] ints(Object v, String what) throws TorchCheckpoint.FormatException {
        if (!(v instanceof Tuple t) || t.size() > MAX_RANK) {
            throw error(what + " is " + describe(v) + ", not a tuple of at most " + MAX_RANK + " integers");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(t.get(i), what);
        }
        return out;
    }

    private Object long1(int n) throws TorchCheckpoint.FormatException {
        byte[] b = bytes(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = b[n - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private Tuple tuple(int n) throws TorchCheckpoint.FormatException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new Tuple(List.of(items));
    }

    private Object key(Object k) throws TorchCheckpoint.FormatException {
        if (k instanceof String || k instanceof Long || k instanceof Boolean || k == NONE || k instanceof Double) {
            return k;
        }
        throw error("dictionary key " + describe(k));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o) throws TorchCheckpoint.FormatException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error("SETITEM on " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws TorchCheckpoint.FormatException {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw error("APPEND on " + describe(o));
    }

    private void memoPut(long index) throws TorchCheckpoint.FormatException {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw error("more than " + MAX_MEMO + " memo entries");
        }
        memo.put(index, peek());
    }

    private Object memoGet(long index) throws TorchCheckpoint.FormatException {
        Object v = memo.get(index);
        if (v == null) {
            throw error("memo entry " + index + " was never stored");
        }
        return v;
    }

    private void push(Object o) throws TorchCheckpoint.FormatException {
        if (stack.size() >= MAX_STACK) {
            throw error("stack deeper than " + MAX_STACK);
        }
        stack.add(o);
    }

    private Object pop() throws TorchCheckpoint.FormatException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) {
            throw error("stack underflow");
        }
        return stack.removeLast();
    }

    private Object peek() throws TorchCheckpoint.FormatException {
        if (stack.isEmpty()) {
            throw error("stack underflow");
        }
        return stack.getLast();
    }

    private List<Object> popToMark() throws TorchCheckpoint.FormatException {
        if (marks.isEmpty()) {
            throw error("no MARK");
        }
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private int u8() throws TorchCheckpoint.FormatException {
        if (pos >= data.length) {
            throw error("the pickle ends without STOP");
        }
        return data[pos++] & 0xff;
    }

    private long u32() throws TorchCheckpoint.FormatException {
        return (u8() | u8() << 8 | u8() << 16 | (long) u8() << 24);
    }

    private byte[] bytes(long n) throws TorchCheckpoint.FormatException {
        if (n < 0 || n > data.length - pos) {
            throw error("a value of " + n + " bytes runs past the end of the pickle");
        }
        byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + (int) n);
        pos += (int) n;
        return b;
    }

    private String line() throws TorchCheckpoint.FormatException {
        int start = pos;
        while (u8() != '\n') {
            if (pos - start > 256) {
                throw error("a global's name longer than 256 bytes");
            }
        }
        return new String(data, start, pos - 1 - start, StandardCharsets.UTF_8);
    }

    private static String describe(Object o) {
        if (o instanceof Global g) {
            return "global " + g.qualified();
        }
        if (o instanceof Tuple t) {
            return "a tuple of " + t.size();
        }
        return o == null ? "nothing" : o instanceof String s ? "'" + s + "'" : o.getClass().getSimpleName();
    }
}
