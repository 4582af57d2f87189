package org.ddss.backend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Forms of read-only weights that a backend derives once and reuses (a convolution's weights
 * reordered into the layout its kernel reads), so that frozen weights (a loaded model's, in a
 * search or when sampling) are not converted again on every call. Weights that change
 * (training) are writable and never come here.
 *
 * <p>Each source is kept as a copy beside its derived forms, and every use compares the source
 * with that copy ({@link MemorySegment#mismatch}, a read of the weights: microseconds for the
 * digits model, against the ~50 us of a reorder): the same address may hold other weights later,
 * because tensor memory is pooled and a closed model's slab goes to the next one, and read-only
 * memory may still be written through another view. A changed source is copied again and its
 * forms remade in place, so a reused address costs no new memory.
 *
 * <p>Entries are grouped by the source's {@link MemorySegment.Scope}, each group allocating from
 * an arena of its own: a group whose scope has closed (a mapped file) is freed at the next miss,
 * the rest when this cache closes. Not thread-safe: the owning backend serialises its calls.
 */
final class DerivedWeights implements AutoCloseable {
    private record Source(long address, long bytes) {}

    private static final class Kept {
        final MemorySegment copy;
        final Map<Object, MemorySegment> forms = new HashMap<>();
        final Set<Object> current = new HashSet<>();

        Kept(MemorySegment copy) {
            this.copy = copy;
        }
    }

    private static final class Group {
        final Arena arena = Arena.ofShared();
        final Map<Source, Kept> kept = new HashMap<>();
    }

    private final Map<MemorySegment.Scope, Group> groups = new HashMap<>();

    /**
     * The form {@code form} of read-only {@code source}: made by {@code make.accept(source, target)}
     * into {@code bytes} bytes the first time and whenever the source's contents have changed,
     * otherwise returned as made.
     *
     * @param form identifies the derivation (for a reorder, its plan); compared by {@code equals}.
     *             One form always has the same size.
     */
    MemorySegment get(MemorySegment source, Object form, long bytes, BiConsumer<MemorySegment, MemorySegment> make) {
        if (!source.isReadOnly()) {
            throw new IllegalArgumentException("only read-only weights are derived once and kept; this segment is writable");
        }
        Group g = groups.get(source.scope());
        if (g == null) {
            dropDead();
            g = new Group();
            groups.put(source.scope(), g);
        }
        Source key = new Source(source.address(), source.byteSize());
        Kept k = g.kept.get(key);
        if (k == null) {
            k = new Kept(g.arena.allocate(source.byteSize(), 64));
            MemorySegment.copy(source, 0, k.copy, 0, source.byteSize());
            g.kept.put(key, k);
        } else if (source.mismatch(k.copy) != -1) {
            MemorySegment.copy(source, 0, k.copy, 0, source.byteSize());
            k.current.clear();
        }
        MemorySegment made = k.forms.get(form);
        if (made != null && k.current.contains(form)) {
            return made;
        }
        if (made == null || made.byteSize() != bytes) {
            made = g.arena.allocate(bytes, 64);
            k.forms.put(form, made);
        }
        k.current.remove(form);
        make.accept(source, made);
        k.current.add(form);
        return made;
    }

    /** Derived forms held (for tests and reports). */
    int size() {
        return groups.values().stream().flatMap(g -> g.kept.values().stream()).mapToInt(k -> k.forms.size()).sum();
    }

    private void dropDead() {
        for (Iterator<Map.Entry<MemorySegment.Scope, Group>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<MemorySegment.Scope, Group> e = it.next();
            if (!e.getKey().isAlive()) {
                e.getValue().arena.close();
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        for (Group g : groups.values()) {
            g.arena.close();
        }
        groups.clear();
    }
}
