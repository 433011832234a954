#!/usr/bin/env bash
# Measures the autoencoder uses on Fashion-MNIST (needs Debian's dataset-fashion-mnist) and
# writes bench/autoencoder-uses/results.md. Budgets (defaults in the benchmark class), chosen so
# the run takes about 20 minutes on a 2-core machine shared with other work:
#   -Dlatentforge.bench.ae-steps=200 -Dlatentforge.bench.classifier-steps=150
#   -Dlatentforge.bench.held-out=0,8 (classes held out for anomaly detection; 0,1,...,9 for all)
#   -Dlatentforge.bench.frozen=true (also a classifier with the pretrained encoder frozen)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test -Dtest=AutoencoderUsesBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dlatentforge.bench=autoencoder-uses "$@"
