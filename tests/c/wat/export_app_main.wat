;; For test_export_app.c: an app with main(argc, argv), run by wasm_application_execute_main,
;; and functions for wasm_application_execute_func.
(module
  (memory (export "memory") 1)
  ;; Stores argc at 0x10 and argv at 0x14, copies the argument strings (each with its
  ;; NUL) one after the other from 0x100; returns argc * 1000 + their total length, or
  ;; -1 if argv is not 4-byte aligned.
  (func (export "main") (param $argc i32) (param $argv i32) (result i32)
    (local $i i32) (local $p i32) (local $dst i32) (local $total i32) (local $c i32)
    (i32.store (i32.const 0x10) (local.get $argc))
    (i32.store (i32.const 0x14) (local.get $argv))
    (if (i32.and (local.get $argv) (i32.const 3)) (then (return (i32.const -1))))
    (local.set $dst (i32.const 0x100))
    (block $done
      (loop $args
        (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
        (local.set $p (i32.load (i32.add (local.get $argv) (i32.shl (local.get $i) (i32.const 2)))))
        (block $end
          (loop $chars
            (local.set $c (i32.load8_u (local.get $p)))
            (i32.store8 (local.get $dst) (local.get $c))
            (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
            (br_if $end (i32.eqz (local.get $c)))
            (local.set $total (i32.add (local.get $total) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $chars)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $args)))
    (i32.add (i32.mul (local.get $argc) (i32.const 1000)) (local.get $total)))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "mul64") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
  (func (export "half") (param f32) (result f32) (f32.div (local.get 0) (f32.const 2)))
  (func (export "add_f64") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
  (func (export "bits32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "bits64") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
  (func (export "same") (param i32) (result i32) (local.get 0))
  ;; all four kinds in, all four out, reversed
  (func (export "reverse") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    (local.get 3) (local.get 2) (local.get 1) (local.get 0))
  ;; no results: stores its argument at 0x20
  (func (export "store") (param i32) (i32.store (i32.const 0x20) (local.get 0)))
  (func (export "trap") (param i32) (result i32) (unreachable))
  (func (export "null_func") (result funcref) (ref.null func)))
