package org.ddss.autodiff;

import java.util.concurrent.atomic.AtomicInteger;
import org.ddss.backend.Backend;
import org.ddss.backend.Conv2d;
import org.ddss.backend.GroupNorm;
import org.ddss.tensor.Tensor;

/** Delegates every op and counts the calls that compute weight gradients. */
final class CountingBackend implements Backend {
    private final Backend d;
    private final AtomicInteger weightGrads;

    CountingBackend(Backend d, AtomicInteger weightGrads) {
        this.d = d;
        this.weightGrads = weightGrads;
    }

    @Override public String name() { return d.name(); }
    @Override public int threads() { return d.threads(); }
    @Override public void conv2d(Tensor x, Tensor w, Tensor b, Conv2d s, Tensor y) { d.conv2d(x, w, b, s, y); }
    @Override public void conv2dBackwardData(Tensor dy, Tensor w, Conv2d s, Tensor dx) { d.conv2dBackwardData(dy, w, s, dx); }

    @Override
    public void conv2dBackwardWeights(Tensor x, Tensor dy, Conv2d s, Tensor dw, Tensor db) {
        weightGrads.incrementAndGet();
        d.conv2dBackwardWeights(x, dy, s, dw, db);
    }

    @Override public void matmul(Tensor a, boolean ta, Tensor b, boolean tb, Tensor bias, Tensor c) { d.matmul(a, ta, b, tb, bias, c); }

    @Override
    public void matmulBackward(Tensor dc, Tensor a, boolean ta, Tensor b, boolean tb, Tensor da, Tensor db, Tensor dbias) {
        if (db != null || dbias != null) {
            weightGrads.incrementAndGet();
        }
        Backend.super.matmulBackward(dc, a, ta, b, tb, da, db, dbias);
    }

    @Override public void groupNorm(Tensor x, Tensor o, Tensor g, Tensor b, GroupNorm spec, Tensor y, Tensor m, Tensor v) { d.groupNorm(x, o, g, b, spec, y, m, v); }

    @Override
    public void groupNormBackward(Tensor dy, Tensor x, Tensor o, Tensor g, Tensor m, Tensor v, GroupNorm spec, Tensor dx, Tensor dof,
                                  Tensor dg, Tensor db) {
        if (dg != null || db != null) {
            weightGrads.incrementAndGet();
        }
        d.groupNormBackward(dy, x, o, g, m, v, spec, dx, dof, dg, db);
    }

    @Override public void silu(Tensor x, Tensor y) { d.silu(x, y); }
    @Override public void siluBackward(Tensor dy, Tensor x, Tensor dx) { d.siluBackward(dy, x, dx); }
    @Override public void softmax(Tensor x, Tensor y) { d.softmax(x, y); }
    @Override public void softmaxBackward(Tensor dy, Tensor y, Tensor dx) { d.softmaxBackward(dy, y, dx); }
    @Override public void add(Tensor a, Tensor b, Tensor c) { d.add(a, b, c); }
    @Override public void mul(Tensor a, Tensor b, Tensor c) { d.mul(a, b, c); }
    @Override public void scale(Tensor x, float s, Tensor y) { d.scale(x, s, y); }
    @Override public void sumTo(Tensor x, Tensor y) { d.sumTo(x, y); }
    @Override public void broadcastTo(Tensor x, Tensor y) { d.broadcastTo(x, y); }
    @Override public void interleavePhases(Tensor o, Tensor b, Tensor y) { d.interleavePhases(o, b, y); }
    @Override public void interleavePhasesBackward(Tensor dy, Tensor dO) { d.interleavePhasesBackward(dy, dO); }
    @Override public void upsampleNearest2x(Tensor x, Tensor y) { d.upsampleNearest2x(x, y); }
    @Override public void upsampleNearest2xBackward(Tensor dy, Tensor dx) { d.upsampleNearest2xBackward(dy, dx); }
    @Override public void avgPool2x2(Tensor x, Tensor y) { d.avgPool2x2(x, y); }
    @Override public void avgPool2x2Backward(Tensor dy, Tensor dx) { d.avgPool2x2Backward(dy, dx); }
    @Override public void concat(Tensor[] xs, Tensor y) { d.concat(xs, y); }
    @Override public void concatBackward(Tensor dy, int[] w, Tensor[] dxs) { d.concatBackward(dy, w, dxs); }
    @Override public void close() { d.close(); }
}
