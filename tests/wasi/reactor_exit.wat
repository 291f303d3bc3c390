;; A reactor whose `_initialize` calls proc_exit(3): instantiation fails with the exit trap.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_initialize") (call $proc_exit (i32.const 3))))
