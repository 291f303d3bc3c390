;; For test_export_libc.c: an app exporting its own malloc and free, which then are its
;; app heap, for libc-builtin's malloc and free as well (a bump allocator counting its
;; frees). With $recurse set, its malloc calls libc-builtin's malloc instead, which
;; comes back to it, without end.
(module
  (import "env" "malloc" (func $malloc (param i32) (result i32)))
  (import "env" "free" (func $free (param i32)))
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (global $frees (mut i32) (i32.const 0))
  (global $recurse (mut i32) (i32.const 0))
  (func (export "malloc") (param i32) (result i32)
    (local $p i32)
    (if (global.get $recurse) (then (return (call $malloc (local.get 0)))))
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get 0)))
    (local.get $p))
  (func (export "free") (param i32) (global.set $frees (i32.add (global.get $frees) (i32.const 1))))
  (func (export "frees") (result i32) (global.get $frees))
  (func (export "set_recurse") (param i32) (global.set $recurse (local.get 0)))
  (func (export "call_malloc") (param i32) (result i32) (call $malloc (local.get 0)))
  (func (export "call_free") (param i32) (call $free (local.get 0))))
