#!/usr/bin/env bash
# The field's training-free solvers on the embedded digits model (README, "The field's solvers"):
# iPNDM, DPM-Solver++(2M)/(3M) and UniPC (bh2 and bh1) at K = 5, 10, 20 under each step placement
# (trailing, linspace, logsnr, edm), 2,000 samples per row from the evaluation seeds, FID and KID
# with classifiers A and B, as the paper table's rows. One `ddss eval --table` run per placement.
# Usage: bench/solver-table.sh [OUT_DIR]. Prints each placement's table and writes OUT_DIR/<placement>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-solver-table}
mkdir -p "$out"
rows=""
for k in 5 10 20; do
    for s in ipndm dpmpp2m dpmpp3m unipc unipc-bh1; do
        rows+="${rows:+,}$s:$k"
    done
done
for placement in trailing linspace logsnr edm; do
    if [[ ! -s "$out/$placement.md" ]]; then
        ./ddss eval --table -n 2000 --spacing "$placement" --rows "$rows" | tee "$out/$placement.md"
    else
        cat "$out/$placement.md"
    fi
done
