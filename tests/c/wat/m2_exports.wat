;; Exports of every kind, in a mixed order.
(module
  (func $f (result i32) i32.const 1)
  (memory $m 1 10)
  (global $g (mut i64) (i64.const 42))
  (table $t 3 funcref)
  (export "mem" (memory $m))
  (export "f" (func $f))
  (export "tab" (table $t))
  (export "glob" (global $g))
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "size") (result i32) memory.size))
