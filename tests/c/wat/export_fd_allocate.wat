;; For test_export_fd_allocate.c: WASI fd_allocate on a file (stdout, redirected by the
;; host), returning the errno.
(module
  (import "wasi_snapshot_preview1" "fd_allocate" (func $allocate (param i32 i64 i64) (result i32)))
  (memory (export "memory") 1)
  (func (export "allocate") (param i32 i64 i64) (result i32)
    (call $allocate (local.get 0) (local.get 1) (local.get 2))))
