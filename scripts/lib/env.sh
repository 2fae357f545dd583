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
