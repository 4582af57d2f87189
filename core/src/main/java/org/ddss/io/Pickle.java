package org.ddss.io;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted unpickler: a small stack machine that knows the opcodes plain data uses (dicts,
 * lists, tuples, numbers, strings and bytes, protocols 0-5 in their binary forms) and resolves
 * globals only through a {@link Vocabulary}, which names the few callables a file kind may hold
 * and builds inert records for them. It never imports or runs anything; any other global or
 * opcode is refused, naming it. Python 2 strings ({@code STRING} opcodes) are read as Latin-1
 * text, as Python 3 does with {@code encoding='latin1'}, so their bytes survive unchanged.
 */
final class Pickle {
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

    /** A global the vocabulary allowed. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** What one kind of file may name and how its callables become records. */
    interface Vocabulary {
        /** Whether {@code GLOBAL} may push this callable. */
        boolean allows(Global g);

        /** Why other globals are refused, for the error message (e.g. "a state dict holds only tensors"). */
        String refusal();

        /** {@code REDUCE}: the record a call of an allowed global stands for. */
        Object reduce(Global callable, Tuple args, Pickle at) throws IOException;

        /** {@code BUILD}: sets {@code state} on {@code target}, a record this vocabulary made, or refuses. */
        void build(Object target, Object state, Pickle at) throws IOException;

        /** {@code BINPERSID}: the object a persistent id names. */
        default Object persistent(Object pid, Pickle at) throws IOException {
            throw at.error("persistent id " + describe(pid) + " is not one this file kind uses");
        }
    }

    /** Makes the exception type of the file kind that is being read. */
    interface Errors {
        IOException error(String message);
    }

    /** Limits that keep a hostile pickle from exhausting memory: plain data files are far below each. */
    static final int MAX_STACK = 1 << 20, MAX_MEMO = 1 << 22;

    private final byte[] data;
    private final String where;
    private final Vocabulary vocabulary;
    private final Errors errors;
    private int pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private Pickle(byte[] data, int from, String where, Vocabulary vocabulary, Errors errors) {
        this.data = data;
        this.pos = from;
        this.where = where;
        this.vocabulary = vocabulary;
        this.errors = errors;
    }

    /** The result of one pickle: the object and the offset just past its STOP. */
    record Loaded(Object value, int end) {}

    /** Runs the pickle at {@code from}; errors name {@code where} and the offset. */
    static Loaded load(byte[] data, int from, String where, Vocabulary vocabulary, Errors errors) throws IOException {
        Pickle p = new Pickle(data, from, where, vocabulary, errors);
        Object v = p.run();
        return new Loaded(v, p.pos);
    }

    /** An error naming the file and the offset reached. */
    IOException error(String message) {
        return errors.error(where + ": " + message + " (pickle offset " + pos + ")");
    }

