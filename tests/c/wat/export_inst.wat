;; For test_export_types.c: an instance's memory (2 pages, at most 5), exported
;; globals of several types, a funcref table holding an exported and a hidden function,
;; an externref table, and a native that grows the memory from inside a call. $size
;; and $grow_tables keep WAMR from fixing the memory at one big page and the tables at
;; their initial size (it does when no code can change them).
(module
  (import "env" "grow_big" (func $grow_big (param i32) (result i32)))
  (memory (export "mem") 2 5)
  (table (export "tab") 3 10 funcref)
  (table (export "ext") 1 externref)
  (elem (table 0) (i32.const 0) func $seven $hidden)
  (global $gi32 (export "gi32") (mut i32) (i32.const 42))
  (global (export "gi64") i64 (i64.const 0x1122334455667788))
  (global (export "gf64") f64 (f64.const 2.5))
  (global (export "gref") funcref (ref.null func))
  (func $seven (export "seven") (result i32) (i32.const 7))
  (func $hidden (result i32) (i32.const 9))
  (func $size (result i32) (memory.size))
  (func $grow_tables (result i32)
    (drop (table.grow 0 (ref.null func) (i32.const 0)))
    (table.grow 1 (ref.null extern) (i32.const 0)))
  (func (export "set_gi32") (param i32) (global.set $gi32 (local.get 0)))
  (func (export "grow_in_native") (param i32) (result i32) (call $grow_big (local.get 0))))
