;; For test_export_types.c: imports of every kind in mixed order (WAMR lists them as
;; functions, tables, memories, then globals), exports of every kind in module order,
;; and custom sections (two named "dup": WAMR finds the last). It imports WASI, so it
;; exports "memory" (WAMR's loader requires it); $size keeps WAMR from turning the
;; memory into one big page (it does when no code reads or grows the memory size).
(module
  (import "env" "g_imp" (global $gi (mut i64)))
  (import "env" "add2" (func $add2 (param i32 i32) (result i32)))
  (import "env" "tab_imp" (table 2 10 funcref))
  (import "env" "nothing" (func (param i64 f32) (result f64)))
  (import "env" "mem_imp" (memory 1))
  (import "wasi_snapshot_preview1" "fd_close" (func (param i32) (result i32)))
  (global $g1 f32 (f32.const 1.5))
  (global $g2 (mut i32) (i32.const 7))
  (table $t2 3 externref)
  (func $f (param i32 i64 f32 f64) (result f64 i32) (local.get 3) (local.get 0))
  (func $size (result i32) (memory.size))
  (export "f" (func $f))
  (export "add" (func $add2))
  (export "g1" (global $g1))
  (export "memory" (memory 0))
  (export "gi" (global $gi))
  (export "tab" (table 0))
  (export "g2" (global $g2))
  (export "t2" (table $t2))
  (@custom "dup" (before first) "one")
  (@custom "meta" (after last) "\00\01\02")
  (@custom "dup" (after last) "two!"))
