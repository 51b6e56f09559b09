# Sourced by every script: one target dir and one tool root, outside the clone,
# so a fresh checkout (CI) reuses what this machine already built.
LE_CACHE="${LE_CACHE:-$HOME/.cache/loyalty-engine}"
export LE_TOOLS="$LE_CACHE/tools"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$LE_CACHE/target}"
LE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$LE_TOOLS/bin:$LE_ROOT/node_modules/.bin:$PATH"
