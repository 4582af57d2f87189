package org.ddss.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.backend.Conv2d;
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
 * The UNet's most common convolution: 3x3, 64 to 64 channels, 32x32, batch 32, stride 1,
 * padding 1, NHWC. Scores are calls per second; {@link BenchMain} turns them into GFLOP/s
 * with {@link #FLOPS}.
 *
 * <p>One call is 2.4 GFLOP, tens of milliseconds, so 2 s iterations hold dozens of calls and
 * two warm-up iterations are enough for C2 to compile the kernels; one fork keeps a full run
 * of both backends under a minute. Run-to-run spread is a few percent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ConvBench {
    static final int N = 32, H = 32, W = 32, C = 64, K = 3;
    static final Conv2d SPEC = Conv2d.of(1, 1);
    /** Multiply-adds times two, for one call of either pass. */
    public static final double FLOPS = 2.0 * N * H * W * C * C * K * K;

    @Param({"java", "dnnl"})
    public String backend;

    private Backend be;
    private TensorArena arena;
    private Tensor x, w, bias, y, dx;

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.create(backend);
        arena = new TensorArena();
        Random rnd = new Random(42);
        x = random(arena, rnd, N, H, W, C);
        w = random(arena, rnd, K, K, C, C);
        bias = random(arena, rnd, C);
        y = random(arena, rnd, N, H, W, C);
        dx = arena.zeros(N, H, W, C);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        be.close();
        arena.close();
    }

    @Benchmark
    public void forward() {
        be.conv2d(x, w, bias, SPEC, y);
    }

    /** The VJP w.r.t. the input, with y standing in for dy. */
    @Benchmark
    public void backwardData() {
        be.conv2dBackwardData(y, w, SPEC, dx);
    }

    static Tensor random(TensorArena arena, Random rnd, int... shape) {
        Tensor t = arena.zeros(shape);
        for (long i = 0; i < t.size(); i++) {
            t.set(i, (float) rnd.nextGaussian());
        }
        return t;
    }
}
