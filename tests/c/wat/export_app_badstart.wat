;; For test_export_app.c: a _start that is not WASI's (it takes a parameter), which
;; WAMR's loader refuses.
(module
  (memory (export "memory") 1)
  (func (export "_start") (param i32))
  (func (export "_main") (result i32) (i32.const 7)))
