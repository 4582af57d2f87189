// The cuda backend's own kernels, compiled at run time by NVRTC (CudaKernels): the elementwise,
// broadcast, resampling, layout and group-norm operations that cuDNN and cuBLAS do not offer
// directly on channels-last data. float32, row-major, NHWC activations; every kernel uses a
// grid-stride loop, so any grid size is correct.

#define MAX_RANK 8

// NumPy broadcasting of up to two operands to an output shape: element strides per dimension
// (0 where an operand repeats along it).
struct Bcast {
    int rank;
    long long out[MAX_RANK];
    long long sa[MAX_RANK];
    long long sb[MAX_RANK];
};

#define LOOP(i, n) for (long long i = blockIdx.x * (long long) blockDim.x + threadIdx.x; i < (n); \
                        i += (long long) blockDim.x * gridDim.x)

// The coordinates of flat index i of a channels-last tensor [., h, w, c].
struct Nhwc {
    int b, y, x, ch;
};

__device__ Nhwc nhwc(long long i, int h, int w, int c) {
    Nhwc r;
    r.ch = i % c;
    long long p = i / c;
    r.x = p % w;
    p /= w;
    r.y = p % h;
    r.b = p / h;
    return r;
}

extern "C" __global__ void silu(const float* x, float* y, long long n) {
    LOOP(i, n) {
        float v = x[i];
        y[i] = v / (1.0f + expf(-v));
    }
}

extern "C" __global__ void silu_backward(const float* dy, const float* x, float* dx, long long n) {
    LOOP(i, n) {
        float v = x[i];
        float s = 1.0f / (1.0f + expf(-v));
        dx[i] = dy[i] * s * (1.0f + v * (1.0f - s));
    }
}

extern "C" __global__ void scale(const float* x, float s, float* y, long long n) {
    LOOP(i, n) { y[i] = s * x[i]; }
}

// c = a + b or a * b (mul != 0) with broadcasting.
extern "C" __global__ void binary(const float* a, const float* b, float* c, Bcast g, long long n, int mul) {
    LOOP(i, n) {
        long long rem = i, oa = 0, ob = 0;
        for (int d = g.rank - 1; d >= 0; d--) {
            long long k = rem % g.out[d];
            rem /= g.out[d];
            oa += k * g.sa[d];
            ob += k * g.sb[d];
        }
        c[i] = mul ? a[oa] * b[ob] : a[oa] + b[ob];
    }
}

// y = x repeated along y's broadcast dimensions (strides of x in g.sa).
extern "C" __global__ void broadcast_to(const float* x, float* y, Bcast g, long long n) {
    LOOP(i, n) {
        long long rem = i, ox = 0;
        for (int d = g.rank - 1; d >= 0; d--) {
            long long k = rem % g.out[d];
            rem /= g.out[d];
            ox += k * g.sa[d];
        }
        y[i] = x[ox];
    }
}

// x [n,h,w,c] -> y [n,2h,2w,c]
extern "C" __global__ void upsample2x(const float* x, float* y, int n, int h, int w, int c) {
    long long total = (long long) n * 4 * h * w * c;
    LOOP(i, total) {
        Nhwc o = nhwc(i, 2 * h, 2 * w, c);
        y[i] = x[(((long long) o.b * h + o.y / 2) * w + o.x / 2) * c + o.ch];
    }
}

// dy [n,2h,2w,c] -> dx [n,h,w,c]: each dx sums its 2x2 block.
extern "C" __global__ void upsample2x_backward(const float* dy, float* dx, int n, int h, int w, int c) {
    long long total = (long long) n * h * w * c;
    LOOP(i, total) {
        Nhwc d = nhwc(i, h, w, c);
        long long row = 2LL * w * c;
        long long o = (((long long) d.b * 2 * h + 2 * d.y) * 2 * w + 2 * d.x) * c + d.ch;
        dx[i] = dy[o] + dy[o + c] + dy[o + row] + dy[o + row + c];
    }
}

// o [n,h+1,w+1,4c] -> y [n,2h,2w,c]: y[n,2i+a,2j+b,ch] = o[n,i+a,j+b,(2a+b)c+ch] + bias[ch] (bias may be null).
extern "C" __global__ void interleave_phases(const float* o, const float* bias, float* y, int n, int h, int w, int c) {
    long long total = (long long) n * 4 * h * w * c;
    LOOP(i, total) {
        Nhwc u = nhwc(i, 2 * h, 2 * w, c);
        int a = u.y % 2, q = u.x % 2;
        long long at = (((long long) u.b * (h + 1) + u.y / 2 + a) * (w + 1) + u.x / 2 + q) * 4 * c + (2 * a + q) * c + u.ch;
        y[i] = o[at] + (bias ? bias[u.ch] : 0.0f);
    }
}

