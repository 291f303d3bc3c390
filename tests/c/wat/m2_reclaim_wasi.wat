;; A WASI command-style module for test_reclaim.c: each instance gets its own WASI context.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "run") (param i32) (result i32)
    (drop (call $sizes (i32.const 0) (i32.const 4)))
    (i32.add (local.get 0) (i32.load (i32.const 0)))))
