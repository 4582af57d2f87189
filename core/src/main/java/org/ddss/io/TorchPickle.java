package org.ddss.io;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@code torch.save} may name in its pickle, for the restricted {@link Pickle} machine: an
 * ordered dict, the tensor and parameter rebuild functions and the storage types. A tensor
 * becomes a {@link TensorRef} to a {@link StorageRef} whose bytes the container supplies.
 */
final class TorchPickle implements Pickle.Vocabulary {
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

    static final int MAX_RANK = 16;

    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    private TorchPickle() {}

    /** The result of one pickle: the object, the offset just past its STOP and the storages it names. */
    record Loaded(Object value, int end, Map<String, StorageRef> storages) {}

    /** Runs the pickle at {@code from}; errors name {@code where} and the offset. */
    static Loaded load(byte[] data, int from, String where) throws IOException {
        TorchPickle v = new TorchPickle();
        Pickle.Loaded p = Pickle.load(data, from, where, v, TorchCheckpoint.FormatException::new);
        return new Loaded(p.value(), p.end(), v.storages);
    }

    @Override
    public boolean allows(Pickle.Global g) {
        return REBUILD.contains(g.qualified()) || g.module().equals("torch") && Dtype.ofStorage(g.name()) != null;
    }

    @Override
    public String refusal() {
        return "a state dict holds only tensors, storages and dicts";
    }

    @Override
    public void build(Object target, Object state, Pickle at) throws IOException {
        // The state is an ordered dict's or a parameter's attributes (_metadata), which nothing needs.
        if (!(target instanceof Map) && !(target instanceof TensorRef)) {
            throw at.error("BUILD on " + Pickle.describe(target));
        }
    }

    @Override
    public Object reduce(Pickle.Global g, Pickle.Tuple t, Pickle at) throws IOException {
        switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                if (t.size() != 0) {
                    throw at.error("OrderedDict with arguments");
                }
                return new LinkedHashMap<Object, Object>();
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                if (t.size() < 6 || t.size() > 7 || !(t.get(0) instanceof StorageRef s)) {
                    throw at.error("_rebuild_tensor_v2 needs (storage, offset, size, stride, requires_grad, hooks[, metadata])");
                }
                long offset = at.integer(t.get(1), "storage offset");
                long[] size = at.ints(t.get(2), "size", MAX_RANK), stride = at.ints(t.get(3), "stride", MAX_RANK);
                if (size.length != stride.length) {
                    throw at.error("size " + java.util.Arrays.toString(size) + " and stride " + java.util.Arrays.toString(stride)
                            + " differ in rank");
                }
                return new TensorRef(s, offset, size, stride);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (t.size() < 3 || !(t.get(0) instanceof TensorRef r)) {
                    throw at.error(g.name() + " of " + (t.size() == 0 ? "nothing" : Pickle.describe(t.get(0))));
                }
                return r;
            }
            default -> throw at.error("REDUCE of " + g.qualified());
        }
    }

    /** {@code ('storage', <XxxStorage>, key, location, numel[, view_metadata])}. */
    @Override
    public Object persistent(Object pid, Pickle at) throws IOException {
        if (!(pid instanceof Pickle.Tuple t) || t.size() < 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof Pickle.Global g)
                || !(t.get(2) instanceof String key)) {
            throw at.error("persistent id " + Pickle.describe(pid) + " is not a storage");
        }
        Dtype dtype = Dtype.ofStorage(g.name());
        if (dtype == null) {
            throw at.error("storage type " + g.qualified() + " is not supported");
        }
        if (t.size() > 5 && t.get(5) != Pickle.NONE) {
            throw at.error("storage views (view_metadata) are not supported");
        }
        long numel = at.integer(t.get(4), "storage size");
        if (numel < 0) {
            throw at.error("negative storage size " + numel);
        }
        StorageRef known = storages.get(key);
        if (known != null) {
            if (known.dtype() != dtype || known.numel() != numel) {
                throw at.error("storage " + key + " is named twice with different types or sizes");
            }
            return known;
        }
        StorageRef s = new StorageRef(dtype, key, numel);
        storages.put(key, s);
        return s;
    }
}
