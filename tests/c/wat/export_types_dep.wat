;; For test_export_types.c: imports from a registered module (multi-module): a global
;; it exports is linked, a function is not (WAMR's `linked` counts natives only).
(module
  (import "gdep" "gi32" (global (mut i32)))
  (import "gdep" "seven" (func (result i32))))
