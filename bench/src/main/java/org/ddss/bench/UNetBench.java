package org.ddss.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetConfig;
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
 * A whole UNet2DModel call, batch 32, on the benchmark config shared with
 * {@code bench/pytorch_unet.py}: 28x28, 1 channel, block_out_channels (32, 64, 64), two
 * resnets per block, attention at the lowest resolution. {@code forward} is inference;
 * {@code inputVjp} is the forward recorded on a tape plus the backward pass to the input with
 * frozen weights (what DDSS runs per step). Scores are calls/s; {@link BenchMain} reports
 * images/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// One call is 0.5-5 s on 2 cores: a short warm-up covers the JIT, and 3 x 10 s gives several calls per iteration.
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class UNetBench {
    static final int BATCH = 32;
    static final String CONFIG = """
            {"_class_name": "UNet2DModel", "sample_size": 28, "in_channels": 1, "out_channels": 1,
             "block_out_channels": [32, 64, 64], "layers_per_block": 2, "attention_head_dim": null,
             "down_block_types": ["DownBlock2D", "DownBlock2D", "AttnDownBlock2D"],
             "up_block_types": ["AttnUpBlock2D", "UpBlock2D", "UpBlock2D"],
             "norm_num_groups": 32, "norm_eps": 1e-6, "flip_sin_to_cos": false, "freq_shift": 1, "downsample_padding": 0}
            """;

    @Param({"java", "dnnl"})
    public String backend;

    private Backend be;
    private UNet2DModel model;
    private TensorArena arena;
    private Tensor x, t, g;

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.create(backend);
        model = UNet2DModel.random(UNetConfig.parse(CONFIG), 0);
        arena = new TensorArena();
        Random r = new Random(1);
        x = arena.zeros(BATCH, 28, 28, 1);
        g = arena.zeros(BATCH, 28, 28, 1);
        t = arena.zeros(BATCH);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, r.nextFloat() * 2 - 1);
            g.set(i, r.nextFloat());
        }
        for (int i = 0; i < BATCH; i++) {
            t.set(i, 1 + 998f * i / (BATCH - 1));
        }
    }

    @Benchmark
    public float forward() {
        try (Tape tape = Tape.inference(be)) {
            return model.forward(tape, tape.constant(x), tape.constant(t)).value().get(0);
        }
    }

    @Benchmark
    public float inputVjp() {
        try (Tape tape = Tape.recording(be)) {
            Var xv = tape.input(x, true);
            tape.backward(model.forward(tape, xv, tape.constant(t)), g);
            return xv.grad().get(0);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        model.close();
        be.close();
    }
}
