;; A small module with one export of each kind, for test_module/test_engine_store/test_threads.
(module
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (global (export "g_const") f64 (f64.const 1.5))
  (global (export "g_var") (mut i64) (i64.const 7))
  (table (export "tab") 2 10 funcref)
  (memory (export "mem") 1 3)
  ;; sum(n) = 0 + 1 + ... + (n-1), computed in a loop
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
)
