package org.ddss.backend;

/**
 * A oneDNN call returned a status other than success. The message names the C function, the
 * status (name and number) and the shapes and parameters of the operation.
 */
public final class DnnlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public DnnlException(String function, int status, String detail) {
        super(function + " failed: " + statusName(status) + " (" + status + ") for " + detail);
        this.status = status;
    }

    /** The {@code dnnl_status_t} value. */
    public int status() {
        return status;
    }

    /** The C name of a {@code dnnl_status_t} value. */
    public static String statusName(int status) {
        return switch (status) {
            case 0 -> "dnnl_success";
            case 1 -> "dnnl_out_of_memory";
            case 2 -> "dnnl_invalid_arguments";
            case 3 -> "dnnl_unimplemented";
            case 4 -> "dnnl_last_impl_reached";
            case 5 -> "dnnl_runtime_error";
            case 6 -> "dnnl_not_required";
            case 7 -> "dnnl_invalid_graph";
            case 8 -> "dnnl_invalid_graph_op";
            case 9 -> "dnnl_invalid_shape";
            case 10 -> "dnnl_invalid_data_type";
            default -> "unknown status";
        };
    }

    /** Throws unless {@code status} is {@code dnnl_success}. */
    static void check(int status, String function, String detail) {
        if (status != 0) {
            throw new DnnlException(function, status, detail);
        }
    }
}
