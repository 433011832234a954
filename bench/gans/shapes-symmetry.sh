#!/usr/bin/env bash
# The conditional DCGAN of ConditionalShapesTests (shapes at 16x16, four classes) with and without
# `symmetry: dihedral`, on the same seeds in one run, judged by the service's evaluator and by the test's
# own CNN. Usage: bench/gans/shapes-symmetry.sh [STEPS] [SEEDS...]   (default 3000 steps, seeds 21 22)
# -> bench/gans/results-shapes/results.md (logs in $TMPDIR). Each run trains as the test does (one torch
# thread), one run at a time, so the times are comparable within one run of this script; a run without
# the symmetry is expected to fail the test's 98% assertions, and its numbers are printed before them.
set -uo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-3000}"
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then SEEDS=("$@"); else SEEDS=(21 22); fi
OUT=bench/gans/results-shapes
mkdir -p "$OUT"
BASE='"architecture":"dcgan","filters":48,"latentSize":8,"conditional":true,"auxiliaryClassifier":1.0,"labelSmoothing":0.9,"generator":{"learningRate":5e-4,"schedule":{"type":"cosine"}},"discriminator":{"learningRate":5e-4,"schedule":{"type":"cosine"}}'
./mvnw -B -q test-compile
{
  echo "# Conditional DCGAN on shapes 16x16: symmetry none against dihedral"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, ${STEPS} steps, batch 64, one torch thread; \`$0 $STEPS ${SEEDS[*]}\`."
  echo "Accuracy: share of 200 samples per class that the judge assigns to the requested class."
  echo
  echo "| symmetry | seed | service evaluator | test's CNN | per class (service: circle, square, triangle, cross) | GAN seconds |"
  echo "|---|---|---|---|---|---|"
} > "$OUT/results.md"
for seed in "${SEEDS[@]}"; do
  for symmetry in none dihedral; do
    log="${TMPDIR:-/tmp}/shapes-symmetry-$symmetry-$seed.log"
    ./mvnw -B -o test -Dtest=ConditionalShapesTests -Dsurefire.failIfNoSpecifiedTests=false \
      -Dgan.shapes.steps="$STEPS" -Dgan.shapes.seed="$seed" \
      -Dgan.shapes.spec="$BASE,\"symmetry\":\"$symmetry\"" > "$log" 2>&1
    service=$(grep -o 'service evaluator: conditional accuracy [0-9.]*' "$log" | awk '{print $NF}')
    perclass=$(grep -o 'conditional accuracy [0-9.]* {[^}]*}' "$log" | head -1 | sed 's/.*{//; s/}//')
    own=$(grep -o 'classifier held-out [0-9.]*; conditional accuracy [0-9.]*' "$log" | awk '{print $NF}')
    seconds=$(grep -o 'conditional shapes: [0-9]* steps in [0-9.]* s' "$log" | awk '{print $6}')
    echo "| $symmetry | $seed | ${service:-?} | ${own:-?} | ${perclass:-?} | ${seconds:-?} |" >> "$OUT/results.md"
    grep -E "^conditional shapes|^service evaluator" "$log" | sed "s/^/[$symmetry $seed] /" >&2
  done
done
cat "$OUT/results.md"
