;; table: an exported funcref table of 2 slots (at most 10) and call_indirect.
(module
  (table (export "table") 2 10 funcref)
  ;; call_indirect(arg, index) calls table[index](arg)
  (func (export "call_indirect") (param i32 i32) (result i32)
    (call_indirect (param i32) (result i32) (local.get 0) (local.get 1)))
  (func $identity (export "identity") (param i32) (result i32) (local.get 0))
  (func (export "const") (param i32) (result i32) (i32.const 666))
  (elem (i32.const 1) $identity))
