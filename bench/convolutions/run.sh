#!/usr/bin/env bash
# Convolution benchmark: the engine's oneDNN convolution against engine.nn.Convolutions (libtorch's
# non-oneDNN path) on the layer shapes the service trains: time per forward and backward pass, their
# ratio, and how far the engine's input gradient is from the definition. Writes bench/convolutions/results.md.
# Usage: bench/convolutions/run.sh [REPEATS]   (calls per block; 3 blocks per engine, alternated)
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test-compile
./mvnw -B test -Dtest=ConvolutionBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.convolutions=true \
  -Dbench.repeats="${1:-100}" -Dbench.out="$(pwd)/bench/convolutions"
cat bench/convolutions/results.md
