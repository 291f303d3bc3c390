;; For test_export_app.c: a WASI command. Its _start calls proc_exit with the code
;; set_code gave (5 at first); a negative code makes _start return, 99 makes it trap.
;; Its main, which execute_main must not take over _start, stores 1 at 0x10.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (global $code (mut i32) (i32.const 5))
  (func (export "set_code") (param i32) (global.set $code (local.get 0)))
  (func (export "_start")
    (if (i32.lt_s (global.get $code) (i32.const 0)) (then (return)))
    (if (i32.eq (global.get $code) (i32.const 99)) (then (unreachable)))
    (call $proc_exit (global.get $code)))
  (func (export "main") (param i32 i32) (result i32)
    (i32.store (i32.const 0x10) (i32.const 1))
    (i32.const 0)))
