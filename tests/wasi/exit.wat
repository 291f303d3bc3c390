;; WASI proc_exit: `_start` prints a line then exits with 7; `exit_with` exits
;; with its argument; `crash` hits unreachable (a trap that is not an exit).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "exiting with 7\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 15))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 7))
    (unreachable))
  (func (export "exit_with") (param i32)
    (call $proc_exit (local.get 0))
    (unreachable))
  (func (export "crash") (unreachable)))
