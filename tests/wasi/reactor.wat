;; WASI reactor: `_initialize` must run once, automatically, at instantiation
;; (as WAMR does). It adds 1 to $g and prints a line; `__post_instantiate` adds
;; 10; `__wasm_call_ctors` would add 100 (WAMR runs it only for non-WASI modules).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (data (i32.const 64) "initialized\n")
  (func (export "_initialize")
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 12))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "__post_instantiate") (global.set $g (i32.add (global.get $g) (i32.const 10))))
  (func (export "__wasm_call_ctors") (global.set $g (i32.add (global.get $g) (i32.const 100))))
  (func (export "get") (result i32) (global.get $g)))
