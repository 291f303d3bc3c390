;; For test_export_runtime.c: calls with varargs (every number kind, more than eight
;; arguments, a v128 that cannot be one), an endless loop to terminate, a native that
;; checks the native stack, memory growth under a page cap.
(module
  (import "rt" "stack_check" (func $stack_check (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  ;; a + b + c + d, as f64
  (func (export "mix") (param i32 i64 f32 f64) (result f64)
    (f64.add
      (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
      (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))))
  ;; a1 + 2*a2 + ... + 10*a10
  (func (export "many") (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (local $sum i32) (local $i i32)
    (local.set $sum
      (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 2))))
    (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get 2) (i32.const 3))))
    (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get 3) (i32.const 4))))
    (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get 4) (i32.const 5))))
    (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get 5) (i32.const 6))))
    (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get 6) (i32.const 7))))
    (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get 7) (i32.const 8))))
    (local.set $sum (i32.add (local.get $sum) (i32.mul (local.get 8) (i32.const 9))))
    (i32.add (local.get $sum) (i32.mul (local.get 9) (i32.const 10))))
  (func (export "wide") (param v128) (result i32)
    (i32x4.extract_lane 0 (local.get 0)))
  (func (export "spin")
    (loop $forever (br $forever)))
  ;; counts down from n: some work to time
  (func (export "busy") (param i32) (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $again)))
    (i32.const 1))
  (func (export "check_stack") (param i32) (result i32)
    (call $stack_check (local.get 0)))
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0))))
