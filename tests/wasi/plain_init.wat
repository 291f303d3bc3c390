;; Not a WASI module: WAMR runs `__post_instantiate` (+10) and `__wasm_call_ctors`
;; (+100) after instantiation, but not `_initialize` (+1). (A module with `_initialize`
;; must export its memory, or WAMR's loader refuses it.)
(module
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $g (i32.add (global.get $g) (i32.const 1))))
  (func (export "__post_instantiate") (global.set $g (i32.add (global.get $g) (i32.const 10))))
  (func (export "__wasm_call_ctors") (global.set $g (i32.add (global.get $g) (i32.const 100))))
  (func (export "get") (result i32) (global.get $g)))
