;; Post-instantiate exports of the wrong type are not run (WAMR skips them).
(module
  (global $g (mut i32) (i32.const 0))
  (func (export "__post_instantiate") (param i32) (global.set $g (i32.const 10)))
  (func (export "__wasm_call_ctors") (result i32) (global.set $g (i32.const 100)) (i32.const 0))
  (func (export "get") (result i32) (global.get $g)))
