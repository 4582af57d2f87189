#!/usr/bin/env bash
# A short search (GGDM+PRED+TIME, K = 10, batch 32, 4 steps, the embedded digits model, no
# validation or closing comparison) in one process (`ddss search`) and data-parallel on Spark in
# local mode with 1 and 2 executor threads, in one run: the search's own seconds ("search took"),
# without the JVM's and Spark's start, and the ratio to the single process.
# Usage: bench/spark-search.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
it=${1:-4}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)}
./mvnw -B -q -DskipTests package -pl cli,spark -am
./mvnw -B -q dependency:build-classpath -pl spark -Dmdep.outputFile="$PWD/spark/target/classpath.txt" -Dmdep.includeScope=provided
cp="spark/target/ddss-spark-0.1.0-SNAPSHOT.jar:$(cat spark/target/classpath.txt)"
flags=$(sed -n 's|.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*|\1|p' spark/pom.xml)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(search --iterations "$it" --validate-every 0 --eval-samples 0)
took() { grep -o 'search took [0-9]* s' "$1" | grep -o '[0-9]*'; }
"$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -jar cli/target/ddss.jar "${args[@]}" \
    --out "$out/one" > "$out/one.txt" 2>/dev/null
one=$(took "$out/one.txt")
echo "single process: $one s of search for $it steps"
for e in 1 2; do
    threads=$(( $(nproc) / e ))
    "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED $flags -Dddss.threads="$threads" \
        -Dspark.master="local[$e]" -Dspark.ui.enabled=false -cp "$cp" org.ddss.spark.DdssSpark "${args[@]}" \
        --partitions "$e" --out "$out/spark$e" > "$out/spark$e.txt" 2>/dev/null
    s=$(took "$out/spark$e.txt")
    echo "spark local[$e] ($threads engine threads each, $e shares): $s s"
    echo "RATIO spark local[$e] / single process = $(awk -v a="$s" -v b="$one" 'BEGIN { printf "%.2f", a / b }')"
done
