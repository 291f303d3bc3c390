(module
  (import "env" "needg" (global $g i32))
  (func (export "get") (result i32) global.get $g))
