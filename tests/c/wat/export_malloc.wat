;; For test_export_memory.c: a module with its own malloc and free, which the app
;; heap must use (a bump allocator counting its calls).
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (global $frees (mut i32) (i32.const 0))
  (func (export "malloc") (param i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get 0)))
    (local.get $p))
  (func (export "free") (param i32) (global.set $frees (i32.add (global.get $frees) (i32.const 1))))
  (func (export "frees") (result i32) (global.get $frees)))
