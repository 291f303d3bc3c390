;; For test_export_runtime.c: a module whose import finds its native only when it is
;; registered after loading (wasm_runtime_resolve_symbols); also the module given as a
;; list of sections (wasm_runtime_load_from_sections).
(module
  (import "late" "triple" (func $triple (param i32) (result i32)))
  (func (export "call_triple") (param i32) (result i32)
    (call $triple (local.get 0)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))))
