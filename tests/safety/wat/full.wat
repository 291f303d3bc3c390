;; A module with one section of each kind the safety tests need (type, import,
;; function, table, memory, global, export, start, elem, code, data). The
;; malformed-module test truncates it at every byte.
(module
  (type $bin (func (param i32 i32) (result i32)))
  (import "env" "f" (func $f (result i32)))
  (func $add (export "add") (type $bin) local.get 0 local.get 1 i32.add)
  (func $answer (export "answer") (result i32) i32.const 42)
  (func $nop (export "nop"))
  (func $two (export "two") (result i32 i64) i32.const 1 i64.const 2)
  (func $callf (export "call_f") (result i32) call $f)
  (func $boom (export "boom") unreachable)
  (table $tab (export "tab") 2 10 funcref)
  (memory $mem (export "mem") 1 2)
  (global $g (export "g") (mut i32) (i32.const 7))
  (global $c (export "c") i64 (i64.const 9))
  (start $nop)
  (elem (i32.const 0) $answer)
  (data (i32.const 0) "hi"))
