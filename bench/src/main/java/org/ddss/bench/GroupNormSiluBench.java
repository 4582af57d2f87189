package org.ddss.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ddss.backend.Backend;
import org.ddss.backend.GroupNorm;
import org.ddss.backend.Backends;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Group norm (32 groups) followed by SiLU ({@code Backend.groupNormSilu}, the fused op) on
 * [32, 32, 32, 64] NHWC: the normalisation block in front of every UNet convolution.
 * Memory-bound, so {@link BenchMain} reports it as GB/s over {@link #BYTES}, the least traffic
 * the pair needs.
 *
 * <p>Warm-up and measurement as in {@link ConvBench}: one call is a few milliseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GroupNormSiluBench {
    static final int N = 32, H = 32, W = 32, C = 64, GROUPS = 32;
    /** Read x once and write y once. */
    public static final double BYTES = 2.0 * N * H * W * C * Float.BYTES;

    @Param({"java", "dnnl"})
    public String backend;

    private Backend be;
    private TensorArena arena;
    private Tensor x, gamma, beta, y, mean, var;

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.create(backend);
        arena = new TensorArena();
        Random rnd = new Random(42);
        x = ConvBench.random(arena, rnd, N, H, W, C);
        gamma = ConvBench.random(arena, rnd, C);
        beta = ConvBench.random(arena, rnd, C);
        y = arena.zeros(N, H, W, C);
        mean = arena.zeros(N, GROUPS);
        var = arena.zeros(N, GROUPS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        be.close();
        arena.close();
    }

    @Benchmark
    public void groupNormSilu() {
        be.groupNormSilu(x, null, gamma, beta, new GroupNorm(GROUPS, 1e-5f), null, y, mean, var);
    }
}
