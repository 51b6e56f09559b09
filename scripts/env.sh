# Sourced by every script: one target dir and one tool root, outside the clone,
# so a fresh checkout (CI) reuses what this machine already built.
LE_CACHE="${LE_CACHE:-$HOME/.cache/loyalty-engine}"
export LE_TOOLS="$LE_CACHE/tools"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$LE_CACHE/target}"
LE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$LE_TOOLS/bin:$LE_ROOT/node_modules/.bin:$PATH"
# The package's wasm-opt flags (scripts/build-pkg, and the scripts that
# measure what it ships). --converge repeats -Oz until nothing changes:
# -245 B gzip for 4 s more (cached), speed unchanged (bench/ab.mjs, 2026-12-07).
LE_WASM_OPT_FLAGS=(-Oz --converge)
