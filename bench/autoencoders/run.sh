#!/usr/bin/env bash
# The autoencoder benchmark on Fashion-MNIST: drives the trainers in one JVM (no service
# needed) and writes bench/autoencoders/results.md.
#   bench/autoencoders/run.sh            # the committed budgets (about 20 minutes on 2 shared cores)
#   SCALE=0.02 bench/autoencoders/run.sh # a dry run: every step budget × 0.02
set -euo pipefail
cd "$(dirname "$0")/../.."
SCALE="${SCALE:-1}"
OUT="${OUT:-bench/autoencoders/results.md}"
THREADS="${THREADS:-2}"
case "$OUT" in /*) ;; *) OUT="$PWD/$OUT" ;; esac
./mvnw -B -q spring-javaformat:apply
./mvnw -B test -Dtest=AutoencoderBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dlatentforge.bench=true -Dlatentforge.bench.scale="$SCALE" \
  -Dlatentforge.bench.out="$OUT" \
  -DargLine="-Xmx3g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=$THREADS -Dai.djl.pytorch.num_interop_threads=1 -Dlatentforge.bench=true -Dlatentforge.bench.scale=$SCALE -Dlatentforge.bench.out=$OUT"
echo "results: $OUT"
