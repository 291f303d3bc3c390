;; Imports of every kind (module order: func, global, table, memory, global; WAMR lists
;; them by kind: func, global, global, memory, table),
;; and exports that re-export some of them, for test_module.
(module
  (import "env" "f" (func $f (param i32 i64) (result f32)))
  (import "env" "g" (global $g (mut i32)))
  (import "mod2" "t" (table $t 3 externref))
  (import "env" "m" (memory $m 2))
  (import "env" "gc" (global $gc f64))
  (func $local (export "local") (result i32) (global.get $g))
  (export "f_again" (func $f))
  (export "m_again" (memory $m))
  (export "t_again" (table $t))
  (export "gc_again" (global $gc))
)
