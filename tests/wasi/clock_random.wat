;; WASI clock_time_get, clock_res_get and random_get, exported for a C driver.
(module
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; the time in ns of clock $id, or -errno
  (func (export "now") (param $id i32) (result i64) (local $e i32)
    (local.set $e (call $clock_time_get (local.get $id) (i64.const 1) (i32.const 0)))
    (if (result i64) (local.get $e)
      (then (i64.sub (i64.const 0) (i64.extend_i32_u (local.get $e))))
      (else (i64.load (i32.const 0)))))
  ;; the resolution in ns of clock $id, or -errno
  (func (export "res") (param $id i32) (result i64) (local $e i32)
    (local.set $e (call $clock_res_get (local.get $id) (i32.const 0)))
    (if (result i64) (local.get $e)
      (then (i64.sub (i64.const 0) (i64.extend_i32_u (local.get $e))))
      (else (i64.load (i32.const 0)))))
  ;; fills [ptr, ptr+len) with random bytes; the errno
  (func (export "rand") (param $ptr i32) (param $len i32) (result i32)
    (call $random_get (local.get $ptr) (local.get $len))))
