package org.ddss.features;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.ddss.autodiff.Param;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Conv2d;
import org.ddss.backend.GroupNorm;
import org.ddss.io.SafeTensors;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * A small digit classifier for 28x28 one-channel images in [-1, 1], of one of two different
 * architectures, whose penultimate layer is a {@link FeatureNetwork}:
 * <ul>
 *   <li>{@link Arch#CNN_A}: conv 3x3 (32) - SiLU - pool - conv 3x3 (64) - SiLU - pool - linear
 *       (128) - SiLU = features - linear (10);</li>
 *   <li>{@link Arch#CNN_B}: conv 3x3 (24) - group norm - SiLU - conv 3x3/2 (48) - group norm -
 *       SiLU - conv 3x3/2 (64) - SiLU - linear (96) - SiLU = features - linear (10): strided
 *       convolutions and normalisation instead of pooling.</li>
 * </ul>
 * Weights are stored as safetensors in our layouts (conv HWIO, linear [out, in]) with the
 * architecture in the metadata.
 */
public final class DigitClassifier implements Classifier, AutoCloseable {
    /** Both architectures' norm layers: 4 groups, PyTorch's default epsilon. */
    private static final GroupNorm NORM = new GroupNorm(4, 1e-5f);


    public enum Arch {
        CNN_A(128), CNN_B(96);

        final int dim;

        Arch(int dim) {
            this.dim = dim;
        }
    }

    private final Arch arch;
    private final Map<String, Param> params;
    private final TensorArena arena;
    private final SafeTensors source;

    private DigitClassifier(Arch arch, Map<String, Param> params, TensorArena arena, SafeTensors source) {
        this.arch = arch;
        this.params = Collections.unmodifiableMap(params);
        this.arena = arena;
        this.source = source;
    }

    public Arch arch() {
        return arch;
    }

    public Map<String, Param> params() {
        return params;
    }

    @Override
    public int featureDim() {
        return arch.dim;
    }

    /** {@code classifier A} or {@code classifier B}, after the architecture. */
    @Override
    public String name() {
        return "classifier " + arch.name().substring(arch.name().length() - 1);
    }

    @Override
    public boolean accepts(int[] imageShape) {
        return imageShape.length == 3 && imageShape[0] == 28 && imageShape[1] == 28 && imageShape[2] == 1;
    }

    @Override
    public String inputDescription() {
        return "28x28 grey images (1 channel)";
    }

    @Override
    public int classes() {
        return 10;
    }

    /** Parameter names and shapes in our layouts, with their fan-in for initialisation. */
    private static Map<String, int[]> shapes(Arch arch) {
        Map<String, int[]> s = new LinkedHashMap<>();
        if (arch == Arch.CNN_A) {
            s.put("conv1.weight", new int[] {3, 3, 1, 32});
            s.put("conv1.bias", new int[] {32});
            s.put("conv2.weight", new int[] {3, 3, 32, 64});
            s.put("conv2.bias", new int[] {64});
            s.put("fc1.weight", new int[] {128, 7 * 7 * 64});
            s.put("fc1.bias", new int[] {128});
            s.put("fc2.weight", new int[] {10, 128});
            s.put("fc2.bias", new int[] {10});
        } else {
            s.put("conv1.weight", new int[] {3, 3, 1, 24});
            s.put("conv1.bias", new int[] {24});
            s.put("norm1.weight", new int[] {24});
            s.put("norm1.bias", new int[] {24});
            s.put("conv2.weight", new int[] {3, 3, 24, 48});
            s.put("conv2.bias", new int[] {48});
            s.put("norm2.weight", new int[] {48});
            s.put("norm2.bias", new int[] {48});
            s.put("conv3.weight", new int[] {3, 3, 48, 64});
            s.put("conv3.bias", new int[] {64});
            s.put("fc1.weight", new int[] {96, 7 * 7 * 64});
            s.put("fc1.bias", new int[] {96});
            s.put("fc2.weight", new int[] {10, 96});
            s.put("fc2.bias", new int[] {10});
        }
        return s;
    }

    /** PyTorch's default initialisation (uniform in ±1/sqrt(fan_in); norms 1 and 0). */
    public static DigitClassifier random(Arch arch, long seed) {
        TensorArena arena = new TensorArena();
        Random r = new Random(seed);
        Map<String, Param> params = new LinkedHashMap<>();
        int fanIn = 1;
        for (Map.Entry<String, int[]> e : shapes(arch).entrySet()) {
            String name = e.getKey();
            int[] shape = e.getValue();
            Tensor v = arena.zeros(shape);
            if (name.startsWith("norm")) {
                v.fill(name.endsWith(".weight") ? 1f : 0f);
            } else {
                if (name.endsWith(".weight")) {
                    fanIn = shape.length == 4 ? shape[0] * shape[1] * shape[2] : shape[1];
                }
                float bound = (float) (1 / Math.sqrt(fanIn));
                for (long i = 0; i < v.size(); i++) {
                    v.set(i, (r.nextFloat() * 2 - 1) * bound);
                }
            }
            params.put(name, new Param(name, v));
        }
        return new DigitClassifier(arch, params, arena, null);
    }

    /** Loads weights written by {@link #save}. */
    public static DigitClassifier load(Path file) throws IOException {
        SafeTensors st = SafeTensors.open(file);
        try {
            String a = st.metadata().get("arch");
            Arch arch;
            try {
                arch = Arch.valueOf(String.valueOf(a));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": not a digit classifier (metadata arch = " + a + ")");
            }
            Map<String, Param> params = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : shapes(arch).entrySet()) {
                if (!st.names().contains(e.getKey())) {
                    throw new IOException(file + ": missing tensor " + e.getKey() + " of " + arch);
                }
                Tensor t = st.tensor(e.getKey());
                if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
                    throw new IOException(file + ": " + e.getKey() + " has shape " + java.util.Arrays.toString(t.shape())
                            + ", " + arch + " needs " + java.util.Arrays.toString(e.getValue()));
                }
                params.put(e.getKey(), new Param(e.getKey(), t));
            }
            return new DigitClassifier(arch, params, new TensorArena(), st);
        } catch (IOException | RuntimeException e) {
            st.close();
            throw e;
        }
    }

    /** Loads a classifier shipped as a classpath resource (copied to a temporary file to map it). */
    public static DigitClassifier loadResource(String resource) throws IOException {
        try (InputStream in = DigitClassifier.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("classifier resource " + resource + " is missing from the classpath");
            }
            Path tmp = Files.createTempFile("ddss-classifier", ".safetensors");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return load(tmp);
            } finally {
                // The weights were read into memory: the file is not needed any more.
                Files.deleteIfExists(tmp);
            }
        }
    }

    public void save(Path file) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        params.forEach((k, p) -> out.put(k, p.value()));
        SafeTensors.write(file, out, Map.of("arch", arch.name()));
    }

    private Var p(Tape t, String name) {
        return t.param(params.get(name));
    }

    @Override
    public Var features(Tape t, Var x) {
        int n = x.dim(0);
        if (x.value().rank() != 4 || x.dim(1) != 28 || x.dim(2) != 28 || x.dim(3) != 1) {
            throw new IllegalArgumentException("digit classifier input " + x.value() + ", expected [N, 28, 28, 1]");
        }
        if (arch == Arch.CNN_A) {
            Var h = t.avgPool2x2(t.silu(t.conv2d(x, p(t, "conv1.weight"), p(t, "conv1.bias"), Conv2d.of(1, 1))));
            h = t.avgPool2x2(t.silu(t.conv2d(h, p(t, "conv2.weight"), p(t, "conv2.bias"), Conv2d.of(1, 1))));
            return t.silu(t.linear(t.reshape(h, n, 7 * 7 * 64), p(t, "fc1.weight"), p(t, "fc1.bias")));
        }
        Var h = t.conv2d(x, p(t, "conv1.weight"), p(t, "conv1.bias"), Conv2d.of(1, 1));
        h = t.groupNormSilu(h, p(t, "norm1.weight"), p(t, "norm1.bias"), NORM);
        h = t.conv2d(h, p(t, "conv2.weight"), p(t, "conv2.bias"), Conv2d.of(2, 1));
        h = t.groupNormSilu(h, p(t, "norm2.weight"), p(t, "norm2.bias"), NORM);
        h = t.silu(t.conv2d(h, p(t, "conv3.weight"), p(t, "conv3.bias"), Conv2d.of(2, 1)));
        return t.silu(t.linear(t.reshape(h, n, 7 * 7 * 64), p(t, "fc1.weight"), p(t, "fc1.bias")));
    }

    /** Class scores [N, 10] from features. */
    @Override
    public Var logits(Tape t, Var features) {
        return t.linear(features, p(t, "fc2.weight"), p(t, "fc2.bias"));
    }

    @Override
    public void close() {
        arena.close();
        if (source != null) {
            source.close();
        }
    }
}
