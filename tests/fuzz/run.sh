#!/usr/bin/env bash
# Runs the cargo-fuzz targets for a bounded time each (used by `make fuzz`).
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (cargo install cargo-fuzz); cargo fuzz needs nightly flags, which the
# stable toolchain accepts under RUSTC_BOOTSTRAP=1. Working corpora grow in
# build/fuzz/corpus/<target> (seeded from tests/fuzz/seeds/<target>; module_bytes also
# reads build/wasm and ../shared/bench read-only); crashes go to build/fuzz/artifacts/<target>/
# and are replayed once at the end so their panic message shows.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(module_bytes smith_instantiate api_sequence differential)
export RUSTC_BOOTSTRAP=1
cargo fuzz build --fuzz-dir tests/fuzz
bin=tests/fuzz/target/x86_64-unknown-linux-gnu/release
status=0
for t in "${targets[@]}"; do
  corpus=build/fuzz/corpus/$t; art=build/fuzz/artifacts/$t
  mkdir -p "$corpus" "$art"
  dirs=("$corpus")
  [ -d tests/fuzz/seeds/$t ] && dirs+=(tests/fuzz/seeds/$t)
  flags=(-max_total_time="$secs" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$art/")
  if [ "$t" = module_bytes ]; then
    [ -d build/wasm ] && dirs+=(build/wasm)
    # The benchmark modules (up to 4 MB: too big to mutate at speed) run once whole;
    # the fuzzing itself starts from the small modules.
    bench=${FUZZ_BENCH:-../shared/bench}
    if [ -d "$bench" ]; then
      echo "== $t: the modules of $bench, whole"
      if ! "$bin/$t" -close_fd_mask=2 -artifact_prefix="$art/" "$bench"/*.wasm > "build/fuzz/$t.bench.log" 2>&1; then
        status=1; echo "!! $t failed on a benchmark module; log: build/fuzz/$t.bench.log"
      fi
    fi
    # the library reports each refused module on stderr: keep the log readable
    flags+=(-max_len=65536 -close_fd_mask=2)
  fi
  # wasm-smith makes richer modules from more bytes: start with the full length at once
  [ "$t" = smith_instantiate ] || [ "$t" = differential ] && flags+=(-max_len=4096 -len_control=0)
  echo "== fuzz $t for ${secs}s (corpus: ${dirs[*]})"
  if "$bin/$t" "${dirs[@]}" "${flags[@]}" > "build/fuzz/$t.log" 2>&1; then
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|Done )' "build/fuzz/$t.log" || tail -3 "build/fuzz/$t.log"
  else
    status=1
    echo "!! fuzz $t failed; log: build/fuzz/$t.log"
    grep -v '^"' "build/fuzz/$t.log" | grep -E 'ERROR|SUMMARY|panicked|Test unit written' | head -20
    for a in "$art"/*; do
      [ -f "$a" ] || continue
      echo "-- replaying $a"
      "$bin/$t" "$a" 2>&1 | grep -v '^    #' | grep -E -A3 'panicked|ERROR|SUMMARY' | head -20 || true
    done
  fi
done
exit $status
