#!/bin/bash
# Submits a sharded dataset run to Slurm: a job array of SHARDS tasks, then a merge job that starts when
# every task has succeeded. Usage:
#   OUT=/shared/poly SHARDS=16 PRESET=poly deploy/slurm/submit.sh [extra sbatch flags, e.g. -p cpu -A myproj]
# Optional: PER_CLASS, SEED, EXTRA_ARGS ("--grid 512"), NANOCRYST (command, default: nanocryst on PATH).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${OUT:?set OUT to a folder on a file system every node sees}"
: "${SHARDS:?set SHARDS, the number of array tasks}"
export OUT SHARDS PRESET="${PRESET:-poly}" SEED="${SEED:-0}" PER_CLASS="${PER_CLASS:-}" \
  EXTRA_ARGS="${EXTRA_ARGS:-}" NANOCRYST="${NANOCRYST:-nanocryst}"
mkdir -p "$OUT"
array=$(sbatch --parsable "$@" --array="0-$((SHARDS - 1))" --export=ALL "$here/generate.sbatch")
merge=$(sbatch --parsable "$@" --dependency="afterok:${array%%;*}" --export=ALL "$here/merge.sbatch")
echo "array job $array ($SHARDS shards of $PRESET into $OUT/shard-*), merge job $merge → $OUT/dataset"
