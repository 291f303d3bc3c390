;; multi: functions with several results, on both sides.
(module
  (import "" "reverse" (func $reverse (param i32 i64 i64 i32) (result i32 i64 i64 i32)))
  ;; run(a, b, c, d) passes its arguments to the host function in a different
  ;; order: reverse(d, c, b, a), and returns what it returned.
  (func (export "run") (param i32 i64 i64 i32) (result i32 i64 i64 i32)
    (call $reverse (local.get 3) (local.get 2) (local.get 1) (local.get 0)))
  ;; divmod(a, b) = (a / b, a % b), computed in wasm
  (func (export "divmod") (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1))
    (i32.rem_u (local.get 0) (local.get 1))))
