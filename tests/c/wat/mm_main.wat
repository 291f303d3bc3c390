;; For test_export_multi.c: imports from mm_dep, one import mm_dep does not export.
(module
  (import "mm_dep" "twice" (func $twice (param i32) (result i32)))
  (import "mm_dep" "bump" (func $bump (result i32)))
  (import "mm_dep" "nothere" (func $nothere (result i32)))
  (import "mm_dep" "counter" (global $counter (mut i32)))
  (func (export "call_twice") (param i32) (result i32) (call $twice (local.get 0)))
  (func (export "call_bump") (result i32) (call $bump))
  (func (export "counter") (result i32) (global.get $counter))
  (func (export "call_nothere") (result i32) (call $nothere)))
