package org.ddss.search;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ddss.autodiff.Param;
import org.ddss.io.Json;
import org.ddss.io.SafeTensors;
import org.ddss.tensor.Tensor;
import org.ddss.train.Adam;

/**
 * A search's checkpoint, {@code search.safetensors} in its folder: the parameters, Adam's
 * state, the best-validated parameters, the losses and validation KIDs so far, and the search's
 * {@link Identity}, which a resumed search must match field by field.
 */
final class SearchCheckpoint {
    private final Path file;
    private final Identity identity;

    SearchCheckpoint(Path dir, Identity identity) {
        this.file = file(dir);
        this.identity = identity;
    }

    static Path file(Path dir) {
        return dir.resolve("search.safetensors");
    }

    Path path() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /**
     * What makes two searches the same search: every field that changes what the search
     * computes, written one by one (how often it checkpoints, and whether it keeps activations,
     * change nothing and are left out). A field added later gets a default that says what searches
     * before it did, so that their checkpoints still resume; {@link #DEFAULTS} holds those.
     */
    record Identity(Map<String, String> fields) {
        /** Fields absent from older checkpoints, with the value every search before them had. */
        static final Map<String, String> DEFAULTS = Map.of(
                "init", Init.DDIM.id(),
                "start_times", "trailing",
                "kernel", KidLoss.Kernel.LINEAR.id(),
                "features", "classifier A vs train digits");

        Identity {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        static Identity of(Search search) {
            SearchSpace space = search.space();
            Search.Settings s = search.settings();
            Map<String, String> f = new LinkedHashMap<>();
            f.put("family", space.family().id());
            f.put("steps", Integer.toString(space.k()));
            f.put("learned_times", Boolean.toString(space.learnTimes()));
            f.put("conversion", space.conversion().id());
            f.put("schedule", space.schedule().toString());
            f.put("init", s.init().id());
            f.put("start_times", space.startsTrailing() ? "trailing" : java.util.Arrays.toString(space.startTimes()));
            f.put("iterations", Integer.toString(s.iterations()));
            f.put("batch", Integer.toString(s.batch()));
            f.put("lr", Double.toString(s.lr()));
            f.put("warmup", Integer.toString(s.warmup()));
            f.put("clip_norm", Double.toString(s.clipNorm()));
            f.put("seed", Long.toString(s.seed()));
            f.put("clip", Boolean.toString(s.clip()));
            f.put("validate_every", Integer.toString(s.validateEvery()));
            f.put("validation_samples", Integer.toString(s.validationSamples()));
            f.put("kernel", search.objective().loss().kernel().id());
            f.put("features", search.objective().features());
            f.put("model", search.objective().model());
            return new Identity(f);
        }

        /** Fields checkpoints recorded only later and whose old value cannot be known: compared where recorded. */
        static final java.util.Set<String> WHERE_RECORDED = java.util.Set.of("model");

        /**
         * The first field in which {@code theirs} differs from this identity, in words, or null
         * when they match; a field {@code theirs} lacks takes its {@link #DEFAULTS} value.
         */
        String difference(Map<String, String> theirs) {
            for (var e : fields.entrySet()) {
                if (WHERE_RECORDED.contains(e.getKey()) && !theirs.containsKey(e.getKey())) {
                    continue;
                }
                String other = theirs.getOrDefault(e.getKey(), DEFAULTS.get(e.getKey()));
                if (!e.getValue().equals(other)) {
                    return "its " + e.getKey() + " is " + (other == null ? "not recorded" : other) + ", this search's is "
                            + e.getValue();
                }
            }
            return null;
        }

        /**
         * The fields of an identity as checkpoints before the field-by-field record wrote it: one
         * string, {@code <space name> <conversion> <schedule> Settings[name=value, ...]}, whose
         * settings omitted {@code init} for a DDIM start.
         */
        static Map<String, String> parseLegacy(String s) {
            int at = s.indexOf(" Settings[");
            if (at < 0 || !s.endsWith("]")) {
                throw new IllegalArgumentException("unreadable search identity '" + s + "'");
            }
            String head = s.substring(0, at);
            var m = java.util.regex.Pattern.compile("(\\S+?)(\\+time)?\\(K=(\\d+)\\) (\\S+) (.+)").matcher(head);
            if (!m.matches()) {
                throw new IllegalArgumentException("unreadable search identity '" + s + "'");
            }
            Map<String, String> f = new LinkedHashMap<>();
            f.put("family", m.group(1));
            f.put("steps", m.group(3));
            f.put("learned_times", Boolean.toString(m.group(2) != null));
            f.put("conversion", m.group(4));
            f.put("schedule", m.group(5));
            Map<String, String> names = Map.of("clipNorm", "clip_norm", "validateEvery", "validate_every",
                    "validationSamples", "validation_samples");
            for (String kv : s.substring(at + " Settings[".length(), s.length() - 1).split(", ")) {
                int eq = kv.indexOf('=');
                String name = kv.substring(0, eq), value = kv.substring(eq + 1);
                f.put(names.getOrDefault(name, name), name.equals("init") ? value.toLowerCase(java.util.Locale.ROOT) : value);
            }
            return f;
        }
    }

