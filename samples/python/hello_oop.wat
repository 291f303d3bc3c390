;; hello (object API): `run()` calls the host's `hello()`.
(module
  (func $hello (import "" "hello"))
  (func (export "run") (call $hello)))
