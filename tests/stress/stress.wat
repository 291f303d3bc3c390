;; The module every stress thread instantiates (tests/stress/stress_threads.c).
(module
  (import "env" "host_mul" (func $host_mul (param i32 i32) (result i32)))
  (memory (export "mem") 1 4)
  (global $calls (export "calls") (mut i64) (i64.const 0))
  ;; add(a, b) = a + b, and counts its calls in a global
  (func (export "add") (param i32 i32) (result i32)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (i32.add (local.get 0) (local.get 1)))
  ;; via_host(a, b) = host_mul(a, b) + 1 (a wasm -> host call)
  (func (export "via_host") (param i32 i32) (result i32)
    (i32.add (call $host_mul (local.get 0) (local.get 1)) (i32.const 1)))
  ;; sum(n) = 0 + 1 + ... + (n-1), through memory
  (func (export "sum") (param $n i32) (result i32) (local $i i32)
    (i32.store (i32.const 0) (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.load (i32.const 0)))
  ;; spin() never returns: only fuel or an interrupt stops it
  (func (export "spin") (loop $l (br $l)))
)
