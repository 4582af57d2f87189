#!/usr/bin/env bash
# The device check of issue 6, in two stages.
#   bench/gpu-check.sh prepare   here (a machine with Maven and JDK 25): builds the jars and a
#                                jlink'd JDK 25 runtime into bench/target/gpu/ (about 45 MB), which
#                                the device call carries (the device has no JDK and no network).
#   bench/gpu-check.sh run       on the GPU machine: runs every stage that exists and writes
#                                $OUT/gpu-check.md (a table) and $OUT/gpu-check.log.
# Through the device tool: run(command="bench/gpu-check.sh run", carry=["bench/target/gpu"]).
#
# Stages: 1. CudaCheck: loads the five libraries, reports versions, and checks one call path
# through each (NVRTC kernel via the driver, cuBLAS SGEMM, cuDNN NHWC convolution) against Java.
# Still to come with the cuda backend (issue 6): the op suite against the java backend, the UNet
# parity fixtures, the DDSS gradient check, and the timings beside PyTorch on the same GPU.
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
    {
        echo "| check | result |"
        echo "|---|---|"
        sed -n 's/^CHECK \([^ ]*\( ([^)]*)\)\?\) \(ok\|FAIL\)\(.*\)$/| \1 | \3\4 |/p' "$log"
    } > "$out/gpu-check.md"
    cat "$out/gpu-check.md"
    exit "$rc"
    ;;
*)
    echo "usage: bench/gpu-check.sh prepare|run" >&2
    exit 2
    ;;
esac
