;; For test_export_multi.c: a module others import from (multi-module).
(module
  (global (export "counter") (mut i32) (i32.const 100))
  (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "bump") (result i32)
    (global.set 0 (i32.add (global.get 0) (i32.const 1)))
    (global.get 0)))