// dy [n,2h,2w,c] -> do [n,h+1,w+1,4c]: phase (a,q) of o[r,s] is output pixel (2r-a, 2s-q), zero where none.
extern "C" __global__ void interleave_phases_backward(const float* dy, float* dout, int n, int h, int w, int c) {
    long long total = (long long) n * (h + 1) * (w + 1) * 4 * c;
    LOOP(i, total) {
        // [n, h+1, w+1, 4, c] read as [n, h+1, 4 (w+1), c]: x = 4 s + phase.
        Nhwc u = nhwc(i, h + 1, 4 * (w + 1), c);
        int phase = u.x % 4;
        int yy = 2 * u.y - phase / 2, yx = 2 * (u.x / 4) - phase % 2;
        dout[i] = yy < 0 || yy >= 2 * h || yx < 0 || yx >= 2 * w ? 0.0f
                : dy[(((long long) u.b * 2 * h + yy) * 2 * w + yx) * c + u.ch];
    }
}

// x [n,h,w,c] -> y [n,h/2,w/2,c]
extern "C" __global__ void avgpool2x2(const float* x, float* y, int n, int h, int w, int c) {
    int oh = h / 2, ow = w / 2;
    long long total = (long long) n * oh * ow * c;
    LOOP(i, total) {
        Nhwc u = nhwc(i, oh, ow, c);
        long long row = (long long) w * c;
        long long o = (((long long) u.b * h + 2 * u.y) * w + 2 * u.x) * c + u.ch;
        y[i] = 0.25f * (x[o] + x[o + c] + x[o + row] + x[o + row + c]);
    }
}

// dy [n,h/2,w/2,c] -> dx [n,h,w,c]
extern "C" __global__ void avgpool2x2_backward(const float* dy, float* dx, int n, int h, int w, int c) {
    int oh = h / 2, ow = w / 2;
    long long total = (long long) n * h * w * c;
    LOOP(i, total) {
        Nhwc d = nhwc(i, h, w, c);
        dx[i] = 0.25f * dy[(((long long) d.b * oh + d.y / 2) * ow + d.x / 2) * c + d.ch];
    }
}

// HWIO [kh,kw,ci,co] <-> cuDNN's NHWC filter layout KRSC [co,kh,kw,ci]; toKrsc != 0 goes HWIO -> KRSC.
extern "C" __global__ void filter_layout(const float* src, float* dst, int kh, int kw, int ci, int co, int toKrsc) {
    long long total = (long long) kh * kw * ci * co;
    LOOP(i, total) {
        // i indexes HWIO.
        int k = i % co;
        long long p = i / co;
        int c = p % ci;
        p /= ci;
        int s = p % kw;
        int r = p / kw;
        long long j = (((long long) k * kh + r) * kw + s) * ci + c;
        if (toKrsc) {
            dst[j] = src[i];
        } else {
            dst[i] = src[j];
        }
    }
}

// y [n,hp,wp,c] = x [n,h,w,c] placed at (top, left), zeros elsewhere (explicit padding), or,
// with crop != 0, x = the interior of y (its inverse).
extern "C" __global__ void pad_nhwc(float* x, float* y, int n, int h, int w, int c, int hp, int wp, int top, int left, int crop) {
    long long total = (long long) n * hp * wp * c;
    LOOP(i, total) {
        Nhwc u = nhwc(i, hp, wp, c);
        int iy = u.y - top, ix = u.x - left;
        bool inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
        long long o = (((long long) u.b * h + iy) * w + ix) * c + u.ch;
        if (crop) {
            if (inside) {
                x[o] = y[i];
            }
        } else {
            y[i] = inside ? x[o] : 0.0f;
        }
    }
}

// Block sum of v over blockDim.x threads (a power of two, at most 1024); every thread gets it.
__device__ float block_sum(float v, float* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) {
            shared[threadIdx.x] += shared[threadIdx.x + s];
        }
        __syncthreads();
    }
    float r = shared[0];
    __syncthreads();
    return r;
}

// off [n, c] or null: the value added to every position of channel ch of sample n.
__device__ float offset_of(const float* off, int n, int c, int ch) {
    return off ? off[(long long) n * c + ch] : 0.0f;
}

// One block per (sample, group) of x [n, spatial, c] plus off [n, c] (or null): mean and biased
// variance (two passes), then y = (x + off - mean) / sqrt(var + eps) * gamma + beta. Launch with
// blockDim 256, grid n*groups.
extern "C" __global__ void group_norm(const float* x, const float* off, const float* gamma, const float* beta, float* y,
                                      float* mean, float* var, int spatial, int c, int groups, float eps) {
    __shared__ float shared[1024];
    int n = blockIdx.x / groups, g = blockIdx.x % groups, cpg = c / groups;
    long long count = (long long) spatial * cpg;
    const float* base = x + (long long) n * spatial * c + g * cpg;
    float s = 0.0f;
    for (long long e = threadIdx.x; e < count; e += blockDim.x) {
        s += base[(e / cpg) * c + e % cpg] + offset_of(off, n, c, g * cpg + e % cpg);
    }
    float mu = block_sum(s, shared) / count;
    float q = 0.0f;
    for (long long e = threadIdx.x; e < count; e += blockDim.x) {
        float d = base[(e / cpg) * c + e % cpg] + offset_of(off, n, c, g * cpg + e % cpg) - mu;
        q += d * d;
    }
    float v = block_sum(q, shared) / count;
    if (threadIdx.x == 0) {
        mean[blockIdx.x] = mu;
        var[blockIdx.x] = v;
    }
    float rstd = rsqrtf(v + eps);
    float* out = y + (long long) n * spatial * c + g * cpg;
    for (long long e = threadIdx.x; e < count; e += blockDim.x) {
        int j = e % cpg;
        long long o = (e / cpg) * c + j;
        out[o] = (base[o] + offset_of(off, n, c, g * cpg + j) - mu) * rstd * gamma[g * cpg + j] + beta[g * cpg + j];
    }
}