    private Object run() throws IOException {
        while (true) {
            int at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> {
                    int proto = u8();
                    if (proto > 5) {
                        throw error("pickle protocol " + proto + " is newer than any Python writes (5)");
                    }
                }
                case 0x95 -> bytes(8); // FRAME: a length hint for buffered readers; the data is already in memory
                case '.' -> {
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw error("STOP with " + stack.size() + " values on the stack");
                    }
                    return stack.getFirst();
                }
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    Object name = pop(), module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL of " + describe(module) + " and " + describe(name));
                    }
                    push(global(m, n));
                }
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
                    Object args = pop(), callable = pop();
                    if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
                        throw error("REDUCE of " + describe(callable) + " on " + describe(args));
                    }
                    push(vocabulary.reduce(g, t, this));
                }
                case 'b' -> {
                    Object state = pop();
                    vocabulary.build(peek(), state, this);
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
                case 0x8c -> push(new String(bytes(u8()), StandardCharsets.UTF_8));
                case 0x8d -> push(new String(bytes(u64()), StandardCharsets.UTF_8));
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
                case 'T' -> push(new String(bytes(s32()), StandardCharsets.ISO_8859_1));
                case 'C' -> push(bytes(u8()));
                case 'B' -> push(bytes(u32()));
                case 0x8e -> push(bytes(u64()));
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | u8() << 8));
                case 'J' -> push((long) s32());
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
                case 'Q' -> push(vocabulary.persistent(pop(), this));
                case 'q' -> memoPut(u8());
                case 'r' -> memoPut(u32());
                case 0x94 -> memoPut(memo.size());
                case 'h' -> push(memoGet(u8()));
                case 'j' -> push(memoGet(u32()));
                default -> {
                    pos = at;
                    throw error(String.format("opcode 0x%02x%s is not one plain data uses; refused", op,
                            op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
                }
            }
        }
    }

    private Global global(String module, String name) throws IOException {
        Global g = new Global(module, name);
        if (!vocabulary.allows(g)) {
            throw error("refuses the global " + g.qualified() + ": " + vocabulary.refusal() + ", and this reader runs no code");
        }
        return g;
    }

    /** The integer {@code v} is, or an error naming {@code what}. */
    long integer(Object v, String what) throws IOException {
        if (v instanceof Long l) {
            return l;
        }
        throw error(what + " is " + describe(v) + ", not an integer");
    }

    /** A tuple of at most {@code maxRank} integers. */
    long[] ints(Object v, String what, int maxRank) throws IOException {
        if (!(v instanceof Tuple t) || t.size() > maxRank) {
            throw error(what + " is " + describe(v) + ", not a tuple of at most " + maxRank + " integers");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = integer(t.get(i), what);
        }
        return out;
    }

    private Object long1(int n) throws IOException {
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

    private Tuple tuple(int n) throws IOException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new Tuple(List.of(items));
    }

    /** Dictionary keys are hashable scalars; bytes keys (Python 3's reading of Python 2 strings) become Latin-1 text. */
    private Object key(Object k) throws IOException {
        if (k instanceof byte[] b) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
        if (k instanceof String || k instanceof Long || k instanceof Boolean || k == NONE || k instanceof Double) {
            return k;
        }
        throw error("dictionary key " + describe(k));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o) throws IOException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error("SETITEM on " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws IOException {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw error("APPEND on " + describe(o));
    }

    private void memoPut(long index) throws IOException {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw error("more than " + MAX_MEMO + " memo entries");
        }
        memo.put(index, peek());
    }

    private Object memoGet(long index) throws IOException {
        Object v = memo.get(index);
        if (v == null) {
            throw error("memo entry " + index + " was never stored");
        }
        return v;
    }

    private void push(Object o) throws IOException {
        if (stack.size() >= MAX_STACK) {
            throw error("stack deeper than " + MAX_STACK);
        }
        stack.add(o);
    }

    private Object pop() throws IOException {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) {
            throw error("stack underflow");
        }
        return stack.removeLast();
    }

    private Object peek() throws IOException {
        if (stack.isEmpty()) {
            throw error("stack underflow");
        }
        return stack.getLast();
    }

    private List<Object> popToMark() throws IOException {
        if (marks.isEmpty()) {
            throw error("no MARK");
        }
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private int u8() throws IOException {
        if (pos >= data.length) {
            throw error("the pickle ends without STOP");
        }
        return data[pos++] & 0xff;
    }

    private long u32() throws IOException {
        return (u8() | u8() << 8 | u8() << 16 | (long) u8() << 24);
    }

    private int s32() throws IOException {
        return u8() | u8() << 8 | u8() << 16 | u8() << 24;
    }

    private long u64() throws IOException {
        long lo = u32(), hi = u32();
        return hi > Integer.MAX_VALUE ? -1 : hi << 32 | lo;
    }

    private byte[] bytes(long n) throws IOException {
        if (n < 0 || n > data.length - pos) {
            throw error("a value of " + n + " bytes runs past the end of the pickle");
        }
        byte[] b = Arrays.copyOfRange(data, pos, pos + (int) n);
        pos += (int) n;
        return b;
    }

    private String line() throws IOException {
        int start = pos;
        while (u8() != '\n') {
            if (pos - start > 256) {
                throw error("a global's name longer than 256 bytes");
            }
        }
        return new String(data, start, pos - 1 - start, StandardCharsets.UTF_8);
    }

    /** A short description of a value for error messages. */
    static String describe(Object o) {
        if (o instanceof Global g) {
            return "global " + g.qualified();
        }
        if (o instanceof Tuple t) {
            return "a tuple of " + t.size();
        }
        if (o instanceof byte[] b) {
            return b.length + " bytes";
        }
        return o == null ? "nothing" : o instanceof String s ? "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'"
                : o.getClass().getSimpleName();
    }
}
