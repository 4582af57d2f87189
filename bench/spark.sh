#!/usr/bin/env bash
# One machine against Spark in local mode with 1 and 2 executor threads, in one run, and the ratio
# of each to the single process. Usage: bench/spark.sh eval|search [n]
#   eval [n]: an evaluation row (DDIM, K = 10, the embedded digits model, n = 1,000 samples, batch
#        100): wall seconds of the whole process (JVM and Spark start included); the rows must match.
#   search [n]: a search (GGDM+PRED+TIME, K = 10, batch 32, n = 4 steps, the embedded digits model,
#        no validation or closing comparison): the search's own seconds ("search took"), data-parallel
#        in one share per executor thread.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-eval}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)}
./mvnw -B -q -DskipTests package -pl cli,spark -am
./mvnw -B -q dependency:build-classpath -pl spark -Dmdep.outputFile="$PWD/spark/target/classpath.txt" -Dmdep.includeScope=provided
cp="spark/target/ddss-spark-0.1.0-SNAPSHOT.jar:$(cat spark/target/classpath.txt)"
flags=$(sed -n 's|.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*|\1|p' spark/pom.xml)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
case "$what" in
eval) args=(eval --steps 10 -n "${2:-1000}") ;;
search) args=(search --iterations "${2:-4}" --validate-every 0 --eval-samples 0) ;;
*) echo "usage: bench/spark.sh eval|search [n]" >&2; exit 2 ;;
esac
# eval: the whole process's seconds; search: the search's own.
seconds() {
    local t0 t1 log=$1; shift
    t0=$(date +%s.%N); "$@" > "$log" 2>/dev/null; t1=$(date +%s.%N)
    if [[ $what == search ]]; then grep -o 'search took [0-9]* s' "$log" | grep -o '[0-9]*'
    else awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }'; fi
}
row() { if [[ $what == eval ]]; then grep '| ddim' "$1" || true; fi; }
one=$(seconds "$out/one.txt" "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar cli/target/ddss.jar \
    "${args[@]}" $([[ $what == search ]] && echo "--out $out/one"))
echo "single process: $one s  $(row "$out/one.txt")"
for e in 1 2; do
    # One engine thread per executor thread, so that two executors do not oversubscribe the cores.
    threads=$(( $(nproc) / e ))
    parts=$([[ $what == search ]] && echo "$e" || echo $((4 * e)))
    s=$(seconds "$out/spark$e.txt" "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $flags \
        -Dddss.threads="$threads" -Dspark.master="local[$e]" -Dspark.ui.enabled=false -cp "$cp" org.ddss.spark.DdssSpark \
        "${args[@]}" --partitions "$parts" $([[ $what == search ]] && echo "--out $out/spark$e"))
    echo "spark local[$e] ($threads engine threads each, $parts partitions): $s s  $(row "$out/spark$e.txt")"
    echo "RATIO spark local[$e] / single process = $(awk -v a="$s" -v b="$one" 'BEGIN { printf "%.2f", a / b }')"
done
