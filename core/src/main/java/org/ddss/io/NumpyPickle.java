package org.ddss.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a pickle of plain data and NumPy arrays, as CIFAR-10's python batches are (written by
 * Python 2's {@code cPickle}), through the restricted {@link Pickle} machine. The only callables
 * it knows are NumPy's array and dtype reconstructors and {@code _codecs.encode} (Python 3's
 * protocol-2 spelling of bytes); an array becomes a {@link NdArray} of its raw bytes. Nothing is
 * imported or run.
 */
public final class NumpyPickle {
    /** The file is not a pickle of plain data and arrays; the message names the file and what. */
    public static final class FormatException extends IOException {
        public FormatException(String message) {
            super(message);
        }
    }

    /** Larger than any CIFAR batch (31 MB) by far; a whole-file pickle is read into memory. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private static final Set<String> GLOBALS = Set.of("numpy.core.multiarray._reconstruct",
            "numpy._core.multiarray._reconstruct", "numpy.ndarray", "numpy.dtype", "_codecs.encode");

    private NumpyPickle() {}

    /**
     * The object in {@code file}: {@code Map}s (string keys), {@code List}s, {@code Long}s,
     * {@code Double}s, {@code String}s (Python 2 strings as Latin-1), {@code byte[]}s and
     * {@link NdArray}s.
     */
    public static Object read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new FormatException(file + ": " + size + " bytes is too large for a pickle read into memory");
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < 2 || (all[0] & 0xff) != 0x80) {
            throw new FormatException(file + ": not a binary pickle (it does not start with the PROTO opcode)");
        }
        Pickle.Loaded loaded = Pickle.load(all, 0, file.toString(), new Arrays(), FormatException::new);
        check(loaded.value(), file, 0);
        return loaded.value();
    }

    /** Every array was given its contents: a REDUCE without BUILD leaves an empty shell. */
    private static void check(Object v, Path file, int depth) throws FormatException {
        if (depth > 64) {
            throw new FormatException(file + ": nested more than 64 levels deep");
        }
        if (v instanceof NdArray a && a.data() == null) {
            throw new FormatException(file + ": an array is reconstructed but never given its data");
        } else if (v instanceof java.util.Map<?, ?> m) {
            for (Object x : m.values()) {
                check(x, file, depth + 1);
            }
        } else if (v instanceof java.util.List<?> l) {
            for (Object x : l) {
                check(x, file, depth + 1);
            }
        }
    }

    /** A dtype while its pickle is read: the type string, then the byte order BUILD sets. */
    private static final class Dtype {
        final String kind;
        char order = '|';

        Dtype(String kind) {
            this.kind = kind;
        }
    }

    private static final class Arrays implements Pickle.Vocabulary {
        @Override
        public boolean allows(Pickle.Global g) {
            return GLOBALS.contains(g.qualified());
        }

        @Override
        public String refusal() {
            return "a data pickle holds only dicts, lists, numbers, strings and NumPy arrays";
        }

        @Override
        public Object reduce(Pickle.Global g, Pickle.Tuple t, Pickle at) throws IOException {
            switch (g.name()) {
                case "_reconstruct" -> {
                    if (t.size() != 3 || !(t.get(0) instanceof Pickle.Global cls) || !cls.qualified().equals("numpy.ndarray")) {
                        throw at.error("_reconstruct of anything but numpy.ndarray");
                    }
                    return new NdArray();
                }
                case "dtype" -> {
                    if (t.size() < 1 || !(t.get(0) instanceof String kind) || !NdArray.ITEM_SIZES.containsKey(kind)) {
                        throw at.error("dtype " + (t.size() < 1 ? "without a type" : Pickle.describe(t.get(0)))
                                + " is not a numeric NumPy type (b1, i1-i8, u1-u8, f2-f8)");
                    }
                    return new Dtype(kind);
                }
                case "encode" -> {
                    if (t.size() != 2 || !(t.get(0) instanceof String s) || !(t.get(1) instanceof String enc)
                            || !(enc.equals("latin1") || enc.equals("latin-1"))) {
                        throw at.error("_codecs.encode other than of a string to latin1");
                    }
                    for (int i = 0; i < s.length(); i++) {
                        if (s.charAt(i) > 0xff) {
                            throw at.error("_codecs.encode of a character beyond latin1");
                        }
                    }
                    return s.getBytes(StandardCharsets.ISO_8859_1);
                }
                default -> throw at.error("REDUCE of " + g.qualified());
            }
        }

        @Override
        public void build(Object target, Object state, Pickle at) throws IOException {
            if (target instanceof Dtype d) {
                // (version, byte order, subarray, names, fields, element size, alignment, flags[, metadata])
                if (!(state instanceof Pickle.Tuple t) || t.size() < 2 || !(t.get(1) instanceof String o) || o.length() != 1
                        || "|<>=".indexOf(o.charAt(0)) < 0) {
                    throw at.error("dtype state " + Pickle.describe(state) + " has no byte order");
                }
                if (t.size() > 3 && t.get(3) != Pickle.NONE) {
                    throw at.error("structured dtypes (with fields) are not supported");
                }
                d.order = o.charAt(0);
            } else if (target instanceof NdArray a) {
                // (version, shape, dtype, is Fortran order, raw bytes)
                if (!(state instanceof Pickle.Tuple t) || t.size() != 5 || !(t.get(2) instanceof Dtype d)) {
                    throw at.error("array state " + Pickle.describe(state) + " is not (version, shape, dtype, order, data)");
                }
                if (a.data() != null) {
                    throw at.error("an array is given its data twice");
                }
                long[] shape = at.ints(t.get(1), "the array's shape", 32);
                if (Boolean.TRUE.equals(t.get(3)) || Long.valueOf(1).equals(t.get(3))) {
                    throw at.error("a Fortran-ordered array; save it in C order");
                }
                byte[] data = switch (t.get(4)) {
                    case byte[] b -> b;
                    case String s -> s.getBytes(StandardCharsets.ISO_8859_1);
                    default -> throw at.error("array data " + Pickle.describe(t.get(4)) + " is not raw bytes (an object array?)");
                };
                long count = 1;
                for (long n : shape) {
                    if (n < 0) {
                        throw at.error("negative dimension in shape " + java.util.Arrays.toString(shape));
                    }
                    count = n == 0 || count == 0 ? 0 : Math.multiplyHigh(count, n) != 0 ? -1 : count * n;
                    if (count < 0) {
                        throw at.error("shape " + java.util.Arrays.toString(shape) + " is too large");
                    }
                }
                int item = NdArray.ITEM_SIZES.get(d.kind);
                if (count > data.length || count * item != data.length) {
                    throw at.error("an array of shape " + java.util.Arrays.toString(shape) + " and type " + d.kind + " needs "
                            + count + " × " + item + " bytes, its data holds " + data.length);
                }
                a.set(d.order + d.kind, shape, data);
            } else {
                throw at.error("BUILD on " + Pickle.describe(target));
            }
        }
    }
}
