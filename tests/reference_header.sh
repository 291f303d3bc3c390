#!/usr/bin/env bash
# Prints the directory holding WAMR 2.4.3's reference wasm_c_api.h, vendored by the
# wamrx-sys crate (downloaded by cargo, never copied into this repository).
set -euo pipefail
cd "$(dirname "$0")/.."
manifest=$(cargo metadata --format-version 1 2>/dev/null \
  | python3 -c 'import json,sys; print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"]=="wamrx-sys"))')
echo "$(dirname "$manifest")/wasm-micro-runtime/core/iwasm/include"
