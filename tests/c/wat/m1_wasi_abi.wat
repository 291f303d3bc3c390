;; For test_module.c: a command whose _start has parameters. WAMR's loader refuses it
;; (`wasm_module_validate` and `wasm_module_new` alike); test_module.c also checks the
;; same module with a proper _start loads.
(module
  (memory (export "memory") 1)
  (func (export "_start") (param i32)))
