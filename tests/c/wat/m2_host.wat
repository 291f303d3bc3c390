;; test_host: host functions called from wasm.
(module
  (import "env" "shape" (func $shape (param i32 f64 i64) (result i32 f32)))
  (import "env" "h3" (func $h3 (param i32) (result i32 i64 f64)))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (import "env" "deep" (func $deep (param i32) (result i32)))
  (import "env" "fail" (func $fail (param i32) (result i32)))
  (func (export "call_shape") (result i32)
    (local $f f32)
    i32.const 7 f64.const 2.5 i64.const 9 call $shape
    local.set $f
    ;; returns first result + trunc(second result)
    local.get $f i32.trunc_f32_s i32.add)
  ;; calls h3(x); h3 must return (x+1, x*2, x/2); 1 if all three match, else 0
  (func (export "check3") (param $x i32) (result i32)
    (local $a i32) (local $b i64) (local $c f64)
    local.get $x call $h3
    local.set $c local.set $b local.set $a
    local.get $a local.get $x i32.const 1 i32.add i32.eq
    local.get $b local.get $x i64.extend_i32_s i64.const 2 i64.mul i64.eq
    i32.and
    local.get $c local.get $x f64.convert_i32_s f64.const 2 f64.div f64.eq
    i32.and)
  ;; down(n) = n == 0 ? 7 : reenter(n) * 2, where reenter(n) = down(n - 1) + n
  (func (export "down") (param $n i32) (result i32)
    local.get $n i32.eqz
    if (result i32) i32.const 7
    else local.get $n call $reenter i32.const 2 i32.mul end)
  ;; rec(n) = n == 0 ? 0 : deep(n - 1) + 1, where deep(n) = rec(n)
  (func (export "rec") (param $n i32) (result i32)
    local.get $n i32.eqz
    if (result i32) i32.const 0
    else local.get $n i32.const 1 i32.sub call $deep i32.const 1 i32.add end)
  (func (export "call_fail") (param i32) (result i32) local.get 0 call $fail))
