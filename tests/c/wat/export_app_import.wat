;; For test_export_app.c: "main" is an imported function (a native) exported again, which
;; execute_main does not run.
(module
  (import "env" "answer" (func $answer (result i32)))
  (memory (export "memory") 1)
  (export "main" (func $answer)))
