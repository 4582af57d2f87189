package org.ddss.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Reverse-mode autodiff over double scalars, for the small map from a sampler's free parameters
 * to its per-step coefficients (times, mixing weights, noise scales, the marginals they imply).
 * That map has about K^2 nodes, so a list of nodes with their local partials is all it needs;
 * the tensor work happens in {@link Chain}, which hands back the adjoints of the coefficients.
 */
public final class Scalars {
    /** A value in this graph. */
    public static final class S {
        final double v;
        final S a, b;
        final double da, db;
        double adj;

        private S(double v, S a, double da, S b, double db) {
            this.v = v;
            this.a = a;
            this.da = da;
            this.b = b;
            this.db = db;
        }

        public double value() {
            return v;
        }

        /** The adjoint accumulated by {@link #backward}. */
        public double adjoint() {
            return adj;
        }
    }

    private final List<S> nodes = new ArrayList<>();

    private S node(double v, S a, double da, S b, double db) {
        S s = new S(v, a, da, b, db);
        nodes.add(s);
        return s;
    }

    /** A leaf: an input whose adjoint {@link #backward} fills. */
    public S leaf(double v) {
        return node(v, null, 0, null, 0);
    }

    public S constant(double v) {
        return node(v, null, 0, null, 0);
    }

    public S add(S x, S y) {
        return node(x.v + y.v, x, 1, y, 1);
    }

    public S sub(S x, S y) {
        return node(x.v - y.v, x, 1, y, -1);
    }

    public S mul(S x, S y) {
        return node(x.v * y.v, x, y.v, y, x.v);
    }

    public S div(S x, S y) {
        return node(x.v / y.v, x, 1 / y.v, y, -x.v / (y.v * y.v));
    }

    public S scale(S x, double c) {
        return node(x.v * c, x, c, null, 0);
    }

    public S sqrt(S x) {
        double r = Math.sqrt(x.v);
        return node(r, x, 0.5 / r, null, 0);
    }

    public S exp(S x) {
        double e = Math.exp(x.v);
        return node(e, x, e, null, 0);
    }

    /** {@code f(x)} with derivative {@code df(x)}: schedule lookups and the like. */
    public S apply(S x, DoubleUnaryOperator f, DoubleUnaryOperator df) {
        return node(f.applyAsDouble(x.v), x, df.applyAsDouble(x.v), null, 0);
    }

    /** {@code min(max(x, lo), hi)}, passing gradients only inside the interval. */
    public S clamp(S x, double lo, double hi) {
        double c = Math.min(Math.max(x.v, lo), hi);
        return node(c, x, c == x.v ? 1 : 0, null, 0);
    }

    /** Sum of terms (zero when empty). */
    public S sum(List<S> terms) {
        S acc = constant(0);
        for (S t : terms) {
            acc = add(acc, t);
        }
        return acc;
    }

    /**
     * Back-propagates the adjoints already placed on outputs (see {@link #seed}) to every node;
     * nodes are visited in reverse creation order, a topological order.
     */
    public void backward() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            S s = nodes.get(i);
            if (s.adj != 0) {
                if (s.a != null) {
                    s.a.adj += s.da * s.adj;
                }
                if (s.b != null) {
                    s.b.adj += s.db * s.adj;
                }
            }
        }
    }

    /** Adds {@code g} to the adjoint of output {@code s} before {@link #backward}. */
    public void seed(S s, double g) {
        s.adj += g;
    }
}
