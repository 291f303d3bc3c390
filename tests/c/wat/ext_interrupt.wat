(module
  (type $v (func))
  (table 1 funcref) (elem (i32.const 0) $spin_table)
  ;; each export runs (practically) forever in a different way
  (func (export "loop") (loop $l (br $l)))
  (func (export "loop_if") (param $n i32)
    (loop $l (br_if $l (i32.ne (local.get $n) (i32.const -1)))))
  (func $spin_table (export "br_table") (loop $l (br_table $l $l (i32.const 0))))
  (func $tail (export "tail_call") (return_call $tail))
  (func $tail_indirect (export "tail_call_indirect") (return_call_indirect (type $v) (i32.const 0)))
  ;; recursion without loops: fib(n) by calls and forward branches only
  (func $fib (export "fib") (param $n i64) (result i64)
    (if (result i64) (i64.lt_u (local.get $n) (i64.const 2))
      (then (local.get $n))
      (else (i64.add (call $fib (i64.sub (local.get $n) (i64.const 1)))
                     (call $fib (i64.sub (local.get $n) (i64.const 2)))))))
  (func (export "straight") (result i32) (i32.const 7))
)
