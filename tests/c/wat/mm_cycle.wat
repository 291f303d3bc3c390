;; For test_export_multi.c: imports from a module of its own name (a cycle, refused).
(module
  (import "mm_cycle" "f" (func $f (result i32)))
  (func (export "call_f") (result i32) (call $f)))
