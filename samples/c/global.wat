;; global: globals imported from the host and exported to it, const and mutable.
(module
  (import "env" "base" (global $base i32))
  (import "env" "counter" (global $counter (mut i64)))
  (global $limit (export "limit") f32 (f32.const 2.5))
  (global $total (export "total") (mut f64) (f64.const 1.5))
  (func (export "get_base") (result i32) (global.get $base))
  (func (export "get_counter") (result i64) (global.get $counter))
  ;; counter += base
  (func (export "bump")
    (global.set $counter
      (i64.add (global.get $counter) (i64.extend_i32_s (global.get $base)))))
  (func (export "get_total") (result f64) (global.get $total))
  (func (export "set_total") (param f64) (global.set $total (local.get 0))))
