#!/usr/bin/env bash
# An evaluation row (DDIM, K = 10, the embedded digits model, 1,000 samples, batch 100) in one
# process (`ddss eval`) and on Spark in local mode with 1 and 2 executor threads, in one run:
# wall seconds of each and the ratio to the single process. The row's FID must match too.
# Usage: bench/spark-eval.sh [n]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)}
./mvnw -B -q -DskipTests package -pl cli,spark -am
./mvnw -B -q dependency:build-classpath -pl spark -Dmdep.outputFile="$PWD/spark/target/classpath.txt" -Dmdep.includeScope=provided
cp="spark/target/ddss-spark-0.1.0-SNAPSHOT.jar:$(cat spark/target/classpath.txt)"
flags=$(sed -n 's|.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*|\1|p' spark/pom.xml)
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > /tmp/spark-eval.out 2>/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'; }
one=$(seconds "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar cli/target/ddss.jar eval --steps 10 -n "$n")
echo "single process: $one s  $(grep -o '| ddim[^|]*| 10 | [0-9]* | [0-9.]* | [0-9.]* |' /tmp/spark-eval.out)"
for e in 1 2; do
    # One engine thread per executor thread, so that two executors do not oversubscribe the cores.
    threads=$(( $(nproc) / e ))
    s=$(seconds "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $flags -Dddss.threads="$threads" \
        -Dspark.master="local[$e]" -Dspark.ui.enabled=false -cp "$cp" org.ddss.spark.DdssSpark eval --steps 10 -n "$n" --partitions $((4 * e)))
    echo "spark local[$e] ($threads engine threads each): $s s  $(cat /tmp/spark-eval.out)"
    echo "RATIO spark local[$e] / single process = $(awk -v a="$s" -v b="$one" 'BEGIN { printf "%.2f", a / b }')"
done
