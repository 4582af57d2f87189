package org.ddss.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz} archives of {@code .npy} arrays, as FID reference statistics are
 * published (pytorch-fid, EDM and clean-fid all write {@code mu} and {@code sigma}): format
 * versions 1.0 to 3.0, stored or deflated entries, C or Fortran order, little- or big-endian
 * {@code f4}/{@code f8} and {@code u1} (image arrays). Arrays are read into double precision;
 * writing produces what {@code np.savez} writes (stored entries, version 1.0, {@code <f8}).
 */
public final class Npz {
    private Npz() {}

    /** One array: its shape and its values in C order; written as float32 when {@code float32}, else float64. */
    public record Array(long[] shape, double[] values, boolean float32) {
        /** A float64 array. */
        public Array(long[] shape, double[] values) {
            this(shape, values, false);
        }

        /** An array written as float32 (features, where float64 would double the file for nothing). */
        public static Array float32(long[] shape, double[] values) {
            return new Array(shape, values, true);
        }

        /** The first {@code count} rows of {@code rows} (each of one width) as a float32 [count, width] array. */
        public static Array float32Rows(double[][] rows, int count) {
            int d = rows[0].length;
            double[] flat = new double[count * d];
            for (int i = 0; i < count; i++) {
                System.arraycopy(rows[i], 0, flat, i * d, d);
            }
            return float32(new long[] {count, d}, flat);
        }

        public Array {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, not " + values.length);
            }
        }

