;; serialize: a module that survives a serialize/deserialize round trip.
(module
  (import "" "hello" (func $hello (param i32)))
  (func (export "run") (param i32)
    (call $hello (i32.mul (local.get 0) (i32.const 2)))))
