;; For test_export_app.c: a main that takes one parameter, which execute_main refuses.
(module
  (memory (export "memory") 1)
  (func (export "main") (param i32) (result i32) (local.get 0)))