        /** A 2-d array's rows. */
        public double[][] rows() {
            if (shape.length != 2) {
                throw new IllegalArgumentException("an array of shape " + Arrays.toString(shape) + " has no rows");
            }
            int r = (int) shape[0], c = (int) shape[1];
            double[][] out = new double[r][];
            for (int i = 0; i < r; i++) {
                out[i] = Arrays.copyOfRange(values, i * c, (i + 1) * c);
            }
            return out;
        }
    }

    /** The largest array read: 2^31 - 1 values, far above a 2048 x 2048 covariance. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Every array of an archive, by name (the entry without {@code .npy}). */
    public static Map<String, Array> read(Path file) throws IOException {
        Map<String, Array> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().endsWith(".npy")) {
                    continue;
                }
                String name = e.getName().substring(0, e.getName().length() - 4);
                // A deflated record may claim more than its bytes can hold: bound what is read by both sizes.
                long bound = Math.min(e.getSize() < 0 ? Long.MAX_VALUE : e.getSize(),
                        e.getCompressedSize() < 0 ? Long.MAX_VALUE : 1024 * e.getCompressedSize() + (1 << 20));
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name, readNpy(in, file + " (" + e.getName() + ")", bound));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a .npz archive (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** One named array of an archive; the error lists the names there are. */
    public static Array read(Path file, String name) throws IOException {
        Map<String, Array> all = read(file);
        Array a = all.get(name);
        if (a == null) {
            throw new IOException(file + " has no array '" + name + "' (it has " + String.join(", ", all.keySet()) + ")");
        }
        return a;
    }

    /** Writes arrays as {@code np.savez} does: stored {@code <name>.npy} entries, float64 (or float32), C order. */
    public static void write(Path file, Map<String, Array> arrays) throws IOException {
        AtomicFile.write(file, tmp -> {
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (var e : arrays.entrySet()) {
                    byte[] npy = npy(e.getValue());
                    ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(npy.length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(npy);
                    entry.setCrc(crc.getValue());
                    z.putNextEntry(entry);
                    z.write(npy);
                    z.closeEntry();
                }
            }
        });
    }

    private static byte[] npy(Array a) {
        StringBuilder shape = new StringBuilder("(");
        for (long d : a.shape()) {
            shape.append(d).append(", ");
        }
        if (a.shape().length > 1) {
            shape.setLength(shape.length() - 2);
        } else if (a.shape().length == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String dict = "{'descr': '" + (a.float32() ? "<f4" : "<f8") + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + (a.float32() ? 4 : 8) * a.values().length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : a.values()) {
            if (a.float32()) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        return b.array();
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fu])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads one {@code .npy} stream of at most {@code maxBytes}; errors name {@code where}. */
    static Array readNpy(InputStream in, String where, long maxBytes) throws IOException {
        byte[] head = in.readNBytes(8);
        if (head.length < 8 || !Arrays.equals(Arrays.copyOf(head, 6), MAGIC)) {
            throw new IOException(where + ": not a .npy array (no \\x93NUMPY magic)");
        }
        int major = head[6], minor = head[7];
        long headerLength;
        if (major == 1 && minor == 0) {
            byte[] l = in.readNBytes(2);
            headerLength = l.length < 2 ? -1 : (l[0] & 0xff) | (l[1] & 0xff) << 8;
        } else if ((major == 2 || major == 3) && minor == 0) {
            byte[] l = in.readNBytes(4);
            headerLength = l.length < 4 ? -1 : ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        } else {
            throw new IOException(where + ": .npy format version " + major + "." + minor + " (1.0, 2.0 and 3.0 are read)");
        }
        if (headerLength < 0 || headerLength > 10_000) {
            throw new IOException(where + ": .npy header length " + headerLength + " (at most 10000)");
        }
        byte[] hb = in.readNBytes((int) headerLength);
        if (hb.length < headerLength) {
            throw new IOException(where + ": the .npy header is cut off");
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(where + ": .npy header " + header.trim() + " is not a plain numeric array (f4, f8 or u1)");
        }
        String kind = d.group(2) + d.group(3);
        if (!kind.equals("f4") && !kind.equals("f8") && !kind.equals("u1")) {
            throw new IOException(where + ": dtype " + d.group(1) + kind + " is not read (f4, f8, u1)");
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        List<Long> dims = new ArrayList<>();
        long count = 1;
        for (String part : s.group(1).split(",")) {
            if (part.isBlank()) {
                continue;
            }
            long v;
            try {
                v = Long.parseLong(part.trim());
            } catch (NumberFormatException e) {
                throw new IOException(where + ": shape (" + s.group(1) + ") is not a tuple of integers");
            }
            if (v < 0 || (v > 0 && count > MAX_VALUES / v)) {
                throw new IOException(where + ": shape (" + s.group(1) + ") holds more than " + MAX_VALUES + " values");
            }
            dims.add(v);
            count *= v;
        }
        int size = Integer.parseInt(d.group(3));
        long bytes = count * size;
        if (bytes > maxBytes || bytes > Integer.MAX_VALUE - 8) {
            throw new IOException(where + ": shape (" + s.group(1) + ") of " + kind + " needs " + bytes + " bytes, more than the "
                    + "record can hold (" + maxBytes + ")");
        }
        byte[] data = in.readNBytes((int) bytes);
        if (data.length < bytes) {
            throw new IOException(where + ": data ends after " + data.length + " of " + bytes + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(order);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (kind) {
                case "f4" -> b.getFloat(4 * i);
                case "f8" -> b.getDouble(8 * i);
                default -> b.get(i) & 0xff;
            };
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        if (f.group(1).equals("True") && shape.length > 1) {
            values = fromFortran(values, shape);
        }
        return new Array(shape, values);
    }

    /** Column-major values to row-major ones. */
    private static double[] fromFortran(double[] v, long[] shape) {
        int rank = shape.length;
        double[] out = new double[v.length];
        int[] idx = new int[rank];
        for (int c = 0; c < v.length; c++) {
            // c indexes C order; find its Fortran-order position.
            int rem = c;
            for (int k = rank - 1; k >= 0; k--) {
                idx[k] = (int) (rem % shape[k]);
                rem /= (int) shape[k];
            }
            long fpos = 0;
            for (int k = rank - 1; k >= 0; k--) {
                fpos = fpos * shape[k] + idx[k];
            }
            out[c] = v[(int) fpos];
        }
        return out;
    }
}
