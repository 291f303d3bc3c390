;; A host function called in the middle of a computation; what comes after the call
;; still has to run after the host deleted every handle it could.
(module
  (import "env" "host" (func $host))
  (func (export "typed") (param i32) (result i32)     ;; (p + 1) * 2, host called between
    (local.set 0 (i32.add (local.get 0) (i32.const 1)))
    (call $host)
    (i32.mul (local.get 0) (i32.const 2)))
  (func (export "untyped") (param i32 i32 i32) (result i32 i32)  ;; (a+b+c, a*b*c)
    (call $host)
    (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2))
    (i32.mul (i32.mul (local.get 0) (local.get 1)) (local.get 2))))
