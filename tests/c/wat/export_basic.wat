;; For test_export_*.c (wasm_export.h): numbers of every type in and out, a trap, and a
;; global the start function sets (so instantiation is seen to run it).
(module
  (global $started (mut i32) (i32.const 0))
  (func $start (global.set $started (i32.const 1)))
  (start $start)
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  ;; i64 + f64 + f32, as f64
  (func (export "mix") (param i64 f64 f32) (result f64)
    (f64.add (f64.add (f64.convert_i64_s (local.get 0)) (local.get 1)) (f64.promote_f32 (local.get 2))))
  ;; (a, b) -> (b, a): i64 and f32 swapped
  (func (export "swap") (param i64 f32) (result f32 i64) (local.get 1) (local.get 0))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "started") (result i32) (global.get $started))
  (memory (export "memory") 1))
