#!/usr/bin/env bash
# RBM/DBN benchmark: RBMs with 20 hidden units (exact log-likelihood) and 500 (AIS) by
# CD-1, CD-3, CD-25 and PCD, and a DBN, on binarised MNIST-format images.
#
#   bench/rbm/run.sh                                   # Fashion-MNIST from Debian's package
#   bench/rbm/run.sh --train-images train-images-idx3-ubyte.gz --test-images t10k-images-idx3-ubyte.gz
#
# Options (defaults): --updates 1000 --batch 100 --ais-runs 100 --ais-temperatures 3000
#   --dbn 500,2000 --rows "CD-1(20),PCD(500),..." --out bench/rbm/results.md
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -DskipTests test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx6g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${THREADS:-2}" \
  -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.latentforge.models.rbm.RbmBenchmark "$@"
