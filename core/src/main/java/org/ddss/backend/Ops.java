package org.ddss.backend;

import org.ddss.tensor.Tensor;
import org.ddss.tensor.TensorArena;

/** VJPs composed from other backend operations, shared by every backend. */
final class Ops {
    private Ops() {}

    /** {@link Backend#groupNormSiluBackward} as two ops: the SiLU's VJP into scratch, then the group norm's. */
    static void groupNormSiluBackward(Backend be, Tensor dy, Tensor x, Tensor y, Tensor offset, Tensor gamma, Tensor mean,
                                      Tensor var, GroupNorm spec, Tensor dx, Tensor doffset, Tensor dgamma, Tensor dbeta) {
        try (TensorArena tmp = new TensorArena()) {
            Tensor gy = tmp.empty(x.shape());
            be.siluBackward(dy, y, gy);
            be.groupNormBackward(gy, x, offset, gamma, mean, var, spec, dx, doffset, dgamma, dbeta);
        }
    }

    static void matmulBackward(Backend be, Tensor dc, Tensor a, boolean transA, Tensor b, boolean transB,
                               Tensor da, Tensor db, Tensor dbias) {
        boolean sharedB = b.rank() == 2 && a.rank() == 3;
        if (da != null) {
            // op(a) = dc . op(b)^T, so a = dc . op(b)^T or its transpose.
            if (!transA) {
                be.matmul(dc, false, b, !transB, null, da);
            } else if (!sharedB) {
                // a^T = dc . op(b)^T  =>  a = op(b) . dc^T, with op(b) = b or b^T.
                be.matmul(b, transB, dc, true, null, da);
            } else {
                for (int i = 0; i < a.dim(0); i++) {
                    be.matmul(b, transB, dc.slice(i, i + 1).reshape(dc.dim(1), dc.dim(2)), true, null,
                            da.slice(i, i + 1).reshape(da.dim(1), da.dim(2)));
                }
            }
        }
        if (db != null) {
            // op(b) = op(a)^T . dc, so b = op(a)^T . dc or its transpose (dc^T . op(a)).
            if (!sharedB) {
                if (!transB) {
                    be.matmul(a, !transA, dc, false, null, db);
                } else {
                    be.matmul(dc, true, a, transA, null, db);
                }
            } else if (!transA) {
                // Fold the batch into the rows: [B*M, K]^T . [B*M, N].
                int rows = a.dim(0) * a.dim(1);
                Tensor a2 = a.reshape(rows, a.dim(2));
                Tensor dc2 = dc.reshape(rows, dc.dim(2));
                if (!transB) {
                    be.matmul(a2, true, dc2, false, null, db);
                } else {
                    be.matmul(dc2, true, a2, false, null, db);
                }
            } else {
                try (TensorArena tmp = new TensorArena()) {
                    Tensor part = tmp.zeros(db.shape());
                    db.fill(0f);
                    for (int i = 0; i < a.dim(0); i++) {
                        Tensor ai = a.slice(i, i + 1).reshape(a.dim(1), a.dim(2));
                        Tensor dci = dc.slice(i, i + 1).reshape(dc.dim(1), dc.dim(2));
                        if (!transB) {
                            be.matmul(ai, false, dci, false, null, part);
                        } else {
                            be.matmul(dci, true, ai, true, null, part);
                        }
                        be.add(db, part, db);
                    }
                }
            }
        }
        if (dbias != null) {
            int n = dc.dim(-1);
            be.sumTo(dc.reshape((int) (dc.size() / n), n), dbias.reshape(1, n));
        }
    }
}