    /** A copy of the parameters with the lowest validation KID so far; a tie keeps the earlier ones. */
    static final class Best {
        private final Tensor theta;
        private double value = Double.POSITIVE_INFINITY;
        private int step;
        private boolean found;

        Best(Tensor theta) {
            this.theta = theta;
        }

        void offer(double v, Tensor th, int k) {
            if (v < value) {
                value = v;
                theta.copyFrom(th);
                step = k;
                found = true;
            }
        }

        Tensor theta() {
            return theta;
        }

        int step() {
            return step;
        }

        boolean found() {
            return found;
        }
    }

    record Restored(int step, int skipped) {}

    void save(Param theta, Adam adam, int step, double[] losses, double[] validation, int skipped, Best best)
            throws IOException {
        List<Object> l = new ArrayList<>(), v = new ArrayList<>();
        for (int i = 0; i < step; i++) {
            l.add(Double.isNaN(losses[i]) ? Json.NULL : (Object) losses[i]);
        }
        for (int i = 0; i <= step; i++) {
            v.add(Double.isNaN(validation[i]) ? Json.NULL : (Object) validation[i]);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", Integer.toString(step));
        meta.put("skipped", Integer.toString(skipped));
        meta.put("identity", Json.write(new LinkedHashMap<String, Object>(identity.fields())));
        meta.put("losses", Json.write(l));
        meta.put("validation", Json.write(v));
        meta.put("best_step", Integer.toString(best.step));
        Map<String, Tensor> all = new LinkedHashMap<>();
        all.put("theta", theta.value());
        if (best.found) {
            all.put("best_theta", best.theta);
        }
        all.putAll(adam.state());
        SafeTensors.write(file, all, meta);
    }

    /** Restores a checkpoint of this search into the given state; refuses another search's, naming the field. */
    @SuppressWarnings("unchecked")
    Restored restore(Param theta, Adam adam, double[] losses, double[] validation, Best best) throws IOException {
        try (SafeTensors st = SafeTensors.open(file)) {
            Map<String, String> meta = st.metadata();
            Map<String, String> theirs;
            if (meta.containsKey("identity")) {
                theirs = new LinkedHashMap<>();
                for (var e : ((Map<String, Object>) Json.parse(meta.get("identity"))).entrySet()) {
                    theirs.put(e.getKey(), String.valueOf(e.getValue()));
                }
            } else {
                theirs = Identity.parseLegacy(String.valueOf(meta.get("search")));
            }
            String difference = identity.difference(theirs);
            if (difference != null) {
                throw new IOException(file + " is the checkpoint of another search (" + difference
                        + "); use a new folder or the same settings");
            }
            int step = Integer.parseInt(meta.get("step"));
            Map<String, Tensor> saved = new LinkedHashMap<>();
            for (String n : st.names()) {
                saved.put(n, st.tensor(n));
            }
            theta.value().copyFrom(saved.get("theta"));
            adam.restore(saved, step);
            readList(meta.get("losses"), losses);
            readList(meta.get("validation"), validation);
            Tensor b = saved.get("best_theta");
            if (b != null) {
                int at = Integer.parseInt(meta.get("best_step"));
                best.offer(validation[at], b, at);
            } else if (Double.isFinite(validation[step])) {
                // A checkpoint from before the search kept its best: the best from here on.
                best.offer(validation[step], theta.value(), step);
            }
            return new Restored(step, Integer.parseInt(meta.get("skipped")));
        } catch (Json.ParseException | RuntimeException e) {
            throw new IOException(file + ": unreadable search checkpoint: " + e.getMessage(), e);
        }
    }

    private static void readList(String json, double[] into) throws Json.ParseException {
        List<?> l = (List<?>) Json.parse(json);
        for (int i = 0; i < l.size() && i < into.length; i++) {
            into[i] = l.get(i) instanceof BigDecimal b ? b.doubleValue() : Double.NaN;
        }
    }
}
