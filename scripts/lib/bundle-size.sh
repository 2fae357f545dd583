#!/usr/bin/env bash
# bundle-size.sh DIST [LIMIT]: the gzip -9 size of every .wasm in DIST, and their sum against
# issue #7's bar (1.5 MB = 1,500,000 bytes). Exits 1 over the limit, so a change that grows the
# bundle past it fails the test run instead of being found by the next benchmark.
set -euo pipefail
dist=$1
limit=${2:-1500000}
total=0
shopt -s nullglob
files=("$dist"/*.wasm)
(( ${#files[@]} > 0 )) || { echo "no .wasm in $dist"; exit 1; }
for f in "${files[@]}"; do
  size=$(gzip -9 -c "$f" | wc -c)
  echo "$(basename "$f"): $size bytes gzip -9"
  total=$((total + size))
done
echo "total: $total bytes gzip -9 (limit $limit, $((limit - total)) to spare)"
(( total <= limit )) || { echo "the wasm bundle is over the limit"; exit 1; }
