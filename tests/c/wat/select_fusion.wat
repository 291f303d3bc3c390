;; `select` whose condition is a comparison with zero, in the shapes wasmi fuses
;; (see third_party/wasmi/PATCHED.md). `select` gives its first operand when the
;; condition is nonzero: every function returns 10 when its input is zero / null and 20
;; otherwise, unless noted.
(module
  ;; the condition compares a local (a stack slot): the shapes that were miscompiled
  (func (export "eqz_local") (param i32) (result i32)
    i32.const 10 i32.const 20 local.get 0 i32.eqz select)
  (func (export "ne0_local") (param i32) (result i32)   ;; 10 when nonzero
    i32.const 10 i32.const 20 local.get 0 i32.const 0 i32.ne select)
  (func (export "eq0_local") (param i32) (result i32)
    i32.const 10 i32.const 20 local.get 0 i32.const 0 i32.eq select)
  (func (export "eqz_local_i64") (param i32) (result i64)
    i64.const 10 i64.const 20 local.get 0 i32.eqz select)
  (func (export "eqz_local_f64") (param i32) (result f64)
    f64.const 10 f64.const 20 local.get 0 i32.eqz select)
  (func (export "eqz_local_f32") (param i32) (result f32)
    f32.const 10 f32.const 20 local.get 0 i32.eqz select)
  (func (export "eqz_local_vals") (param i32 i32 i32) (result i32)  ;; p2 if p0 == 0 else p1
    local.get 2 local.get 1 local.get 0 i32.eqz select)
  (func (export "is_null_extern") (param externref) (result i32)
    i32.const 10 i32.const 20 local.get 0 ref.is_null select)
  (func (export "is_null_func") (param funcref) (result i32)
    i32.const 10 i32.const 20 local.get 0 ref.is_null select)
  ;; the condition is computed (a register): the shapes that were already right
  (func (export "eqz_computed") (param i32) (result i32)
    i32.const 10 i32.const 20 local.get 0 i32.const 1 i32.sub i32.eqz select)
  (func (export "eqz_i64_local") (param i64) (result i32)
    i32.const 10 i32.const 20 local.get 0 i64.eqz select)
  ;; the same choice made with if/else, as a reference
  (func (export "eqz_if") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 10)) (else (i32.const 20)))))
