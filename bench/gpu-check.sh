#!/usr/bin/env bash
# The GPU device check, in two stages.
#   bench/gpu-check.sh prepare   here (a machine with Maven and JDK 25): builds the jars and a
#                                jlink'd JDK 25 runtime into bench/target/gpu/ (about 45 MB), which
#                                the device call carries (the device has no JDK and no network).
#   bench/gpu-check.sh run       on the GPU machine: runs every stage that exists and writes
#                                $OUT/gpu-check.md (a table) and $OUT/gpu-check.log.
# Through the device tool: run(command="bench/gpu-check.sh run", carry=["bench/target/gpu"]).
#
# Stages: 1. CudaCheck: loads the five libraries, reports versions, and checks one call path
# through each (NVRTC kernel via the driver, cuBLAS SGEMM, cuDNN NHWC convolution) against Java.
# 2. The JUnit suites on the cuda backend: the op suite against the float64 reference (same
# tolerances as on the CPU), the UNet parity fixtures, and the DDSS search tests (gradient
# against finite differences, remat = kept activations, memory) with -Dddss.test.backend=cuda.
# 3. Timings beside PyTorch on the same GPU, in the same run: the google/ddpm-cifar10-32 UNet
# (random weights, batch 64) forward and input-VJP, and one DDSS search step (K=10, batch 64),
# ours (GpuTimings) against bench/pytorch_unet.py and bench/pytorch_search.py (TF32 off on both).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=bench/target/gpu

case "${1:-}" in
prepare)
    JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
    ./mvnw -B -q -DskipTests package -pl bench -am
    rm -rf "$dir" && mkdir -p "$dir/lib"
    cp bench/target/benchmarks.jar "$dir/"
    # oneDNN's jar is not needed on the GPU machine (28 MB of the 64 MB a call may carry).
    find bench/target/lib -name '*.jar' ! -name 'dnnl-*' -exec cp {} "$dir/lib/" \;
    ./mvnw -B -q -DskipTests test-compile -pl core -am
    cp -r core/target/test-classes "$dir/test-classes"
    ./mvnw -B -q dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.1 \
        -DoutputDirectory="$dir/junit"
    "$JDK/bin/jlink" --add-modules java.base,java.desktop,java.logging,jdk.unsupported,jdk.incubator.vector \
        --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$dir/jdk" 2>/dev/null
    tar czf "$dir/jdk.tgz" -C "$dir" jdk && rm -rf "$dir/jdk"
    du -sh "$dir"
    ;;
