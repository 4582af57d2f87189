package org.ddss.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.ddss.autodiff.Tape;
import org.ddss.autodiff.Var;
import org.ddss.backend.Backend;
import org.ddss.backend.Backends;
import org.ddss.features.InceptionV3;
import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/**
 * pytorch-fid's Inception-v3 on our backends: pool3 features (an inference tape) and the input
 * VJP (a recording tape, backward to the images, frozen weights), images/s, on images already
 * 299x299 ({@code -Dbench.batch}, default 32), each the mean over {@code -Dbench.seconds} (default
 * 20) after one warm-up call: one call is seconds long. The weights are the file given (the peer,
 * {@code bench/pytorch_inception.py --write}, saves its random ones there). Run both with
 * {@code bench/side-by-side.sh inception}. Prints RESULT lines as {@link BenchMain}.
 */
public final class InceptionBench {
    private InceptionBench() {}

    public static void main(String[] args) throws IOException {
        int batch = Integer.getInteger("bench.batch", 32);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "20"));
        String[] backends = args.length > 1 ? args[1].split(",") : new String[] {"dnnl"};
        try (InceptionV3 net = InceptionV3.load(Path.of(args[0])); TensorArena ar = new TensorArena()) {
            Tensor x = ar.empty(batch, InceptionV3.SIZE, InceptionV3.SIZE, 3);
            Random r = new Random(1);
            for (long i = 0; i < x.size(); i++) {
                x.set(i, r.nextFloat() * 2 - 1);
            }
            for (String name : backends) {
                try (Backend be = Backends.create(name)) {
                    double fwd = GpuTimings.rate(() -> {
                        try (Tape t = Tape.inference(be)) {
                            return net.features(t, t.constant(x)).value().get(0);
                        }
                    }, seconds) * batch;
                    GpuTimings.report("inception_forward", fwd, "images/s", be);
                    double vjp = GpuTimings.rate(() -> {
                        try (Tape t = Tape.recording(be)) {
                            Var xv = t.input(x, true);
                            Var f = net.features(t, xv);
                            Tensor ones = t.alloc(f.shape());
                            ones.fill(1f);
                            t.backward(f, ones);
                            return xv.grad().get(0);
                        }
                    }, seconds) * batch;
                    GpuTimings.report("inception_inputVjp", vjp, "images/s", be);
                }
            }
        }
    }
}
