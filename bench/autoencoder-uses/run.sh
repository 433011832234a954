#!/usr/bin/env bash
# Measures the autoencoder uses on Fashion-MNIST (needs Debian's dataset-fashion-mnist) and
# writes bench/autoencoder-uses/results.md. Budgets (defaults in the benchmark class), chosen so
# the run takes about 20 minutes on a 2-core machine shared with other work:
#   -Dlatentforge.bench.ae-steps=400 -Dlatentforge.bench.classifier-steps=300
#   -Dlatentforge.bench.held-out=0,1,5,8 (classes held out for anomaly detection; 0..9 for all)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test -Dtest=AutoencoderUsesBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dlatentforge.bench=autoencoder-uses "$@"
