# Sourced by scripts/*: the repository root, PATH with cargo's and the npm tools' bin dirs, and
# small helpers. Safe to source more than once.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT
E2E_DIR="$ROOT/tests/e2e"
export E2E_DIR

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac
# binaryen's wasm-opt (npm) must come before any other wasm-opt (Debian's 108 can't read rustc 1.95's wasm).
case ":$PATH:" in *":$E2E_DIR/node_modules/.bin:"*) ;; *) export PATH="$E2E_DIR/node_modules/.bin:$PATH" ;; esac

# Where playwright-core finds the browser (tests read it too).
export MINGLU_CHROMIUM="${MINGLU_CHROMIUM:-/usr/bin/chromium}"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
say() { printf '[%s] %s\n' "${SCRIPT_NAME:-minglu}" "$*"; }
die() { printf '[%s] ERROR: %s\n' "${SCRIPT_NAME:-minglu}" "$*" >&2; exit 1; }

# trunk build --release --offline ARGS…, one at a time among these scripts (concurrent trunk
# builds in one checkout share target/wasm-bindgen and trip over each other); retried once when
# another build (e.g. someone's `trunk serve`) pulled a directory from under it.
trunk_build() {
  local lock="${CARGO_TARGET_DIR:-$ROOT/target}/.minglu-trunk.lock" log rc
  mkdir -p "$(dirname "$lock")"
  log=$(mktemp)
  (
    flock 9
    for attempt in 1 2; do
      trunk build --release --offline "$@" 2>&1 | tee "$log"
      rc=${PIPESTATUS[0]}
      if (( rc == 0 )) || ! grep -q 'No such file or directory' "$log" || (( attempt == 2 )); then exit "$rc"; fi
      echo "[trunk_build] failed on a vanished file (another build in this checkout?); retrying once"
    done
  ) 9>"$lock"
  rc=$?
  rm -f "$log"
  return "$rc"
}