// Per (sample, channel): sdy = sum_s dy, sdyx = sum_s dy * (x + off). One block per (sample, group);
// thread t sums channel t % cpg over rows t / cpg, t / cpg + rowsPerBlock, ...; then the threads
// of a channel are combined. blockDim must be a multiple of cpg.
extern "C" __global__ void group_norm_sums(const float* dy, const float* x, const float* off, float* sdy, float* sdyx,
                                           int spatial, int c, int groups) {
    __shared__ float a[1024];
    __shared__ float b[1024];
    int n = blockIdx.x / groups, g = blockIdx.x % groups, cpg = c / groups;
    int j = threadIdx.x % cpg, rows = blockDim.x / cpg;
    long long at = (long long) n * spatial * c + g * cpg + j;
    float sa = 0.0f, sb = 0.0f, shift = offset_of(off, n, c, g * cpg + j);
    for (int s = threadIdx.x / cpg; s < spatial; s += rows) {
        float d = dy[at + (long long) s * c];
        sa += d;
        sb += d * (x[at + (long long) s * c] + shift);
    }
    a[threadIdx.x] = sa;
    b[threadIdx.x] = sb;
    __syncthreads();
    if (threadIdx.x < cpg) {
        float ta = 0.0f, tb = 0.0f;
        for (int r = 0; r < rows; r++) {
            ta += a[r * cpg + threadIdx.x];
            tb += b[r * cpg + threadIdx.x];
        }
        sdy[(long long) n * c + g * cpg + threadIdx.x] = ta;
        sdyx[(long long) n * c + g * cpg + threadIdx.x] = tb;
    }
}

// dx = rstd * (gamma dy - m1 - xhat m2) per (sample, group), from the channel sums.
extern "C" __global__ void group_norm_dx(const float* dy, const float* x, const float* off, const float* gamma, const float* mean,
                                         const float* var, const float* sdy, const float* sdyx, float* dx, int spatial,
                                         int c, int groups, float eps) {
    __shared__ float mm[2];
    int n = blockIdx.x / groups, g = blockIdx.x % groups, cpg = c / groups;
    float mu = mean[blockIdx.x], rstd = rsqrtf(var[blockIdx.x] + eps);
    long long count = (long long) spatial * cpg;
    if (threadIdx.x == 0) {
        float m1 = 0.0f, m2 = 0.0f;
        for (int j = 0; j < cpg; j++) {
            int ch = g * cpg + j;
            m1 += gamma[ch] * sdy[(long long) n * c + ch];
            m2 += gamma[ch] * rstd * (sdyx[(long long) n * c + ch] - mu * sdy[(long long) n * c + ch]);
        }
        mm[0] = m1 / count;
        mm[1] = m2 / count;
    }
    __syncthreads();
    float m1 = mm[0], m2 = mm[1];
    long long base = (long long) n * spatial * c + g * cpg;
    for (long long e = threadIdx.x; e < count; e += blockDim.x) {
        int j = e % cpg;
        long long o = base + (e / cpg) * c + j;
        float xhat = (x[o] + offset_of(off, n, c, g * cpg + j) - mu) * rstd;
        dx[o] = rstd * (gamma[g * cpg + j] * dy[o] - m1 - xhat * m2);
    }
}

// dgamma[c] = sum_n rstd (sdyx - mu sdy), dbeta[c] = sum_n sdy; either may be null.
extern "C" __global__ void group_norm_params(const float* mean, const float* var, const float* sdy, const float* sdyx,
                                             float* dgamma, float* dbeta, int n, int c, int groups, float eps) {
    LOOP(ch, c) {
        int g = ch / (c / groups);
        float dg = 0.0f, db = 0.0f;
        for (int b = 0; b < n; b++) {
            float mu = mean[b * groups + g], rstd = rsqrtf(var[b * groups + g] + eps);
            dg += rstd * (sdyx[(long long) b * c + ch] - mu * sdy[(long long) b * c + ch]);
            db += sdy[(long long) b * c + ch];
        }
        if (dgamma) {
            dgamma[ch] = dg;
        }
        if (dbeta) {
            dbeta[ch] = db;
        }
    }
}
