;; test_wamr_model: a mutable global import, and a function import with no params
;; whose callback is called with empty vectors.
(module
  (import "env" "g" (global $g (mut i32)))
  (import "env" "cb" (func $cb))
  (func (export "get") (result i32) (global.get $g))
  (func (export "call_cb") (call $cb)))
