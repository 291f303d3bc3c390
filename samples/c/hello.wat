;; hello: the smallest round trip. The module imports one host function and
;; exports `run`, which calls it.
(module
  (import "" "hello" (func $hello))
  (func (export "run")
    call $hello))
