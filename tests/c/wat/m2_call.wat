;; test_call: every value kind in params and results, multi-value, 8 params.
(module
  (func (export "id_i32") (param i32) (result i32) local.get 0)
  (func (export "id_i64") (param i64) (result i64) local.get 0)
  (func (export "id_f32") (param f32) (result f32) local.get 0)
  (func (export "id_f64") (param f64) (result f64) local.get 0)
  (func (export "id_externref") (param externref) (result externref) local.get 0)
  (func (export "id_funcref") (param funcref) (result funcref) local.get 0)
  (func (export "is_null_extern") (param externref) (result i32) local.get 0 ref.is_null)
  (func (export "is_null_func") (param funcref) (result i32) local.get 0 ref.is_null)
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "nothing"))
  ;; (i32 a, i64 b, f32 c, f64 d) -> (f64 d*2, f32 c+1, i64 b-1, i32 a*3)
  (func (export "multi") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    local.get 3 f64.const 2 f64.mul
    local.get 2 f32.const 1 f32.add
    local.get 1 i64.const 1 i64.sub
    local.get 0 i32.const 3 i32.mul)
  ;; returns a + b + c + d + e + f + g + h as f64, with weights to catch swaps
  (func (export "eight") (param i32 i64 f32 f64 i32 i64 f32 f64) (result f64)
    local.get 0 f64.convert_i32_s
    local.get 1 f64.convert_i64_s f64.const 10 f64.mul f64.add
    local.get 2 f64.promote_f32 f64.const 100 f64.mul f64.add
    local.get 3 f64.const 1000 f64.mul f64.add
    local.get 4 f64.convert_i32_s f64.const 10000 f64.mul f64.add
    local.get 5 f64.convert_i64_s f64.const 100000 f64.mul f64.add
    local.get 6 f64.promote_f32 f64.const 1000000 f64.mul f64.add
    local.get 7 f64.const 10000000 f64.mul f64.add)
  ;; v128 cannot cross the C API: both are refused before running (count stays 0)
  (global $ran (mut i32) (i32.const 0))
  (func (export "v128_result") (result v128) (global.set $ran (i32.const 1)) v128.const i64x2 1 2)
  (func (export "v128_param") (param v128) (result i32) (global.set $ran (i32.const 1)) i32.const 7)
  (func (export "ran") (result i32) global.get $ran))
