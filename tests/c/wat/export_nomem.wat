;; For test_export_types.c: no memory, no table, no import.
(module (func (export "f")))
