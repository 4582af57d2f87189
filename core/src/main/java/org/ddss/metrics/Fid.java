package org.ddss.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017, FID):
 * {@code |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))}, with unbiased covariances as
 * pytorch-fid computes them. The trace of the matrix square root is taken as the sum of the
 * square roots of the eigenvalues of the symmetric {@code S1^(1/2) S2 S1^(1/2)}, which has the
 * same eigenvalues as {@code S1 S2}; both eigendecompositions come from EJML.
 */
public final class Fid {
    private Fid() {}

    /** FID between feature rows {@code a [n][d]} and {@code b [m][d]}. */
    public static double distance(double[][] a, double[][] b) {
        return distance(mean(a), covariance(a), mean(b), covariance(b));
    }

    /** FID between N(mu1, s1) and N(mu2, s2). */
    public static double distance(double[] mu1, DMatrixRMaj s1, double[] mu2, DMatrixRMaj s2) {
        int d = mu1.length;
        double diff = 0;
        for (int i = 0; i < d; i++) {
            diff += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        }
        DMatrixRMaj root = sqrtPsd(s1);
        DMatrixRMaj t = new DMatrixRMaj(d, d), m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root, s2, t);
        CommonOps_DDRM.mult(t, root, m);
        symmetrize(m);
        double traceRoot = 0;
        for (double ev : eigenvalues(m)) {
            traceRoot += Math.sqrt(Math.max(ev, 0));
        }
        return diff + CommonOps_DDRM.trace(s1) + CommonOps_DDRM.trace(s2) - 2 * traceRoot;
    }

    static double[] mean(double[][] x) {
        double[] mu = new double[x[0].length];
        for (double[] row : x) {
            for (int j = 0; j < mu.length; j++) {
                mu[j] += row[j];
            }
        }
        for (int j = 0; j < mu.length; j++) {
            mu[j] /= x.length;
        }
        return mu;
    }

    /** Unbiased covariance (divides by n - 1, as numpy's {@code np.cov}). */
    static DMatrixRMaj covariance(double[][] x) {
        if (x.length < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + x.length);
        }
        double[] mu = mean(x);
        int d = mu.length;
        DMatrixRMaj c = new DMatrixRMaj(d, d);
        double[] dev = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                dev[j] = row[j] - mu[j];
            }
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    c.add(i, j, dev[i] * dev[j]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = c.get(i, j) / (x.length - 1);
                c.set(i, j, v);
                c.set(j, i, v);
            }
        }
        return c;
    }

    /** The PSD square root V diag(sqrt(max(l, 0))) V^T of a symmetric matrix. */
    static DMatrixRMaj sqrtPsd(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(s.copy())) {
            throw new ArithmeticException("eigendecomposition of a " + d + "x" + d + " covariance failed");
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double l = Math.sqrt(Math.max(eig.getEigenvalue(k).real, 0));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out.add(i, j, l * v.get(i) * v.get(j));
                }
            }
        }
        return out;
    }

    static double[] eigenvalues(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(s.numRows, false, true);
        if (!eig.decompose(s.copy())) {
            throw new ArithmeticException("eigendecomposition of a " + s.numRows + "x" + s.numRows + " matrix failed");
        }
        double[] ev = new double[s.numRows];
        for (int k = 0; k < ev.length; k++) {
            ev[k] = eig.getEigenvalue(k).real;
        }
        return ev;
    }

    private static void symmetrize(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                double v = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, v);
                m.set(j, i, v);
            }
        }
    }
}
