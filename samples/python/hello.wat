;; hello: `run(x)` calls the host's `env.hello(x)` and returns what it answers, plus one.
(module
  (import "env" "hello" (func $hello (param i32) (result i32)))
  (func (export "run") (param i32) (result i32)
    local.get 0
    call $hello
    i32.const 1
    i32.add))
