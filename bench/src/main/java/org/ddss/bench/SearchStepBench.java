package org.ddss.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.evaluation.Digits;
import org.ddss.evaluation.Protocol;
import org.ddss.model.Embedded;
import org.ddss.model.UNet2DModel;
import org.ddss.model.UNetPredictor;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.Init;
import org.ddss.search.KidLoss;
import org.ddss.search.Objective;
import org.ddss.search.Search;
import org.ddss.search.SearchSpace;
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
 * One DDSS search step as {@code ddss search} runs it: GGDM+PRED with learned times, K = 10,
 * batch 32, the embedded digits model under the digits protocol (classifier A against the train digits),
 * the linear-kernel KID, built as {@code ddss search} builds it: the chain's
 * forward, the loss and its gradient through classifier A, and the reverse sweep recomputing
 * every UNet call but the last ({@code keep = false}) or with the activations kept from the forward
 * ({@code keep = true}). The Adam update of ~110 numbers is left out (microseconds). The peer
 * is {@code bench/pytorch_search.py}. Scores are steps/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A step is 1-5 s on 2 cores: two warm-up steps' worth, then 3 x 15 s.
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 15)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SearchStepBench {
    static final int BATCH = 32;

    @Param({"java", "dnnl"})
    public String backend;
    @Param({"false", "true"})
    public boolean keep;

    private Backend be;
    private UNet2DModel model;
    private Protocol protocol;
    private Search search;
    private double[] theta;
    private int step;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        setUp(Backends.create(backend));
    }

    /** Sets up on a given backend, which {@link #tearDown} then closes (used by {@link OpProfile}). */
    void setUp(Backend backend) throws IOException {
        be = backend;
        model = Embedded.model();
        protocol = Digits.protocol(be);
        SearchSpace space = new SearchSpace(Family.GGDM_PRED, 10, true, Conversion.MARGINALS, Embedded.schedule());
        Objective objective = Objective.of(new UNetPredictor(model, be), model.sampleShape(), protocol, KidLoss.Kernel.LINEAR);
        search = new Search(space, objective, Search.Settings.defaults(Init.DDIM).withBatch(BATCH).withKeptActivations(keep));
        theta = space.initial();
    }

    @Benchmark
    public double searchStep() {
        return search.gradient(theta, step++).loss();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        protocol.close();
        model.close();
        be.close();
    }
}
