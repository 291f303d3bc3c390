;; Import linking: fd_write (overridable by a host function), random_get
;; (built in), proc_raise with a signature wasi-common does not have (not
;; linked), and env.host (not WASI).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise))
  (import "env" "host" (func $host (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "via fd_write\n")
  ;; the result of fd_write(1, "via fd_write\n") and the count it stored
  (func (export "write") (result i32 i32)
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 13))
    (i32.store (i32.const 8) (i32.const -1))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))
    (i32.load (i32.const 8)))
  (func (export "rand") (result i32) (call $random_get (i32.const 256) (i32.const 16)))
  (func (export "raise") (call $proc_raise))
  (func (export "host") (result i32) (call $host)))
