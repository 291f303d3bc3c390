;; A table whose minimum is 0xFFFFFFFF elements: valid, but must not be allocated.
(module
  (table (export "tab") 0xFFFFFFFF funcref))
