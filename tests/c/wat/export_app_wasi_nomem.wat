;; For test_export_app.c: a WASI command that does not export its memory, which WAMR's
;; loader refuses.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory 1)
  (func (export "_start") (call $proc_exit (i32.const 3))))
