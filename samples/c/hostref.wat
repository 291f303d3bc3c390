;; hostref: externref values travelling through calls, a global and a table.
(module
  (import "" "echo" (func $echo (param externref) (result externref)))
  (global $glob (export "global") (mut externref) (ref.null extern))
  (table $tab (export "table") 4 externref)
  (func (export "global.set") (param $r externref) (global.set $glob (local.get $r)))
  (func (export "global.get") (result externref) (global.get $glob))
  (func (export "table.set") (param $i i32) (param $r externref)
    (table.set $tab (local.get $i) (local.get $r)))
  (func (export "table.get") (param $i i32) (result externref) (table.get $tab (local.get $i)))
  ;; hands the reference to the host and back
  (func (export "func.call") (param $r externref) (result externref)
    (call $echo (local.get $r)))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0))))
