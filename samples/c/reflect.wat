;; reflect: one of each kind of import and export, for printing their types.
(module
  (import "env" "log" (func $log (param i32 i64)))
  (import "env" "scale" (global $scale f64))
  (func (export "func") (param i32 f64 f32) (result i32)
    (call $log (local.get 0) (i64.const 0))
    (local.get 0))
  (func (export "pair") (result i64 externref)
    (i64.const 1) (ref.null extern))
  (global (export "global") (mut f64) (f64.const 0))
  (global (export "scaled") f64 (global.get $scale))
  (table (export "table") 2 50 funcref)
  (memory (export "memory") 1))
