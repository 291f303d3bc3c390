;; For test_export_natives.c: imports resolved against natives registered with
;; wasm_runtime_register_natives(_raw), called with WAMR's signature conventions.
(module
  (import "env" "add2" (func $add2 (param i32 i32) (result i32)))
  (import "env" "fill" (func $fill (param i32 i32 i32)))             ;; (*~i): buffer, length, byte
  (import "env" "length" (func $length (param i32) (result i32)))    ;; ($)i
  (import "env" "wide" (func $wide (param i64 f64 f32) (result f64))) ;; (IFf)F
  (import "env" "_under" (func $under (result i32)))                  ;; found as "under"
  (import "env" "refuse" (func $refuse))                              ;; sets the exception
  (import "env" "mismatch" (func $mismatch (param i32) (result i32))) ;; registered as (I)I: unlinked
  (import "env" "reenter" (func $reenter (param i32) (result i32)))   ;; calls "twice" back
  (import "env" "whoami" (func $whoami (result i32)))                 ;; attachment, module_inst
  (import "raw" "sum3" (func $sum3 (param i32 i64 i32) (result i64))) ;; a raw native
  (memory (export "memory") 1)
  (data (i32.const 100) "hello, natives\00")
  (func (export "call_add2") (param i32 i32) (result i32) (call $add2 (local.get 0) (local.get 1)))
  ;; fills [off, off+len) with b; returns the byte at off+len-1
  (func (export "call_fill") (param i32 i32 i32) (result i32)
    (call $fill (local.get 0) (local.get 1) (local.get 2))
    (i32.load8_u (i32.sub (i32.add (local.get 0) (local.get 1)) (i32.const 1))))
  (func (export "call_length") (param i32) (result i32) (call $length (local.get 0)))
  (func (export "call_wide") (result f64) (call $wide (i64.const -3) (f64.const 0.5) (f32.const 2.25)))
  (func (export "call_under") (result i32) (call $under))
  (func (export "call_refuse") (call $refuse))
  (func (export "call_mismatch") (result i32) (call $mismatch (i32.const 1)))
  (func (export "call_reenter") (param i32) (result i32) (call $reenter (local.get 0)))
  (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "call_whoami") (result i32) (call $whoami))
  (func (export "call_sum3") (result i64) (call $sum3 (i32.const -1) (i64.const 5000000000) (i32.const 7))))
