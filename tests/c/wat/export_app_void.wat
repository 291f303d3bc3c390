;; For test_export_app.c: main(argc, argv) without a result; it traps when argc is 3.
(module
  (memory (export "memory") 1)
  (func (export "main") (param $argc i32) (param $argv i32)
    (if (i32.eq (local.get $argc) (i32.const 3)) (then (unreachable)))
    (i32.store (i32.const 0x10) (local.get $argc))))
