;; Instantiation fails without a global for env.g.
(module
  (import "env" "g" (global i32))
  (func (export "get") (result i32) global.get 0))
