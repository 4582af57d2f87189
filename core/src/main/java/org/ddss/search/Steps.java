package org.ddss.search;

/**
 * The numbers a K-step chain runs with, steps indexed i = 0..K-1 from noise to data:
 * model-call times {@code tau[i]} (descending), the prediction conversion {@code m[i], s[i]}
 * ({@code p_i = (x_i - s_i e_i) / m_i}), and for each transition i = 0..K-2 the coefficients
 * {@code a[i][j], b[i][j]} (j = 0..i) and {@code c[i]} of
 * {@code x_{i+1} = sum_j a_ij x_j + sum_j b_ij p_j + c_i z_i}. The same shape holds adjoints.
 */
public record Steps(double[] tau, double[] m, double[] s, double[][] a, double[][] b, double[] c) implements java.io.Serializable {

    /** Zeros in the shape of a K-step chain. */
    public static Steps zeros(int k) {
        double[][] a = new double[k - 1][], b = new double[k - 1][];
        for (int i = 0; i < k - 1; i++) {
            a[i] = new double[i + 1];
            b[i] = new double[i + 1];
        }
        return new Steps(new double[k], new double[k], new double[k], a, b, new double[k - 1]);
    }

    /** K, the number of model calls. */
    public int k() {
        return tau.length;
    }
}
