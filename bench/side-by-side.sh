#!/usr/bin/env bash
# Our backends beside PyTorch on the same machine, in one run, with the ratios we hold
# ourselves to. Usage: bench/side-by-side.sh conv|unet|search|inception|search-inception|fid|kid [arguments, e.g. JMH's -i 6 -r 3]
#   conv: 3x3, 64->64, 32x32, batch 32, pad 1, forward: dnnl >= 1.2x PyTorch, java >= 0.2x dnnl
#   unet: UNet2DModel 28x28, (32, 64, 64), batch 32, forward and input-VJP: dnnl forward >= 1.5x PyTorch
#   search: one DDSS step (GGDM+PRED+TIME, K=10, batch 32, embedded digits model): dnnl >= 2x PyTorch's
#           checkpointed autograd
#   inception: pytorch-fid's Inception-v3 (full width, random weights, 299x299, batch 32), pool3 features
#        and input VJP, dnnl against PyTorch 2.13 (the local wheel, in a venv under bench/target):
#        target >= 1.5x
#   search-inception: one search step (K=10, batch 8) on the google/ddpm-cifar10-32 architecture with the
#        KID on Inception features, ours against PyTorch 2.13's checkpointed step, with peak memory;
#        BENCH_K, BENCH_BATCH and BENCH_MODEL=256 (the 256-pixel DDPMs') change the step
#   fid: FID of two 2048-d statistics files, ours against pytorch-fid's scipy.linalg.sqrtm route
#   kid: the reported KID (100 subsets of 1,000) of two sets of 5,000 2048-d features, ours against NumPy's
#        (2 threads each): ours within 1.5x scipy's time, the values to 1e-6 relative
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-conv}
shift || true

PY=/usr/bin/python3
if ! "$PY" -c 'import torch' 2>/dev/null; then
    echo "installing python3-torch and libopenblas0-pthread" >&2
    apt-get update -q && apt-get install -y -q python3-torch libopenblas0-pthread
fi

JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)}
if [[ -z "$JAVA" ]]; then
    echo "no JDK 25 found under /usr/lib/jvm; set JAVA=/path/to/java" >&2
    exit 1
fi

./mvnw -B -q -DskipTests package -pl bench -am

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
jmh() {
    "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -cp bench/target/benchmarks.jar org.ddss.bench.BenchMain "$@" | tee "$out/java.txt"
}

# value of the RESULT line for bench $1 and backend $2, empty when missing (e.g. no dnnl)
value() {
    awk -v b="bench=$1" -v k="backend=$2" '$1 == "RESULT" && $2 == b && $3 == k {
        sub("value=", "", $4); print $4 }' "$out"/*.txt
}
ratio() {
    if [[ -n "$1" && -n "$2" ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo "n/a"; fi
}

# The current PyTorch (the 2.13 CPU wheel this machine kind keeps in /opt/wheels) in a venv of its own;
# Debian's 1.13 where the wheel is absent, said in the output.
torch213() {
    local venv=bench/target/venv-torch
    local wheel
    wheel=$(ls /opt/wheels/torch-2.13*.whl 2>/dev/null | head -n 1)
    if [[ -z "$wheel" ]]; then
        echo "$PY"
        return
    fi
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import torch, numpy' 2>/dev/null; then
        "$PY" -m venv "$venv" >&2
        # numpy and torch's own dependencies from the machine's local package index where it has one.
        local index=()
        [[ -d /opt/pypi/simple ]] && index=(--index-url file:///opt/pypi/simple)
        "$venv/bin/pip" install -q "${index[@]}" --ignore-installed "$wheel" numpy >&2
    fi
    echo "$venv/bin/python"
}

case "$what" in
inception)
    tpy=$(torch213)
    w="$out/inception.pth"
    BENCH_SECONDS=${BENCH_SECONDS:-20} "$tpy" bench/pytorch_inception.py --write "$w" | tee "$out/pytorch.txt"
    "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dbench.seconds="${BENCH_SECONDS:-20}" \
        -cp bench/target/benchmarks.jar org.ddss.bench.InceptionBench "$w" "${BACKENDS:-dnnl}" | tee "$out/java.txt"
    for b in forward inputVjp; do
        torch=$(value "pytorch.inception_$b" pytorch)
        dnnl=$(value "inception_$b" dnnl)
        echo "RATIO inception $b dnnl/pytorch=$(ratio "$dnnl" "$torch") (dnnl ${dnnl:-n/a}, pytorch $torch images/s; target >= 1.5)"
    done
    ;;
search-inception)
    tpy=$(torch213)
    w="$out/inception.pth"
    BENCH_MODEL=${BENCH_MODEL:-cifar} BENCH_FEATURES=inception BENCH_BATCH=${BENCH_BATCH:-8} BENCH_K=${BENCH_K:-10} \
        BENCH_SECONDS=${BENCH_SECONDS:-60} INCEPTION_WEIGHTS="$w" "$tpy" bench/pytorch_search.py | tee "$out/pytorch.txt"
    "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dbench.seconds="${BENCH_SECONDS:-60}" \
        -Dbench.model="${BENCH_MODEL:-cifar}" -Dbench.k="${BENCH_K:-10}" -Dbench.batch="${BENCH_BATCH:-8}" -cp bench/target/benchmarks.jar org.ddss.bench.RealSearchStep "$w" | tee "$out/java.txt"
    torch=$(value pytorch.search_step_inception pytorch)
    ours=$(value search_step_inception dnnl)
    echo "RATIO search step (Inception KID) dnnl/pytorch=$(ratio "$ours" "$torch") (ours ${ours:-n/a}, pytorch $torch steps/s);" \
        "peak: ours $(value search_step_inception_peak_native dnnl) MB native, pytorch $(value pytorch.search_step_inception_peak_rss pytorch) MB resident"
    ;;
kid)
    "$PY" bench/numpy_kid.py --write "$out" "$@"
    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 "$PY" bench/numpy_kid.py "$out/a.npz" "$out/b.npz" | tee "$out/numpy.txt"
    "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -cp bench/target/benchmarks.jar org.ddss.bench.KidBench "$out/a.npz" "$out/b.npz" | tee "$out/java.txt"
    java=$(value kid java)
    numpy=$(value kid numpy)
    echo "RATIO kid seconds java/numpy=$(ratio "$java" "$numpy"); values: java $(value kid_value java), numpy $(value kid_value numpy)"
    ;;
