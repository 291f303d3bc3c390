;; Valid, but its data segment lies past the end of memory: instantiation fails.
(module
  (memory 1)
  (data (i32.const 65535) "ab"))
