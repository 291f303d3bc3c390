;; test_instance: positional linking (f1 func, g global, f2 func).
(module
  (import "env" "f1" (func $f1 (result i32)))
  (import "env" "g" (global $g i32))
  (import "env" "f2" (func $f2 (result i32)))
  (func (export "callf1") (result i32) call $f1)
  (func (export "getg") (result i32) global.get $g)
  (func (export "callf2") (result i32) call $f2))
