;; Valid, but its element segment lies past the end of the table: instantiation fails.
(module
  (table 1 funcref)
  (func $f)
  (elem (i32.const 1) $f))