fid)
    if ! "$PY" -c 'import scipy' 2>/dev/null; then
        echo "installing python3-scipy" >&2
        apt-get update -q && apt-get install -y -q python3-scipy
    fi
    "$PY" bench/scipy_fid.py --write "$out" "$@"
    "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
        org.ddss.bench.FidBench "$out/a.npz" "$out/b.npz" | tee "$out/java.txt"
    OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 "$PY" bench/scipy_fid.py "$out/a.npz" "$out/b.npz" | tee "$out/scipy.txt"
    java=$(value fid java)
    scipy=$(value fid scipy)
    echo "RATIO fid seconds java/scipy=$(ratio "$java" "$scipy") (target <= 1.5); values: java $(value fid_value java), scipy $(value fid_value scipy)"
    ;;
conv)
    jmh 'ConvBench.forward' "$@"
    "$PY" bench/pytorch_conv.py | tee "$out/pytorch.txt"
    java=$(value ConvBench.forward java)
    dnnl=$(value ConvBench.forward dnnl)
    torch_nchw=$(value pytorch.forward_nchw pytorch)
    torch_cl=$(value pytorch.forward_channels_last pytorch)
    echo
    echo "conv forward GFLOP/s: java=${java:-n/a} dnnl=${dnnl:-n/a} pytorch_nchw=$torch_nchw pytorch_channels_last=$torch_cl"
    echo "RATIO dnnl/pytorch_nchw=$(ratio "$dnnl" "$torch_nchw") (target >= 1.2; NCHW is PyTorch's default layout)"
    echo "RATIO dnnl/pytorch_channels_last=$(ratio "$dnnl" "$torch_cl") (PyTorch in our layout, NHWC)"
    echo "RATIO java/dnnl=$(ratio "$java" "$dnnl") (target >= 0.2)"
    ;;
unet)
    jmh 'UNetBench' "$@"
    "$PY" bench/pytorch_unet.py | tee "$out/pytorch.txt"
    echo
    for b in forward inputVjp; do
        java=$(value "UNetBench.$b" java)
        dnnl=$(value "UNetBench.$b" dnnl)
        torch=$(value "pytorch.unet_$b" pytorch)
        echo "unet $b images/s: java=${java:-n/a} dnnl=${dnnl:-n/a} pytorch=$torch"
        echo "RATIO unet $b dnnl/pytorch=$(ratio "$dnnl" "$torch") java/pytorch=$(ratio "$java" "$torch")"
    done
    echo "(target: dnnl forward >= 1.5x PyTorch)"
    ;;
search)
    jmh 'SearchStepBench' "$@"
    "$PY" bench/pytorch_search.py | tee "$out/pytorch.txt"
    torch=$(value pytorch.search_step pytorch)
    echo
    for b in java,remat java,keep dnnl,remat dnnl,keep; do
        v=$(value SearchStepBench.searchStep "$b")
        echo "search step steps/s: $b=${v:-n/a} pytorch=$torch  RATIO $b/pytorch=$(ratio "$v" "$torch")"
    done
    echo "(target: dnnl >= 2x PyTorch)"
    ;;
*)
    echo "usage: bench/side-by-side.sh conv|unet|search|inception|search-inception|fid|kid [arguments]" >&2
    exit 2
    ;;
esac
