;; For test_export_multi.c: imports from a module the reader cannot find.
(module
  (import "mm_nowhere" "f" (func $f (result i32)))
  (func (export "call_f") (result i32) (call $f)))
