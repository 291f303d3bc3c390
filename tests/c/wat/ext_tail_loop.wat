;; Endless tail calls (found by fuzzing): `return_call` to itself, directly and through
;; a second function, and a plain endless loop for comparison. Only fuel or an
;; interrupt ends them; tests/c/ext_tail_loop.c.
(module
  (func $self (export "self") (result i32)
    return_call $self)
  (func $ping (export "ping") (param i32) (result i32)
    (return_call $pong (i32.add (local.get 0) (i32.const 1))))
  (func $pong (param i32) (result i32)
    (return_call $ping (local.get 0)))
  ;; countdown(n): n tail calls, then 7
  (func $countdown (export "countdown") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 7))
      (else (return_call $countdown (i32.sub (local.get 0) (i32.const 1))))))
)
