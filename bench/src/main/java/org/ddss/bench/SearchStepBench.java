package org.ddss.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.data.Mnist;
import org.ddss.diffusion.UNetPredictor;
import org.ddss.metrics.Evaluation;
import org.ddss.model.DigitClassifier;
import org.ddss.model.Embedded;
import org.ddss.model.UNet2DModel;
import org.ddss.search.Conversion;
import org.ddss.search.Family;
import org.ddss.search.KidLoss;
import org.ddss.search.Search;
import org.ddss.search.SearchSpace;
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
 * One DDSS search step as {@code ddss search} runs it: GGDM+PRED with learned times, K = 10,
 * batch 32, the embedded digits model and classifier A, the linear-kernel KID: the chain's
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
    private DigitClassifier classifier;
    private KidLoss loss;
    private SearchSpace space;
    private double[] theta;
    private long step;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        setUp(Backends.create(backend));
    }

    /** Sets up on a given backend, which {@link #tearDown} then closes (used by {@link OpProfile}). */
    void setUp(Backend backend) throws IOException {
        be = backend;
        model = Embedded.model();
        classifier = Embedded.searchClassifier();
        try (TensorArena ar = new TensorArena()) {
            loss = new KidLoss(KidLoss.Kernel.LINEAR, Evaluation.features(classifier, Mnist.embeddedTest(ar).images(), be, 250));
        }
        space = new SearchSpace(Family.GGDM_PRED, 10, true, Conversion.MARGINALS, Embedded.schedule());
        theta = space.initial();
    }

    @Benchmark
    public double searchStep() {
        return Search.gradient(space, theta, new UNetPredictor(model, be), new int[] {28, 28, 1}, classifier, loss, be,
                0, BATCH * step++, BATCH, keep, true).loss();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        classifier.close();
        model.close();
        be.close();
    }
}
