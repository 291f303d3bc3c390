;; WASI command whose `_start` traps: wasi_run prints the trap and returns 1.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (unreachable)))
