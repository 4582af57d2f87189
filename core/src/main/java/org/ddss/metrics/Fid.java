package org.ddss.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017, FID):
 * {@code |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))}, with unbiased covariances as
 * pytorch-fid computes them, in double precision.
 *
 * <p>The trace of the square root is the sum of the square roots of the eigenvalues of
 * {@code S1 S2}. With a Cholesky factor {@code S2 = L L^T}, {@code S1 S2} is similar to the
 * symmetric positive semi-definite {@code L^T S1 L}, so one Cholesky factorisation, two matrix
 * products and one symmetric eigenvalue computation (no eigenvectors) give it, on OpenBLAS's
 * LAPACK where it loads ({@link Blas}), else on EJML;
 * where neither covariance is positive definite (fewer samples than dimensions) the symmetric
 * {@code S1^(1/2) S2 S1^(1/2)} does, at the cost of one full eigendecomposition more.
 */
public final class Fid {
    private Fid() {}

    /** FID between feature rows {@code a [n][d]} and {@code b [m][d]}. */
    public static double distance(double[][] a, double[][] b) {
        return distance(FeatureStats.of(a), FeatureStats.of(b));
    }

    /** FID between two sets of statistics. */
    public static double distance(FeatureStats a, FeatureStats b) {
        return distance(a.mu(), a.sigma(), b.mu(), b.sigma());
    }

    /** FID between N(mu1, s1) and N(mu2, s2). */
    public static double distance(double[] mu1, DMatrixRMaj s1, double[] mu2, DMatrixRMaj s2) {
        int d = mu1.length;
        if (mu2.length != d || s1.numRows != d || s2.numRows != d) {
            throw new IllegalArgumentException("FID of statistics of dimension " + d + " and " + mu2.length);
        }
        double diff = 0;
        for (int i = 0; i < d; i++) {
            diff += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        }
        double traceRoot = 0;
        for (double ev : eigenvaluesOfProduct(s1, s2)) {
            traceRoot += Math.sqrt(Math.max(ev, 0));
        }
        return diff + CommonOps_DDRM.trace(s1) + CommonOps_DDRM.trace(s2) - 2 * traceRoot;
    }

    /** The eigenvalues of {@code s1 s2} for symmetric positive semi-definite s1, s2. */
    static double[] eigenvaluesOfProduct(DMatrixRMaj s1, DMatrixRMaj s2) {
        if (Blas.available()) {
            double[] ev = Blas.eigenvaluesOfProduct(s1, s2);
            if (ev != null) {
                return ev;
            }
        }
        return eigenvaluesOfProductInJava(s1, s2);
    }

    /** The same in Java (EJML): the fallback where OpenBLAS does not load, and its reference in tests. */
    static double[] eigenvaluesOfProductInJava(DMatrixRMaj s1, DMatrixRMaj s2) {
        DMatrixRMaj l = cholesky(s2);
        DMatrixRMaj other = s1;
        if (l == null) {
            l = cholesky(s1);
            other = s2;
        }
        int d = s1.numRows;
        DMatrixRMaj t = new DMatrixRMaj(d, d), m = new DMatrixRMaj(d, d);
        if (l != null) {
            CommonOps_MT_DDRM.multTransA(l, other, t);
            CommonOps_MT_DDRM.mult(t, l, m);
        } else {
            DMatrixRMaj root = sqrtPsd(s1);
            CommonOps_MT_DDRM.mult(root, s2, t);
            CommonOps_MT_DDRM.mult(t, root, m);
        }
        symmetrize(m);
        return eigenvalues(m);
    }

    /** The lower Cholesky factor, or null where the matrix is not (numerically) positive definite. */
    private static DMatrixRMaj cholesky(DMatrixRMaj s) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(s.numRows, true);
        if (!chol.decompose(s.copy())) {
            return null;
        }
        DMatrixRMaj l = chol.getT(null);
        for (int i = 0; i < l.numRows; i++) {
            if (!(l.get(i, i) > 0) || !Double.isFinite(l.get(i, i))) {
                return null;
            }
        }
        return l;
    }

    /** The PSD square root V diag(sqrt(max(l, 0))) V^T of a symmetric matrix. */
    static DMatrixRMaj sqrtPsd(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(s.copy())) {
            throw new ArithmeticException("eigendecomposition of a " + d + "x" + d + " covariance failed");
        }
        DMatrixRMaj v = new DMatrixRMaj(d, d), scaled = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double l = Math.sqrt(Math.sqrt(Math.max(eig.getEigenvalue(k).real, 0)));
            DMatrixRMaj vec = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                v.set(i, k, vec.get(i) * l);
            }
        }
        // (V L^(1/2)) (V L^(1/2))^T = V L V^T with L the square roots of the eigenvalues.
        CommonOps_MT_DDRM.multTransB(v, v, scaled);
        return scaled;
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
