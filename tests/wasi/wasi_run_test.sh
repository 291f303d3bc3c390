#!/usr/bin/env bash
# End-to-end tests of samples/c/wasi_run on WAT-written WASI command modules:
# exact stdout, stderr and exit status.
# Usage: wasi_run_test.sh path/to/wasi_run dir/with/wasm
set -u
run=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
wasm=$(cd "$2" && pwd)
passed=0 failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# expect NAME STATUS STDOUT STDERR -- command...
expect() {
  local name=$1 want_rc=$2 want_out=$3 want_err=$4
  shift 5
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  local out err
  out=$(cat "$work/out"; echo x); out=${out%x}
  err=$(cat "$work/err"; echo x); err=${err%x}
  if [ "$rc" = "$want_rc" ] && [ "$out" = "$want_out" ] && [ "$err" = "$want_err" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name: status $rc (want $want_rc)"
    echo "  stdout: $(printf %q "$out") (want $(printf %q "$want_out"))"
    echo "  stderr: $(printf %q "$err") (want $(printf %q "$want_err"))"
  fi
}
nl=$'\n'

expect hello 0 "Hello from WASI on stdout!$nl" "Hello from WASI on stderr!$nl" -- \
  "$run" "$wasm/hello.wasm"
expect exit-code 7 "exiting with 7$nl" "" -- "$run" "$wasm/exit.wasm"
# argv is the module path then the arguments; the environment is not passed on.
expect args 0 "argc=3${nl}arg: $wasm/args_env.wasm${nl}arg: a b${nl}arg: c${nl}envc=0$nl" "" -- \
  env WASI_RUN_SHOULD_NOT_SEE=1 "$run" "$wasm/args_env.wasm" "a b" c
# The current directory is preopened as ".".
mkdir -p "$work/cwd"
printf 'from the cwd\n' >"$work/cwd/in.txt"
expect files 0 "preopen: .${nl}read: from the cwd${nl}done$nl" "" -- \
  sh -c 'cd "$1" && exec "$2" "$3"' sh "$work/cwd" "$run" "$wasm/files.wasm"
if [ "$(cat "$work/cwd/out.txt" 2>/dev/null)" = "written by wasm" ]; then passed=$((passed + 1)); else
  failed=$((failed + 1)); echo "FAIL files: out.txt not written in the current directory"; fi
# An empty directory: in.txt is missing, the module reports ENOENT (44) and exits 1.
mkdir -p "$work/empty"
expect files-missing 1 "preopen: .${nl}error 3 44$nl" "" -- \
  sh -c 'cd "$1" && exec "$2" "$3"' sh "$work/empty" "$run" "$wasm/files.wasm"
expect trap 1 "" "Exception: unreachable$nl" -- "$run" "$wasm/crash.wasm"
expect no-start 1 "" "wasi_run: the module has no _start function (not a WASI command)$nl" -- \
  "$run" "$wasm/clock_random.wasm"
expect init-exit 3 "" "" -- "$run" "$wasm/reactor_exit.wasm"
expect no-file 1 "" "wasi_run: cannot read $work/nope.wasm$nl" -- "$run" "$work/nope.wasm"
expect usage 1 "" "usage: wasi_run module.wasm [args...]$nl" -- "$run"

echo "wasi_run: $passed passed, $failed failed"
[ "$failed" = 0 ]
