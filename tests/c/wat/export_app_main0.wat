;; For test_export_app.c: only _main, which takes no arguments.
(module
  (memory (export "memory") 1)
  (func (export "_main") (result i32) (i32.const 7)))
