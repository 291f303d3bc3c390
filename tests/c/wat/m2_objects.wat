;; test_objects: sees a host memory, global and table.
(module
  (import "env" "mem" (memory 1 3))
  (import "env" "g" (global $g (mut f64)))
  (import "env" "t" (table 2 5 externref))
  (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "getg") (result f64) global.get $g)
  (func (export "tget") (param i32) (result externref) local.get 0 table.get 0)
  (func (export "tsize") (result i32) table.size 0))