run)
    out=${OUT:-$dir/out}
    mkdir -p "$out"
    log="$out/gpu-check.log"
    if [[ ! -f "$dir/jdk.tgz" ]]; then
        echo "no $dir/jdk.tgz: run 'bench/gpu-check.sh prepare' first and carry $dir" | tee "$log" >&2
        exit 2
    fi
    tmp=$(mktemp -d)
    tar xzf "$dir/jdk.tgz" -C "$tmp"
    java=("$tmp/jdk/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
    cp="$dir/benchmarks.jar:$dir/lib/*"
    { nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 || true; } | tee "$log"
    rc=0
    timeout 300 "${java[@]}" -cp "$cp" org.ddss.bench.CudaCheck 2>&1 | tee -a "$log" || rc=$?
    # Dry run without a GPU: FORCE_JUNIT=1 TEST_BACKEND=java (stage 2) and FORCE_TIMINGS=1
    # BENCH_DEVICE=cpu BENCH_BATCH=2 BENCH_SECONDS=1 PYTHON=/usr/bin/python3 (stage 3).
    if [[ $rc -eq 0 || -n "${FORCE_JUNIT:-}" ]]; then
        # From core/, as Maven runs them (relative paths); XML reports, one CHECK line per class.
        root=$(pwd)
        rm -rf "$out/junit"
        (cd core && timeout 420 "${java[@]}" -Dddss.test.backend="${TEST_BACKEND:-cuda}" \
            -jar "$root/$dir"/junit/junit-platform-console-standalone-*.jar execute \
            -cp "$root/$dir/test-classes:$root/$dir/benchmarks.jar:$root/$dir/lib/*" \
            --select-class org.ddss.backend.BackendOpsTest --select-class org.ddss.model.UNetParityTest \
            --select-class org.ddss.search.SearchTest --details=flat --disable-banner \
            --reports-dir "$out/junit") >>"$log" 2>&1 || rc=$?
        python3 - "$out/junit" <<'PY' | tee -a "$log"
import collections, glob, sys, xml.etree.ElementTree as ET
runs = collections.OrderedDict()
for f in sorted(glob.glob(sys.argv[1] + "/*.xml")):
    for case in ET.parse(f).iter("testcase"):
        r = runs.setdefault(case.get("classname"), [0, 0, 0, []])
        r[0] += 1
        if case.find("failure") is not None or case.find("error") is not None:
            r[1] += 1
            r[3].append(case.get("name"))
        elif case.find("skipped") is not None:
            r[2] += 1
for cls, (n, bad, skipped, names) in runs.items():
    print("CHECK junit:%s %s %d tests, %d failed, %d skipped%s" % (cls.split(".")[-1], "FAIL" if bad else "ok", n, bad,
          skipped, (": " + ", ".join(names[:8])) if names else ""))
PY
    fi
    if [[ $rc -eq 0 || -n "${FORCE_TIMINGS:-}" ]]; then
        secs=${BENCH_SECONDS:-5} batch=${BENCH_BATCH:-64}
        timeout 240 "${java[@]}" -Dbench.seconds="$secs" -Dbench.batch="$batch" -cp "$cp" org.ddss.bench.GpuTimings >>"$log" 2>&1 || rc=$?
        py=${PYTHON:-python3}
        BENCH_DEVICE=${BENCH_DEVICE:-cuda} BENCH_CONFIG=cifar BENCH_BATCH="$batch" BENCH_SECONDS="$secs" \
            timeout 150 "$py" bench/pytorch_unet.py >>"$log" 2>&1 || rc=$?
        BENCH_DEVICE=${BENCH_DEVICE:-cuda} BENCH_BATCH="$batch" BENCH_SECONDS="$secs" \
            timeout 150 "$py" bench/pytorch_search.py >>"$log" 2>&1 || rc=$?
        value() { awk -v b="bench=$1" '$1 == "RESULT" && $2 == b { sub("value=", "", $4); print $4; exit }' "$log"; }
        ratio() { if [[ -n "$1" && -n "$2" ]]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo n/a; fi; }
        for pair in "unet_cifar_forward pytorch.unet_forward" "unet_cifar_inputVjp pytorch.unet_inputVjp" \
                     "search_step_remat pytorch.search_step" "search_step_keep pytorch.search_step"; do
            set -- $pair
            ours=$(value "$1"); theirs=$(value "$2")
            echo "TIMING $1 ours=${ours:-n/a} pytorch=${theirs:-n/a} ratio=$(ratio "$ours" "$theirs")" | tee -a "$log"
        done
    fi
    {
        echo "| check | result |"
        echo "|---|---|"
        sed -n 's/^CHECK \([^ ]*\( ([^)]*)\)\?\) \(ok\|FAIL\)\(.*\)$/| \1 | \3\4 |/p' "$log"
        echo
        echo "| timing (higher is better) | ours | PyTorch | ours / PyTorch |"
        echo "|---|---|---|---|"
        sed -n 's/^TIMING \([^ ]*\) ours=\([^ ]*\) pytorch=\([^ ]*\) ratio=\(.*\)$/| \1 | \2 | \3 | \4 |/p' "$log"
    } > "$out/gpu-check.md"
    cat "$out/gpu-check.md"
    exit "$rc"
    ;;
*)
    echo "usage: bench/gpu-check.sh prepare|run" >&2
    exit 2
    ;;
esac
