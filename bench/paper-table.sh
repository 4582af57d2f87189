#!/usr/bin/env bash
# The DDSS paper's comparison, reproduced on the embedded digits model (README, "Results"):
# searches GGDM+PRED+TIME samplers at K = 5, 10, 20 and the family ablation at K = 10 (each with its
# default start and learning rate, keeping its best-validated parameters), then
# scores every row in one `ddss eval --table` run: 2,000 samples per row from the evaluation
# seeds (which no search used), FID and KID with classifier A (searched against) and B (held out).
# It also scores the field's solvers (iPNDM, DPM-Solver++(3M), UniPC) at their best placements and
# searches from the best of them at each K.
# Usage: bench/paper-table.sh [OUT_DIR] [extra `ddss search` options, e.g. --iterations 400; not --init]
# Searches already done in OUT_DIR are reused (delete a folder to redo it). Prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-paper-table}
shift || true
mkdir -p "$out"

search() {
    local name=$1
    shift
    if [[ ! -f "$out/$name/sampler.json" ]]; then
        ./ddss search --eval-samples 0 --out "$out/$name" "$@" "${extra[@]}" | tee "$out/$name.log"
    fi
}
extra=("$@")

search k5 --steps 5
search k10 --steps 10
search k20 --steps 20
# The family ablation starts every family from DDIM, as the paper does (only GGDM+PRED contains
# DPM-Solver++(2M), the default start of k5, k10 and k20).
search k10-ddim-eta-time --steps 10 --family ddim-eta --init ddim
search k10-rddim --steps 10 --family rddim --fixed-times --init ddim
search k10-ggdm --steps 10 --family ggdm --fixed-times --init ddim
search k10-ggdm-pred --steps 10 --family ggdm+pred --fixed-times --init ddim
search k10-ddim --steps 10 --init ddim
# DDSS from the best training-free solver at each K, at its best placement on the held-out classifier
# (bench/solver-table.sh, README "The field's solvers").
search k5-ipndm --steps 5 --init ipndm --spacing linspace
search k10-unipc-bh1 --steps 10 --init unipc-bh1
search k20-ipndm --steps 20 --init ipndm

rows="ddpm:5,ddim:5,dpmpp2m:5,ipndm:5@linspace,dpmpp3m:5@linspace,unipc:5@linspace,unipc-bh1:5"
rows+=",$out/k5/sampler.json,$out/k5-ipndm/sampler.json"
rows+=",ddpm:10,ddim:10,dpmpp2m:10,ipndm:10,dpmpp3m:10,unipc:10,unipc-bh1:10,$out/k10/sampler.json,$out/k10-unipc-bh1/sampler.json"
rows+=",ddpm:20,ddim:20,dpmpp2m:20,ipndm:20,dpmpp3m:20,unipc:20,unipc-bh1:20,$out/k20/sampler.json,$out/k20-ipndm/sampler.json"
rows+=",ddpm:1000"
rows+=",$out/k10-ddim-eta-time/sampler.json,$out/k10-rddim/sampler.json,$out/k10-ggdm/sampler.json"
rows+=",$out/k10-ggdm-pred/sampler.json,$out/k10-ddim/sampler.json"
./ddss eval --table -n 2000 --rows "$rows" | tee "$out/table.md"
grep -h "search took" "$out"/*.log
