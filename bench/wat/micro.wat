;; Micro benchmarks for `make bench` (bench/capi_bench.c, bench/py_bench.py, bench/engines).
;; Memory: 1 MiB source at 0, 1 MiB destination at 1 MiB.
(module
  (import "env" "host_inc" (func $host_inc (param i32) (result i32)))
  (memory (export "memory") 33)

  ;; call overhead
  (func (export "empty"))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "mixed8") (param i32 i64 f32 f64 i32 i64 f32 f64) (result i32 i64 f32 f64)
    (i32.add (local.get 0) (local.get 4))
    (i64.add (local.get 1) (local.get 5))
    (f32.add (local.get 2) (local.get 6))
    (f64.add (local.get 3) (local.get 7)))

  ;; wasm -> host: calls env.host_inc n times, threading the value through
  (func (export "host_loop") (param $n i32) (result i32)
    (local $acc i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (call $host_inc (local.get $acc)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $acc))

  ;; recursion
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; a tight arithmetic loop (n iterations)
  (func (export "loop") (param $n i32) (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (local.get $acc))

  ;; memory.copy of 1 MiB, reps times
  (func (export "memcopy_bulk") (param $reps i32)
    (loop $l
      (memory.copy (i32.const 0x100000) (i32.const 0) (i32.const 0x100000))
      (local.set $reps (i32.sub (local.get $reps) (i32.const 1)))
      (br_if $l (local.get $reps))))

  ;; the same copy as a wasm loop of i64 loads and stores
  (func (export "memcopy_loop") (param $reps i32)
    (local $i i32)
    (loop $r
      (local.set $i (i32.const 0))
      (loop $l
        (i64.store offset=0x100000 (local.get $i) (i64.load (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 0x100000))))
      (local.set $reps (i32.sub (local.get $reps) (i32.const 1)))
      (br_if $r (local.get $reps))))
)
