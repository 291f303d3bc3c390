;; For test_export_memory.c: a module exporting neither its memory nor its table (as
;; clang-built apps often do), so wasm_export.h must reach memory 0 and table 0 by index.
(module
  (memory 1 4)
  (data (i32.const 16) "in memory 0\00")
  (table 4 funcref)
  (elem (i32.const 0) $mul7 $mul5)
  (type $unary (func (param i32) (result i32)))
  (func $mul7 (type $unary) (i32.mul (local.get 0) (i32.const 7)))
  (func $mul5 (type $unary) (i32.mul (local.get 0) (i32.const 5)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "pages") (result i32) (memory.size)))
