#!/usr/bin/python3
"""Writes reference outputs of the field's training-free solvers on an analytic model, for
SolversTest: NumPy transcriptions (float64) of
- DPM-Solver++(2M)/(3M): diffusers' DPMSolverMultistepScheduler.step (algorithm_type dpmsolver++,
  solver_type midpoint, lower_order_final, final_sigmas_type zero), its first/second/third order
  updates and its order rules;
- UniPC: diffusers' UniPCMultistepScheduler.step (predict_x0, bh1/bh2, solver_order 1-3,
  lower_order_final, final_sigmas_type zero): multistep_uni_p_bh_update and
  multistep_uni_c_bh_update; the "-fc" variant calls the model once more at the last corrected
  state and returns that data prediction;
- DDIM: diffusers' DDIMScheduler.step (eta 0, set_alpha_to_one, epsilon), which steps from t to
  t - T//K; on DDIM's lists, for `ddim-diffusers` everywhere and for our `ddim` (which steps to
  the next listed time) where the two rules agree: leading lists, and trailing ones for K that
  divide T;
- iPNDM: zju-pi/diff-sampler's ipndm_sampler (Adams-Bashforth in EDM's sigma with the fixed
  coefficients, warm-up from order 1), with ComfyUI's sample_ipndm final step (x = denoised when the
  next sigma is 0), started from the VP prior (x_vp = noise).

The model is the exact noise predictor for data N(MU, S^2) on DDPM's linear schedule (T = 1000),
so every sampler is an affine map of the initial noise: the fixture holds out = A x + B per case,
for K = 2 to 20 (K = 1 is a single data prediction from pure noise, alpha = 0.0064, where float32
rounding of the noise prediction is amplified 157-fold).

Run:  /usr/bin/python3 core/src/test/python/solver_reference.py
Output: core/src/test/resources/fixtures/solvers/reference.json
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "fixtures", "solvers", "reference.json")
T = 1000
BETAS = np.linspace(1e-4, 0.02, T, dtype=np.float64)
ABAR = np.cumprod(1.0 - BETAS)
MU, S = 0.3, 0.5


def alpha_sigma(t):
    a = np.sqrt(ABAR[t])
    return a, np.sqrt(1.0 - ABAR[t])


def eps_model(x, t):
    """The exact eps(x_t, t) for data N(MU, S^2)."""
    a, sg = alpha_sigma(t)
    gain = a * S * S / (a * a * S * S + sg * sg)
    post = MU + gain * (x - a * MU)
    return (x - a * post) / sg


def ve_sigmas(timesteps):
    """diffusers: sigmas = ((1 - abar)/abar)^0.5 at the timesteps, then a final 0."""
    s = np.array([np.sqrt((1 - ABAR[t]) / ABAR[t]) for t in timesteps] + [0.0])
    return s


def sigma_to_alpha_sigma_t(sigma):
    alpha_t = 1 / np.sqrt(sigma ** 2 + 1)
    return alpha_t, sigma * alpha_t


def lam(sigma):
    a, s = sigma_to_alpha_sigma_t(sigma)
    with np.errstate(divide="ignore"):
        return np.log(a) - np.log(s)


# ---- DPM-Solver++ (diffusers DPMSolverMultistepScheduler) ---------------------------------------

def dpmpp(timesteps, x, order):
    sigmas = ve_sigmas(timesteps)
    n = len(timesteps)
    outs = [None] * order
    lower_order_nums = 0
    for k, t in enumerate(timesteps):
        lower_order_final = k == n - 1  # final_sigmas_type "zero"
        lower_order_second = k == n - 2 and n < 15
        a_s, s_s = alpha_sigma(t)
        x0 = (x - s_s * eps_model(x, t)) / a_s  # convert_model_output, epsilon
        outs = outs[1:] + [x0]
        sigma_t, sigma_s0 = sigmas[k + 1], sigmas[k]
        alpha_t, sig_t = sigma_to_alpha_sigma_t(sigma_t)
        alpha_s0, sig_s0 = sigma_to_alpha_sigma_t(sigma_s0)
        if order == 1 or lower_order_nums < 1 or lower_order_final:
            with np.errstate(divide="ignore", invalid="ignore"):
                h = lam(sigma_t) - lam(sigma_s0)
            x = (sig_t / sig_s0) * x - alpha_t * (np.exp(-h) - 1.0) * outs[-1]
        elif order == 2 or lower_order_nums < 2 or lower_order_second:
            m0, m1 = outs[-1], outs[-2]
            sigma_s1 = sigmas[k - 1]
            h = lam(sigma_t) - lam(sigma_s0)
            h_0 = lam(sigma_s0) - lam(sigma_s1)
            r0 = h_0 / h
            d0, d1 = m0, (1.0 / r0) * (m0 - m1)
            x = (sig_t / sig_s0) * x - (alpha_t * (np.exp(-h) - 1.0)) * d0 - 0.5 * (alpha_t * (np.exp(-h) - 1.0)) * d1
        else:
            m0, m1, m2 = outs[-1], outs[-2], outs[-3]
            sigma_s1, sigma_s2 = sigmas[k - 1], sigmas[k - 2]
            h = lam(sigma_t) - lam(sigma_s0)
            h_0 = lam(sigma_s0) - lam(sigma_s1)
            h_1 = lam(sigma_s1) - lam(sigma_s2)
            r0, r1 = h_0 / h, h_1 / h
            d1_0, d1_1 = (1.0 / r0) * (m0 - m1), (1.0 / r1) * (m1 - m2)
            d1 = d1_0 + (r0 / (r0 + r1)) * (d1_0 - d1_1)
            d2 = (1.0 / (r0 + r1)) * (d1_0 - d1_1)
            x = ((sig_t / sig_s0) * x - (alpha_t * (np.exp(-h) - 1.0)) * m0
                 + (alpha_t * ((np.exp(-h) - 1.0) / h + 1.0)) * d1
                 - (alpha_t * ((np.exp(-h) - 1.0 + h) / h ** 2 - 0.5)) * d2)
        if lower_order_nums < order:
            lower_order_nums += 1
    return x


# ---- DDIM (diffusers DDIMScheduler) --------------------------------------------------------------

def ddim(timesteps, x):
    stride = T // len(timesteps)
    for t in timesteps:
        eps = eps_model(x, t)
        prev = t - stride
        alpha_prod_t = ABAR[t]
        alpha_prod_t_prev = ABAR[prev] if prev >= 0 else 1.0
        pred_original_sample = (x - np.sqrt(1 - alpha_prod_t) * eps) / np.sqrt(alpha_prod_t)
        pred_sample_direction = np.sqrt(1 - alpha_prod_t_prev) * eps
        x = np.sqrt(alpha_prod_t_prev) * pred_original_sample + pred_sample_direction
    return x


# ---- UniPC (diffusers UniPCMultistepScheduler) ---------------------------------------------------

def unipc_coeffs(rks, h, order, bh):
    hh = -h
    h_phi_1 = np.expm1(hh)
    h_phi_k = h_phi_1 / hh - 1
    factorial_i = 1
    b_h = hh if bh == "bh1" else np.expm1(hh)
    r_rows, b = [], []
    for i in range(1, order + 1):
        r_rows.append(np.power(rks, i - 1))
        b.append(h_phi_k * factorial_i / b_h)
        factorial_i *= i + 1
        h_phi_k = h_phi_k / hh - 1 / factorial_i
    return np.stack(r_rows), np.array(b), h_phi_1, b_h


def unipc(timesteps, x, order, bh, final_corrector=False):
    sigmas = ve_sigmas(timesteps)
    n = len(timesteps)
    model_outputs = [None] * order
    lower_order_nums = 0
    last_sample = None
    this_order = None
    for step_index, t in enumerate(timesteps):
        use_corrector = step_index > 0 and last_sample is not None
        a_s, s_s = alpha_sigma(t)
        model_output_convert = (x - s_s * eps_model(x, t)) / a_s
        if use_corrector:
            # multistep_uni_c_bh_update
            m0 = model_outputs[-1]
            sigma_t, sigma_s0 = sigmas[step_index], sigmas[step_index - 1]
            alpha_t, sig_t = sigma_to_alpha_sigma_t(sigma_t)
            h = lam(sigma_t) - lam(sigma_s0)
            rks, d1s = [], []
            for i in range(1, this_order):
                si = step_index - (i + 1)
                mi = model_outputs[-(i + 1)]
                rk = (lam(sigmas[si]) - lam(sigma_s0)) / h
                rks.append(rk)
                d1s.append((mi - m0) / rk)
            rks.append(1.0)
            R, b, h_phi_1, b_h = unipc_coeffs(np.array(rks), h, this_order, bh)
            rhos_c = np.array([0.5]) if this_order == 1 else np.linalg.solve(R, b)
            x_t_ = sig_t / sigmas_sig(sigma_s0) * last_sample - alpha_t * h_phi_1 * m0
            corr_res = sum(rhos_c[k] * d1s[k] for k in range(len(d1s))) if d1s else 0
            d1_t = model_output_convert - m0
            x = x_t_ - alpha_t * b_h * (corr_res + rhos_c[-1] * d1_t)
        model_outputs = model_outputs[1:] + [model_output_convert]
        if final_corrector and step_index == n - 1 and step_index > 0:
            return (x - s_s * eps_model(x, t)) / a_s
        this_order = min(order, n - step_index)  # lower_order_final
        this_order = min(this_order, lower_order_nums + 1)
        last_sample = x
        # multistep_uni_p_bh_update
        m0 = model_outputs[-1]
        sigma_t, sigma_s0 = sigmas[step_index + 1], sigmas[step_index]
        alpha_t, sig_t = sigma_to_alpha_sigma_t(sigma_t)
        with np.errstate(divide="ignore", invalid="ignore"):
            h = lam(sigma_t) - lam(sigma_s0)
        if sigma_t == 0:
            x = m0  # h is infinite: alpha_t = 1, sigma_t = 0, expm1(-inf) = -1
        else:
            rks, d1s = [], []
            for i in range(1, this_order):
                si = step_index - i
                mi = model_outputs[-(i + 1)]
                rk = (lam(sigmas[si]) - lam(sigma_s0)) / h
                rks.append(rk)
                d1s.append((mi - m0) / rk)
            rks.append(1.0)
            R, b, h_phi_1, b_h = unipc_coeffs(np.array(rks), h, this_order, bh)
            if d1s:
                rhos_p = np.array([0.5]) if this_order == 2 else np.linalg.solve(R[:-1, :-1], b[:-1])
                pred_res = sum(rhos_p[k] * d1s[k] for k in range(len(d1s)))
            else:
                pred_res = 0
            x_t_ = sig_t / sigmas_sig(sigma_s0) * x - alpha_t * h_phi_1 * m0
            x = x_t_ - alpha_t * b_h * pred_res
        if lower_order_nums < order:
            lower_order_nums += 1
    return x


def sigmas_sig(sigma):
    """sigma_t of a VE sigma (the second value of _sigma_to_alpha_sigma_t)."""
    return sigma_to_alpha_sigma_t(sigma)[1]


# ---- iPNDM (zju-pi/diff-sampler ipndm_sampler; ComfyUI's final step) ------------------------------

def ipndm(timesteps, x_vp, max_order):
    sigmas = ve_sigmas(timesteps)
    x = x_vp * np.sqrt(1 + sigmas[0] ** 2)  # VE state of the VP prior sample
    buffer_model = []
    for i in range(len(timesteps)):
        t_cur, t_next = sigmas[i], sigmas[i + 1]
        a = 1 / np.sqrt(1 + t_cur ** 2)
        eps = eps_model(x * a, timesteps[i])
        denoised = x - t_cur * eps
        d_cur = (x - denoised) / t_cur
        if t_next == 0:
            return denoised
        order = min(max_order, i + 1)
        if order == 1:
            x = x + (t_next - t_cur) * d_cur
        elif order == 2:
            x = x + (t_next - t_cur) * (3 * d_cur - buffer_model[-1]) / 2
        elif order == 3:
            x = x + (t_next - t_cur) * (23 * d_cur - 16 * buffer_model[-1] + 5 * buffer_model[-2]) / 12
        else:
            x = x + (t_next - t_cur) * (55 * d_cur - 59 * buffer_model[-1] + 37 * buffer_model[-2]
                                         - 9 * buffer_model[-3]) / 24
        if len(buffer_model) == max_order - 1:
            buffer_model = buffer_model[1:]
        buffer_model.append(d_cur)
    raise AssertionError("the last sigma is 0")


# ---- the fixture -----------------------------------------------------------------------------------

def trailing(k):
    return (np.round(np.arange(T, 0, -T / k)) - 1).astype(np.int64).tolist()


def linspace(k):
    return np.linspace(0, T - 1, k + 1).round()[::-1][:-1].astype(np.int64).tolist()


def ddim_linspace(k):
    return np.linspace(0, T - 1, k).round()[::-1].astype(np.int64).tolist()


def ddim_leading(k):
    return (np.arange(0, k) * (T // k)).round()[::-1].astype(np.int64).tolist()


SAMPLERS = {
    "dpmpp2m": lambda ts, x: dpmpp(ts, x, 2),
    "dpmpp3m": lambda ts, x: dpmpp(ts, x, 3),
    "ipndm": lambda ts, x: ipndm(ts, x, 4),
    "ipndm2": lambda ts, x: ipndm(ts, x, 2),
    "unipc": lambda ts, x: unipc(ts, x, 2, "bh2"),
    "unipc-bh1": lambda ts, x: unipc(ts, x, 2, "bh1"),
    "unipc1": lambda ts, x: unipc(ts, x, 1, "bh2"),
    "unipc3": lambda ts, x: unipc(ts, x, 3, "bh2"),
    "unipc3-bh1": lambda ts, x: unipc(ts, x, 3, "bh1"),
    "unipc3-fc": lambda ts, x: unipc(ts, x, 3, "bh2", final_corrector=True),
}


def main():
    cases = []
    for name, run in SAMPLERS.items():
        for spacing, times in (("trailing", trailing), ("linspace", linspace)):
            for k in (2, 3, 4, 5, 6, 8, 10, 14, 15, 20):
                ts = times(k)
                b = float(run(ts, np.float64(0.0)))
                a = float(run(ts, np.float64(1.0))) - b
                probe = float(run(ts, np.float64(-2.5)))
                assert abs(probe - (b - 2.5 * a)) < 1e-9, (name, k, "the map is not affine")
                cases.append({"sampler": name, "spacing": spacing, "times": ts, "a": a, "b": b})
    for spacing, times in (("trailing", trailing), ("linspace", ddim_linspace), ("leading", ddim_leading)):
        for k in (2, 3, 4, 5, 6, 7, 8, 10, 14, 15, 16, 20):
            ts = times(k)
            b = float(ddim(ts, np.float64(0.0)))
            a = float(ddim(ts, np.float64(1.0))) - b
            cases.append({"sampler": "ddim-diffusers", "spacing": spacing, "times": ts, "a": a, "b": b})
            if spacing == "leading" or (spacing == "trailing" and T % k == 0):
                cases.append({"sampler": "ddim", "spacing": spacing, "times": ts, "a": a, "b": b})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"mu": MU, "s": S, "cases": cases}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
