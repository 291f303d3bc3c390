;; trap: ways a call can fail.
(module
  (import "" "fail" (func $fail (result i32)))
  ;; a host function that returns a trap
  (func (export "callback") (result i32) (call $fail))
  (func (export "unreachable") (result i32) (unreachable))
  (func (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  ;; endless recursion
  (func $recurse (export "recurse") (param i32) (result i32)
    (call $recurse (i32.add (local.get 0) (i32.const 1)))))
