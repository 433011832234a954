#!/usr/bin/env bash
# GAN benchmark: a DCGAN with each loss and a conditional DCGAN on an MNIST-format IDX directory
# (default: Fashion-MNIST from Debian's dataset-fashion-mnist), a fixed generator-step budget per row.
# Usage: bench/gans/run.sh [IDX_DIR] [STEPS]   -> bench/gans/results/results.md and *.png
# Any directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
# t10k-labels-idx1-ubyte (gzipped or not), such as MNIST digits, is accepted.
set -euo pipefail
cd "$(dirname "$0")/../.."
IDX="${1:-/usr/share/datasets/fashion-mnist}"
STEPS="${2:-300}"
./mvnw -B -q test-compile
./mvnw -B test -Dtest=GanBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.gans=true \
  -Dbench.idx="$IDX" -Dbench.steps="$STEPS" -Dbench.out="$PWD/bench/gans/results" ${BENCH_ARGS:-}
cat bench/gans/results/results.md
