;; A memory of 65536 pages (4 GiB), the most a 32-bit memory may have.
(module
  (memory (export "mem") 65536)
  (func (export "size") (result i32) memory.size)
  (func (export "last") (result i32) i32.const -4 i32.load))
