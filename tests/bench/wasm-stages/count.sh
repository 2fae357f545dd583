#!/usr/bin/env bash
# Instructions, not milliseconds, of the engine's stages in Node's V8 (the module run.mjs runs,
# built as the browser's worker is): valgrind counts every instruction the process executes, and
# its count barely moves between runs (±0.5 % here), where this VM's timings wander by half.
# Node runs --single-threaded so the compiles V8 does meanwhile happen, and are counted, on one
# thread, in the same order every run.
#
#   count.sh steady MODULE.wasm FILE
#       one run of the check and the duplicate search in optimized code (every function compiled
#       by TurboFan up front: --no-liftoff --no-wasm-lazy-compilation): (3 runs − 1 run) / 2
#   count.sh stages MODULE.wasm FILE STAGES
#       as steady, for the stages named (run.mjs's list: read,map,validate,dedup …)
#   count.sh first MODULE.wasm FILE [WARM]
#       read, map, check and duplicates of FILE the first time, with V8's default tiering (each
#       function's first calls in baseline code) — cold, or after the same on WARM (the worker's
#       warm-up, app/src/work/warm_up.rs); the warm-up's own count beside it
#
# Slow: valgrind runs V8 ~50× slower (20k rows: a few minutes a count).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mode=${1:?usage: count.sh steady|stages|first MODULE.wasm FILE [STAGES|WARM]}
wasm=${2:?MODULE.wasm}
file=${3:?FILE}
count() { # node flags…, then the script and its arguments
  valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/dev/null \
    node --single-threaded "$@" 2>&1 | awk '/Collected/ { print $4 }'
}
case $mode in
  steady)
    flags=(--no-liftoff --no-wasm-lazy-compilation)
    one=$(count "${flags[@]}" "$here/run.mjs" "$wasm" "$file" validate,dedup 1)
    three=$(count "${flags[@]}" "$here/run.mjs" "$wasm" "$file" validate,dedup 3)
    echo "$(basename "$wasm") $(basename "$file"): check + duplicates, optimized: $(( (three - one) / 2 )) instructions a run"
    ;;
  stages)
    stages=${4:?STAGES, e.g. read,map,validate,dedup}
    flags=(--no-liftoff --no-wasm-lazy-compilation)
    one=$(count "${flags[@]}" "$here/run.mjs" "$wasm" "$file" "$stages" 1)
    three=$(count "${flags[@]}" "$here/run.mjs" "$wasm" "$file" "$stages" 3)
    echo "$(basename "$wasm") $(basename "$file"): $stages, optimized: $(( (three - one) / 2 )) instructions a run"
    ;;
  first)
    warm=${4:--}
    before=$(count "$here/warm.mjs" "$wasm" "$file" "$warm" 0)
    after=$(count "$here/warm.mjs" "$wasm" "$file" "$warm" 1)
    echo "$(basename "$wasm") $(basename "$file"): read + map + check + duplicates, first time$([[ $warm != - ]] && echo " after $(basename "$warm")"): $(( after - before )) instructions (before it: $before)"
    ;;
  *) echo "usage: count.sh steady|stages|first MODULE.wasm FILE [STAGES|WARM]" >&2; exit 2 ;;
esac
