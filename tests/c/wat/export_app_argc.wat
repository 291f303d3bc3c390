;; For test_export_app.c: no main, but __main_argc_argv (which execute_main takes
;; before _main) and _main.
(module
  (memory (export "memory") 1)
  (func (export "_main") (result i32) (i32.const 7))
  (func (export "__main_argc_argv") (param $argc i32) (param $argv i32) (result i32)
    (i32.add (local.get $argc) (i32.const 100))))
