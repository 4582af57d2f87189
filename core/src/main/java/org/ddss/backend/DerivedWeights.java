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
 * digits model, against the ~15-20 us of a reorder): the same address may hold other weights
 * later, because tensor memory is pooled and a closed model's slab goes to the next one, and
 * read-only memory may still be written through another view. A changed source is copied again
 * and its forms remade in place.
 *
 * <p>Memory: each source's copy and forms come from an arena of their own, closed when a new
 * source overlaps its address range in the same memory scope (that memory holds other data
 * now), when a source from a new scope arrives and finds the old scope closed (its arena closed),
 * or when this cache closes. So what is kept is bounded by the memory the sources live in.
 * Not thread-safe: the owning backend serialises its calls.
 */
final class DerivedWeights implements AutoCloseable {
    private static final class Kept {
        final Arena arena = Arena.ofShared();
        final long address, bytes;
        final MemorySegment copy;
        final Map<Object, MemorySegment> forms = new HashMap<>();
        final Set<Object> current = new HashSet<>();

        Kept(MemorySegment source) {
            address = source.address();
            bytes = source.byteSize();
            copy = arena.allocate(bytes, 64);
            MemorySegment.copy(source, 0, copy, 0, bytes);
        }

        boolean overlaps(long from, long size) {
            return from < address + bytes && address < from + size;
        }
    }

    private final Map<MemorySegment.Scope, Map<Long, Kept>> groups = new HashMap<>();

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
        Map<Long, Kept> group = groups.get(source.scope());
        if (group == null) {
            dropDead();
            group = new HashMap<>();
            groups.put(source.scope(), group);
        }
        Kept k = group.get(source.address());
        if (k != null && k.bytes != source.byteSize()) {
            k = null;
        }
        if (k == null) {
            for (Iterator<Kept> it = group.values().iterator(); it.hasNext(); ) {
                Kept old = it.next();
                if (old.overlaps(source.address(), source.byteSize())) {
                    old.arena.close();
                    it.remove();
                }
            }
            k = new Kept(source);
            group.put(k.address, k);
        } else if (source.mismatch(k.copy) != -1) {
            MemorySegment.copy(source, 0, k.copy, 0, source.byteSize());
            k.current.clear();
        }
        MemorySegment made = k.forms.get(form);
        if (made != null && k.current.contains(form)) {
            return made;
        }
        if (made == null || made.byteSize() != bytes) {
            made = k.arena.allocate(bytes, 64);
            k.forms.put(form, made);
        }
        k.current.remove(form);
        make.accept(source, made);
        k.current.add(form);
        return made;
    }

    /** Derived forms held (for tests and reports). */
    int size() {
        return groups.values().stream().flatMap(g -> g.values().stream()).mapToInt(k -> k.forms.size()).sum();
    }

    private void dropDead() {
        for (Iterator<Map.Entry<MemorySegment.Scope, Map<Long, Kept>>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<MemorySegment.Scope, Map<Long, Kept>> e = it.next();
            if (!e.getKey().isAlive()) {
                e.getValue().values().forEach(k -> k.arena.close());
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        groups.values().forEach(g -> g.values().forEach(k -> k.arena.close()));
        groups.clear();
    }
}
