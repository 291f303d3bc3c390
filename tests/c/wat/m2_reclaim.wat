;; One instance of a loop that instantiates over and over (test_reclaim.c): a page of
;; memory, a table, a global and a host import, all touched by `run`.
(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (memory (export "mem") 1)
  (table 4 funcref)
  (global $g (mut i32) (i32.const 0))
  (elem (i32.const 0) $run)
  (data (i32.const 16) "reclaim")
  (func $run (export "run") (param i32) (result i32)
    (i32.store (i32.const 64) (local.get 0))
    (global.set $g (call $twice (local.get 0)))
    (i32.add (global.get $g) (i32.load8_u (i32.const 16)))))
