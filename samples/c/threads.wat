;; threads: a module instantiated once per thread. Each instance gets its own
;; `id` global and `report` host function.
(module
  (import "" "report" (func $report (param i32 i32)))
  (import "" "id" (global $id i32))
  ;; run(n): reports (id, (1 + 2 + ... + n) * (id + 1)) and returns the same sum
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.set $sum (i32.mul (local.get $sum) (i32.add (global.get $id) (i32.const 1))))
    (call $report (global.get $id) (local.get $sum))
    (local.get $sum)))
