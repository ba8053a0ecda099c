#!/bin/bash
# Makes the five cross-check sets of the main README ("Images from an independent simulator") in DIR and
# evaluates the shipped models on each, with the true masks and with the outlines the detector finds.
# Usage: tools/crosscheck/run.sh DIR   (about 25 min on 2 cores; needs python3 with numpy and scipy)
set -euo pipefail
out=${1:?usage: tools/crosscheck/run.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
mkdir -p "$out"
# name | pixel size [nm] | the other options
sets=(
  "A|0.025|--seed 1 --per-class 100"
  "B|0.05|--seed 2 --per-class 100"
  "C|0.03|--seed 3 --per-class 100 --dose inf"
  "D|0.03|--seed 4 --per-class 60 --no-support"
  "E|0.03|--seed 5 --per-class 60 --film 6:15"
)
for entry in "${sets[@]}"; do
  IFS='|' read -r name pixel args <<<"$entry"
  dir="$out/set$name"
  # shellcheck disable=SC2086
  grep -qs "^done:" "$dir.log" || python3 "$here/crosscheck_sim.py" --out "$dir" --pixel-size "$pixel" $args > "$dir.log"
  # the same images without their masks, so that evaluate finds the outlines
  mkdir -p "$out/found$name"
  for class in amorphous monocrystalline polycrystalline; do ln -sfn "$dir/$class" "$out/found$name/$class"; done
  for classes in 3 2; do
    for data in "$dir" "$out/found$name"; do
      report="$out/report-$(basename "$data")-${classes}class"
      node "$repo/bin/nanocryst.js" evaluate --model "$repo/models/default-${classes}class" --data "$data" \
        --split all --pixel-size "$pixel" --out "$report" > "$report.log"
      python3 - "$report/metrics.json" "$(basename "$data")" "$classes" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
a, o = m["all"], m["omission"]
print(f"{sys.argv[2]:7s} {sys.argv[3]}-class  n={a['count']:4d}  top class {100 * a['accuracy']:5.1f} %"
      f"  after the 80 % rule {100 * o['accuracy']:5.1f} % ({100 * o['unknownFraction']:4.1f} % unknown)")
PY
    done
  done
done
