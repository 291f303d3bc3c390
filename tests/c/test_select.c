/* `select` with a zero-comparison condition returns the right operand: a regression
 * test for the wasmi miscompilation patched in third_party/wasmi (PATCHED.md). */
#include "testlib.h"

/* Calls f(arg...) with one result; returns the raw result value. */
static wasm_val_t call(wasm_func_t *f, wasm_val_t *args, size_t n) {
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = {n, args, n, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t rv = WASM_ARRAY_VEC(res);
  wasm_trap_t *trap = f ? wasm_func_call(f, &av, &rv) : NULL;
  CHECK(f != NULL && trap == NULL);
  if (trap) wasm_trap_delete(trap);
  return res[0];
}

static int32_t call_i32(wasm_func_t *f, int32_t x) {
  wasm_val_t a[1] = {WASM_I32_VAL(x)};
  return call(f, a, 1).of.i32;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t binary;
  load_wasm("select_fusion.wasm", &binary);
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);
  wasm_instance_t *inst = module ? wasm_instance_new(store, module, NULL, NULL) : NULL;
  CHECK(inst != NULL);
  if (!inst) return test_summary();
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_vec_t exports;
  wasm_instance_exports(inst, &exports);
#define F(name) export_func_named(&types, &exports, name)

  const int32_t inputs[] = {0, 1, 7, -1, INT32_MIN};
  for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
    int32_t x = inputs[i];
    int32_t want = x == 0 ? 10 : 20;
    CHECK_EQ_INT(call_i32(F("eqz_local"), x), want);
    CHECK_EQ_INT(call_i32(F("eq0_local"), x), want);
    CHECK_EQ_INT(call_i32(F("ne0_local"), x), x != 0 ? 10 : 20);
    CHECK_EQ_INT(call_i32(F("eqz_if"), x), want);
    CHECK_EQ_INT(call_i32(F("eqz_computed"), x), x == 1 ? 10 : 20);
    wasm_val_t a[1] = {WASM_I32_VAL(x)};
    CHECK_EQ_INT(call(F("eqz_local_i64"), a, 1).of.i64, want);
    CHECK(call(F("eqz_local_f64"), a, 1).of.f64 == (double)want);
    CHECK(call(F("eqz_local_f32"), a, 1).of.f32 == (float)want);
    wasm_val_t three[3] = {WASM_I32_VAL(x), WASM_I32_VAL(111), WASM_I32_VAL(222)};
    CHECK_EQ_INT(call(F("eqz_local_vals"), three, 3).of.i32, x == 0 ? 222 : 111);
    wasm_val_t wide[1] = {WASM_I64_VAL((int64_t)((uint64_t)(uint32_t)x << 32))};
    CHECK_EQ_INT(call(F("eqz_i64_local"), wide, 1).of.i32, want);
  }

  /* ref.is_null: null -> 10, a reference -> 20 */
  wasm_val_t null_ref[1] = {WASM_REF_VAL(NULL)};
  null_ref[0].kind = WASM_EXTERNREF;
  CHECK_EQ_INT(call(F("is_null_extern"), null_ref, 1).of.i32, 10);
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  wasm_val_t some_ref[1] = {WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
  some_ref[0].kind = WASM_EXTERNREF;
  CHECK_EQ_INT(call(F("is_null_extern"), some_ref, 1).of.i32, 20);
  null_ref[0].kind = WASM_FUNCREF;
  CHECK_EQ_INT(call(F("is_null_func"), null_ref, 1).of.i32, 10);
  wasm_val_t func_ref[1] = {WASM_REF_VAL(wasm_func_as_ref(F("eqz_local")))};
  func_ref[0].kind = WASM_FUNCREF;
  CHECK_EQ_INT(call(F("is_null_func"), func_ref, 1).of.i32, 20);

  /* negative: a wrong argument kind is refused, not selected on */
  wasm_val_t wrong[1] = {WASM_I64_VAL(0)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(wrong), rv = WASM_ARRAY_VEC(res);
  wasm_trap_t *trap = wasm_func_call(F("eqz_local"), &av, &rv);
  CHECK(trap != NULL);
  wasm_trap_delete(trap);

  wasm_foreign_delete(foreign);
  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&types);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
