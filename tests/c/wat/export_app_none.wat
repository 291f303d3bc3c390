;; For test_export_app.c: no entry point at all (no _start, main, __main_argc_argv, _main).
(module
  (memory (export "memory") 1)
  (func (export "run") (result i32) (i32.const 1)))
