# Helpers shared by the test scripts (scripts/test, scripts/test-packaging,
# scripts/test-demo). Source it after scripts/env.sh:
#   source "$ROOT/scripts/env.sh"
#   source "$ROOT/scripts/lib.sh"
# It only defines functions and starts the counters (PASSED, FAILED) and the
# wall-time clock (t0); it never exits, traps or changes directory.
# Callers that use run_logged set LOGS to a directory of their own.

t0="$(date +%s%N)"
PASSED=0
FAILED=0

# Milliseconds since T0 (a `date +%s%N` reading).
ms_since() { # T0
  echo $((($(date +%s%N) - $1) / 1000000))
}

# Seconds since T0 with one decimal, e.g. "12.3".
secs_since() { # T0
  local ms
  ms="$(ms_since "$1")"
  printf '%d.%01d' $((ms / 1000)) $((ms % 1000 / 100))
}

# Step header.
step() { # TITLE...
  printf '\n== %s\n' "$*"
}

# Prints the total wall time and THE last line, `N passed, N failed`, then exits.
finish() { # EXIT_CODE
  printf '\n== total wall time: %s s\n' "$(secs_since "$t0")"
  echo "$PASSED passed, $FAILED failed"
  exit "$1"
}

# Adds a step's counts to the totals; a step that exits non-zero without a
# failing count (a build error, a crash) counts as 1 failure. UNIT names what
# is counted in that message (default "test count"). Returns 0 when the step
# passed, 1 otherwise; never stops the run.
tally() { # NAME EXIT_CODE PASSED FAILED [UNIT]
  local name="$1" rc="$2" p="$3" f="$4" unit="${5:-test count}"
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  [ "$rc" != 0 ] || return 0
  if [ "$f" = 0 ]; then
    FAILED=$((FAILED + 1))
    echo "!! $name failed (exit $rc) without a failing $unit: counted as 1 failure"
  fi
  return 1
}

# Records a step's counts; on failure stops the run (fail fast: finish 1).
record() { # NAME EXIT_CODE PASSED FAILED
  local name="$1" rc="$2" p="$3" f="$4"
  if ! tally "$name" "$rc" "$p" "$f"; then
    [ "$f" = 0 ] || echo "!! $name failed: $f failed"
    finish 1
  fi
  echo "-- $name: $p passed, $f failed"
}

# Runs a command, showing its output and keeping a copy in $LOGS/NAME.log;
# returns the command's exit status.
run_logged() { # NAME CMD...
  local name="$1"
  shift
  "$@" 2>&1 | tee "$LOGS/$name.log"
  return "${PIPESTATUS[0]}"
}

# Runs a command as one check of a step, counted 1 passed or 1 failed by its
# exit status into STEP_PASSED / STEP_FAILED (the caller zeroes them before the
# step and hands them to record after it); log in $LOGS/LOG_NAME.log.
run_check() { # LOG_NAME LABEL CMD...
  local log="$1" label="$2" rc
  shift 2
  printf -- '-> %s\n' "$*"
  run_logged "$log" "$@"
  rc=$?
  if [ "$rc" = 0 ]; then
    STEP_PASSED=$((STEP_PASSED + 1))
    echo "-- $label: ok"
  else
    STEP_FAILED=$((STEP_FAILED + 1))
    echo "!! $label: failed (exit $rc)"
  fi
  return "$rc"
}

# ---------------------------------------------------------------- counts
# Each prints its counts on one line, for `read -r p f ... < <(...)`.

# Sums libtest summaries ("test result: ok. 3 passed; 0 failed; ...") and
# "running N tests" lines in a log. With "nodoc", Doc-tests sections are left
# out: under `cargo test --target wasm32-unknown-unknown` a doc-test is a native
# `main` handed to the wasm runner, which reports "ok" without running a test.
libtest_counts() { # LOG [nodoc] -> "PASSED FAILED RUNNING"
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk -v nodoc="${2:-}" '
    /^[[:space:]]*Running / { doc = 0 }
    /^[[:space:]]*Doc-tests / { doc = 1 }
    doc && nodoc == "nodoc" { next }
    /^running [0-9]+ tests?/ { ran += $2 }
    /test result: / {
      for (i = 2; i <= NF; i++) {
        if ($(i) ~ /^passed;?$/) p += $(i - 1)
        if ($(i) ~ /^failed;?$/) f += $(i - 1)
      }
    }
    END { printf "%d %d %d\n", p, f, ran }'
}

# Node's spec reporter closes with "ℹ pass N" / "ℹ fail N"; our runners with
# "N passed, N failed". Sums every such line of a log.
node_counts() { # LOG -> "PASSED FAILED"
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    /^[^ ]+ pass [0-9]+$/ { p += $3 } /^[^ ]+ fail [0-9]+$/ { f += $3 }
    /^[0-9]+ passed, [0-9]+ failed$/ { p += $1; f += $3 }
    END { printf "%d %d\n", p, f }'
}

# Counts of a TAP report of `node --test`: its "# pass N" line, and its
# "# fail N" plus "# cancelled N" lines.
tap_counts() { # TAP_FILE -> "PASSED FAILED"
  local p f
  p="$(awk '/^# pass [0-9]+$/ { print $3 }' "$1" | tail -n 1)"
  f="$(awk '/^# (fail|cancelled) [0-9]+$/ { s += $3 } END { print s + 0 }' "$1")"
  echo "${p:-0} $f"
}

# The counts of a runner closing with `N passed, N failed`: the last such line
# of the log, or with "last-line" only the log's very last line. "FOUND" is 1
# when there was one, else 0 (and the counts are 0 0).
summary_counts() { # LOG [last-line] -> "PASSED FAILED FOUND"
  local line
  if [ "${2:-}" = last-line ]; then
    line="$(tail -n 1 "$1")"
  else
    line="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)"
  fi
  if [[ "$line" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]} 1"
  else
    echo "0 0 0"
  fi
}

# A check without a test count: 1 passed or 1 failed, by its exit status.
check_counts() { # EXIT_CODE -> "PASSED FAILED"
  if [ "$1" = 0 ]; then echo "1 0"; else echo "0 1"; fi
}
