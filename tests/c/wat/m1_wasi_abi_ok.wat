;; For test_module.c: a command as WAMR's loader wants it (see m1_wasi_abi.wat).
(module
  (memory (export "memory") 1)
  (func (export "_start")))
