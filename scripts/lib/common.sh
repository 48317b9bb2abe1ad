# Shared by the scripts in scripts/: logging, checks, and small helpers. Source it; it sets
# nothing but functions and REPO_ROOT.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT

info() { echo "INFO - $*" >&2; }
warn() { echo "WARN - $*" >&2; }
error() { echo "ERROR - $*" >&2; }
die() {
  error "$*"
  exit 1
}

# check "description" command...: runs a check in this shell (so it may set variables),
# prints PASS/FAIL, and counts it; a failure shows the end of what the check printed.
CHECKS_PASSED=0
CHECKS_FAILED=0
check() {
  local description=$1 output
  shift
  output=$(mktemp)
  if "$@" >"$output" 2>&1; then
    echo "PASS - $description"
    CHECKS_PASSED=$((CHECKS_PASSED + 1))
  else
    echo "FAIL - $description"
    tail -n 15 "$output" | sed 's/^/       /'
    CHECKS_FAILED=$((CHECKS_FAILED + 1))
  fi
  rm -f "$output"
}

# Prints the closing line test runners' readers look for, and fails when a check failed.
checks_summary() {
  echo "${CHECKS_PASSED} passed, ${CHECKS_FAILED} failed"
  [ "$CHECKS_FAILED" -eq 0 ]
}

# json_get EXPR: reads JSON on stdin and prints the value at a JavaScript path like .a[0].b
json_get() {
  node -e '
    let s = ""
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const v = new Function("j", "return j" + process.argv[1])(JSON.parse(s))
      console.log(typeof v === "object" ? JSON.stringify(v) : v)
    })' "$1"
}

# wait_for_http URL [SECONDS]: waits until URL answers 2xx.
wait_for_http() {
  local url=$1 deadline=$((SECONDS + ${2:-60}))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

require() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd is required but not installed"
  done
}
