/* wasm_func_call: every value kind in params and results, result vec sizes,
 * multi-value results, many params, bad argument/result vecs, arity and type. */
#include <math.h>
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;
static wasm_instance_t *inst;
static wasm_extern_vec_t exports;

enum {
  ID_I32, ID_I64, ID_F32, ID_F64, ID_EXTERNREF, ID_FUNCREF, IS_NULL_EXTERN, IS_NULL_FUNC,
  ADD, NOTHING, MULTI, EIGHT, V128_RESULT, V128_PARAM, RAN, N_EXPORTS
};
static const char *export_names[] = {"id_i32", "id_i64", "id_f32", "id_f64", "id_externref",
                                     "id_funcref", "is_null_extern", "is_null_func", "add",
                                     "nothing", "multi", "eight", "v128_result", "v128_param", "ran"};

static wasm_func_t *fn(int i) { return wasm_extern_as_func(exports.data[i]); }

static void check_trap_is(wasm_trap_t *trap, const char *expected) {
  CHECK(trap != NULL);
  if (!trap) return;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK_NAME_NT(&msg, expected);
  wasm_byte_vec_delete(&msg);
}

/* A trap whose message starts with "Exception: " (NUL counted); deletes it. */
static void check_exception(wasm_trap_t *trap) {
  CHECK(trap != NULL);
  if (!trap) return;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK(msg.size > 11 && memcmp(msg.data, "Exception: ", 11) == 0 && msg.data[msg.size - 1] == '\0');
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
}

/* Calls `f` with one argument; returns the single result (results vec of 1). */
static wasm_val_t call1(wasm_func_t *f, wasm_val_t arg) {
  wasm_val_t a[1] = {arg};
  wasm_val_t r[1];
  memset(r, 0xab, sizeof r);
  wasm_val_vec_t args = WASM_ARRAY_VEC(a);
  wasm_val_vec_t results = {1, r, 0, sizeof(wasm_val_t), NULL};
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  CHECK_EQ_INT(results.size, 1);
  CHECK_EQ_INT(results.num_elems, 1);
  return r[0];
}

static void test_numbers(void) {
  wasm_val_t v = call1(fn(ID_I32), (wasm_val_t)WASM_I32_VAL(-123456));
  CHECK_EQ_INT(v.kind, WASM_I32);
  CHECK_EQ_INT(v.of.i32, -123456);
  v = call1(fn(ID_I32), (wasm_val_t)WASM_I32_VAL(INT32_MIN));
  CHECK_EQ_INT(v.of.i32, INT32_MIN);

  v = call1(fn(ID_I64), (wasm_val_t)WASM_I64_VAL(INT64_C(0x123456789abcdef0)));
  CHECK_EQ_INT(v.kind, WASM_I64);
  CHECK(v.of.i64 == INT64_C(0x123456789abcdef0));
  v = call1(fn(ID_I64), (wasm_val_t)WASM_I64_VAL(INT64_MIN));
  CHECK(v.of.i64 == INT64_MIN);

  v = call1(fn(ID_F32), (wasm_val_t)WASM_F32_VAL(3.5f));
  CHECK_EQ_INT(v.kind, WASM_F32);
  CHECK(v.of.f32 == 3.5f);
  v = call1(fn(ID_F32), (wasm_val_t)WASM_F32_VAL(-0.0f));
  CHECK(v.of.f32 == 0.0f && signbit(v.of.f32));

  v = call1(fn(ID_F64), (wasm_val_t)WASM_F64_VAL(-2.25e300));
  CHECK_EQ_INT(v.kind, WASM_F64);
  CHECK(v.of.f64 == -2.25e300);
  v = call1(fn(ID_F64), (wasm_val_t)WASM_F64_VAL(1.0 / 3.0));
  CHECK(v.of.f64 == 1.0 / 3.0);

  /* two params */
  wasm_val_t a[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(fn(ADD), &args, &results) == NULL);
  CHECK_EQ_INT(r[0].kind, WASM_I32);
  CHECK_EQ_INT(r[0].of.i32, 42);

  /* no params, no results: NULL vecs are fine */
  CHECK(wasm_func_call(fn(NOTHING), NULL, NULL) == NULL);
  wasm_val_vec_t empty_a = WASM_EMPTY_VEC, empty_r = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(fn(NOTHING), &empty_a, &empty_r) == NULL);
  CHECK_EQ_INT(empty_r.size, 0);
  CHECK_EQ_INT(empty_r.num_elems, 0);
}

static int noop_calls;
static wasm_trap_t *noop_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  noop_calls++;
  return NULL;
}

static void test_refs(void) {
  /* externref: a foreign object goes through and comes back as the same entity */
  wasm_foreign_t *foreign = wasm_foreign_new(store);
  CHECK(foreign != NULL);
  int marker = 5;
  wasm_foreign_set_host_info(foreign, &marker);
  wasm_val_t in = WASM_REF_VAL(wasm_foreign_as_ref(foreign));
  wasm_val_t v = call1(fn(ID_EXTERNREF), in);
  CHECK_EQ_INT(v.kind, WASM_EXTERNREF);
  CHECK(v.of.ref != NULL);
  if (v.of.ref) {
    CHECK(wasm_ref_same(v.of.ref, wasm_foreign_as_ref(foreign)));
    CHECK(wasm_ref_get_host_info(v.of.ref) == &marker);
    CHECK(wasm_ref_as_foreign(v.of.ref) != NULL);
    wasm_ref_delete(v.of.ref);
  }
  v = call1(fn(IS_NULL_EXTERN), in);
  CHECK_EQ_INT(v.of.i32, 0);

  /* a null externref */
  wasm_val_t null_ext = WASM_REF_VAL(NULL);
  v = call1(fn(ID_EXTERNREF), null_ext);
  CHECK_EQ_INT(v.kind, WASM_EXTERNREF);
  CHECK(v.of.ref == NULL);
  v = call1(fn(IS_NULL_EXTERN), null_ext);
  CHECK_EQ_INT(v.of.i32, 1);

  /* funcref: an exported function goes through and can be called */
  wasm_val_t fin;
  memset(&fin, 0, sizeof fin);
  fin.kind = WASM_FUNCREF;
  fin.of.ref = wasm_func_as_ref(fn(ADD));
  v = call1(fn(ID_FUNCREF), fin);
  CHECK_EQ_INT(v.kind, WASM_FUNCREF);
  CHECK(v.of.ref != NULL);
  if (v.of.ref) {
    wasm_func_t *back = wasm_ref_as_func(v.of.ref);
    CHECK(back != NULL);
    CHECK(wasm_func_same(back, fn(ADD)));
    CHECK(!wasm_func_same(back, fn(ID_I32)));
    CHECK_EQ_INT(wasm_func_param_arity(back), 2);
    wasm_val_t a[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(back, &args, &results) == NULL);
    CHECK_EQ_INT(r[0].of.i32, 3);
    wasm_ref_delete(v.of.ref);
  }
  v = call1(fn(IS_NULL_FUNC), fin);
  CHECK_EQ_INT(v.of.i32, 0);
  fin.of.ref = NULL;
  v = call1(fn(ID_FUNCREF), fin);
  CHECK_EQ_INT(v.kind, WASM_FUNCREF);
  CHECK(v.of.ref == NULL);
  v = call1(fn(IS_NULL_FUNC), fin);
  CHECK_EQ_INT(v.of.i32, 1);

  /* a host function as a funcref */
  wasm_functype_t *ty = wasm_functype_new_0_0();
  wasm_func_t *host = wasm_func_new(store, ty, (wasm_func_callback_t)NULL);
  CHECK(host == NULL); /* NULL callback */
  wasm_functype_delete(ty);

  /* a non-function as funcref traps instead of crashing */
  fin.of.ref = wasm_foreign_as_ref(foreign);
  wasm_val_t a1[1] = {fin};
  wasm_val_t r1[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args1 = WASM_ARRAY_VEC(a1), res1 = WASM_ARRAY_VEC(r1);
  check_exception(wasm_func_call(fn(ID_FUNCREF), &args1, &res1));

  /* a function from another store as funcref traps */
  wasm_store_t *other = wasm_store_new(engine);
  wasm_functype_t *t00 = wasm_functype_new_0_0();
  wasm_func_t *alien = wasm_func_new(other, t00, noop_cb);
  CHECK(alien != NULL);
  wasm_functype_delete(t00);
  fin.of.ref = wasm_func_as_ref(alien);
  a1[0] = fin;
  check_exception(wasm_func_call(fn(ID_FUNCREF), &args1, &res1));
  /* ... while a host function of this store goes through */
  t00 = wasm_functype_new_0_0();
  wasm_func_t *local = wasm_func_new(store, t00, noop_cb);
  wasm_functype_delete(t00);
  fin.of.ref = wasm_func_as_ref(local);
  v = call1(fn(ID_FUNCREF), fin);
  CHECK(v.of.ref != NULL);
  if (v.of.ref) {
    CHECK(wasm_func_same(wasm_ref_as_func(v.of.ref), local));
    noop_calls = 0;
    CHECK(wasm_func_call(wasm_ref_as_func(v.of.ref), NULL, NULL) == NULL);
    CHECK_EQ_INT(noop_calls, 1);
    wasm_ref_delete(v.of.ref);
  }
  wasm_func_delete(local);
  wasm_func_delete(alien);
  wasm_store_delete(other);

  wasm_foreign_delete(foreign);
}

static void test_multi(void) {
  wasm_val_t a[4] = {WASM_I32_VAL(7), WASM_I64_VAL(INT64_C(10000000000)), WASM_F32_VAL(1.5f),
                     WASM_F64_VAL(4.25)};
  wasm_val_t r[4];
  memset(r, 0xcd, sizeof r);
  wasm_val_vec_t args = WASM_ARRAY_VEC(a);
  wasm_val_vec_t results = {4, r, 0, sizeof(wasm_val_t), NULL};
  wasm_trap_t *trap = wasm_func_call(fn(MULTI), &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  CHECK_EQ_INT(results.size, 4);
  CHECK_EQ_INT(results.num_elems, 4);
  CHECK_EQ_INT(r[0].kind, WASM_F64);
  CHECK(r[0].of.f64 == 8.5);
  CHECK_EQ_INT(r[1].kind, WASM_F32);
  CHECK(r[1].of.f32 == 2.5f);
  CHECK_EQ_INT(r[2].kind, WASM_I64);
  CHECK(r[2].of.i64 == INT64_C(9999999999));
  CHECK_EQ_INT(r[3].kind, WASM_I32);
  CHECK_EQ_INT(r[3].of.i32, 21);

  /* a bigger results vec: size and num_elems become the result count */
  wasm_val_t big[6];
  memset(big, 0, sizeof big);
  wasm_val_vec_t results6 = {6, big, 6, sizeof(wasm_val_t), NULL};
  CHECK(wasm_func_call(fn(MULTI), &args, &results6) == NULL);
  CHECK_EQ_INT(results6.size, 4);
  CHECK_EQ_INT(results6.num_elems, 4);
  CHECK_EQ_INT(big[3].of.i32, 21);
  CHECK_EQ_INT(big[4].kind, 0); /* untouched */

  /* a results vec from wasm_val_vec_new_uninitialized */
  wasm_val_vec_t owned;
  wasm_val_vec_new_uninitialized(&owned, 4);
  CHECK(wasm_func_call(fn(MULTI), &args, &owned) == NULL);
  CHECK_EQ_INT(owned.size, 4);
  CHECK_EQ_INT(owned.num_elems, 4);
  CHECK(owned.data[0].of.f64 == 8.5);
  CHECK_EQ_INT(owned.data[3].of.i32, 21);
  wasm_val_vec_delete(&owned);

  /* too small: a trap, and nothing written past the room given */
  wasm_val_t small[2];
  memset(small, 0, sizeof small);
  wasm_val_vec_t results2 = {2, small, 2, sizeof(wasm_val_t), NULL};
  check_exception(wasm_func_call(fn(MULTI), &args, &results2));
  wasm_val_vec_t results0 = WASM_EMPTY_VEC;
  check_exception(wasm_func_call(fn(MULTI), &args, &results0));
  check_exception(wasm_func_call(fn(MULTI), &args, NULL));
  check_exception(wasm_func_call(fn(ID_I32), &(wasm_val_vec_t)WASM_EMPTY_VEC, NULL));
}

static void test_eight(void) {
  wasm_val_t a[8] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_F32_VAL(3.0f), WASM_F64_VAL(4.0),
                     WASM_I32_VAL(5), WASM_I64_VAL(6), WASM_F32_VAL(7.0f), WASM_F64_VAL(8.0)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(fn(EIGHT), &args, &results);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  CHECK_EQ_INT(r[0].kind, WASM_F64);
  CHECK(r[0].of.f64 == 87654321.0);
  CHECK_EQ_INT(wasm_func_param_arity(fn(EIGHT)), 8);
  CHECK_EQ_INT(wasm_func_result_arity(fn(EIGHT)), 1);
}

static void test_bad_args(void) {
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  /* NULL args for a function with params */
  check_exception(wasm_func_call(fn(ADD), NULL, &results));
  /* too few */
  wasm_val_t one[1] = {WASM_I32_VAL(1)};
  wasm_val_vec_t args1 = WASM_ARRAY_VEC(one);
  check_exception(wasm_func_call(fn(ADD), &args1, &results));
  wasm_val_vec_t args0 = WASM_EMPTY_VEC;
  check_exception(wasm_func_call(fn(ADD), &args0, &results));
  /* a vec with size > 0 but NULL data */
  wasm_val_vec_t nodata = {2, NULL, 2, sizeof(wasm_val_t), NULL};
  check_exception(wasm_func_call(fn(ADD), &nodata, &results));
  /* a wrong value kind */
  wasm_val_t wrong[2] = {WASM_I64_VAL(1), WASM_I32_VAL(2)};
  wasm_val_vec_t args_wrong = WASM_ARRAY_VEC(wrong);
  check_exception(wasm_func_call(fn(ADD), &args_wrong, &results));
  /* a NULL function */
  wasm_val_t two[2] = {WASM_I32_VAL(1), WASM_I32_VAL(2)};
  wasm_val_vec_t args2 = WASM_ARRAY_VEC(two);
  check_exception(wasm_func_call(NULL, &args2, &results));
  /* after all that, the right call still works */
  r[0].of.i32 = 0;
  CHECK(wasm_func_call(fn(ADD), &args2, &results) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 3);
  /* extra arguments are ignored */
  wasm_val_t three[3] = {WASM_I32_VAL(10), WASM_I32_VAL(20), WASM_I32_VAL(30)};
  wasm_val_vec_t args3 = WASM_ARRAY_VEC(three);
  CHECK(wasm_func_call(fn(ADD), &args3, &results) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 30);
  (void)check_trap_is;
}

/* A trap whose message contains `word`; deletes it. */
static void check_trap_mentions(wasm_trap_t *trap, const char *word) {
  CHECK(trap != NULL);
  if (!trap) return;
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  CHECK(msg.size > 0 && strstr(msg.data, word) != NULL);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
}

/* v128 has no room in wasm_val_t: a function taking or returning one is refused with a
 * trap naming it, before it runs; a function of the same module without v128 runs. */
static void test_v128(void) {
  wasm_val_t r[1] = {WASM_I32_VAL(-1)};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t *trap = wasm_func_call(fn(V128_RESULT), &none, &results);
  check_trap_mentions(trap, "v128");
  CHECK_EQ_INT(r[0].kind, WASM_I32); /* untouched */
  CHECK_EQ_INT(r[0].of.i32, -1);
  wasm_val_t v[1] = {{.kind = WASM_V128}};
  wasm_val_vec_t args = WASM_ARRAY_VEC(v);
  trap = wasm_func_call(fn(V128_PARAM), &args, &results);
  check_trap_mentions(trap, "v128");
  CHECK(wasm_func_call(fn(RAN), &none, &results) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 0); /* neither ran */
}

static void check_valtypes(const wasm_valtype_vec_t *v, const wasm_valkind_t *kinds, size_t n) {
  CHECK_EQ_INT(v->size, n);
  for (size_t i = 0; i < n && i < v->size; i++) CHECK_EQ_INT(wasm_valtype_kind(v->data[i]), kinds[i]);
}

static void test_types(void) {
  wasm_functype_t *ty = wasm_func_type(fn(MULTI));
  CHECK(ty != NULL);
  wasm_valkind_t p[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64};
  wasm_valkind_t r[] = {WASM_F64, WASM_F32, WASM_I64, WASM_I32};
  check_valtypes(wasm_functype_params(ty), p, 4);
  check_valtypes(wasm_functype_results(ty), r, 4);
  wasm_functype_delete(ty);
  CHECK_EQ_INT(wasm_func_param_arity(fn(MULTI)), 4);
  CHECK_EQ_INT(wasm_func_result_arity(fn(MULTI)), 4);

  ty = wasm_func_type(fn(ID_FUNCREF));
  wasm_valkind_t fr[] = {WASM_FUNCREF};
  check_valtypes(wasm_functype_params(ty), fr, 1);
  check_valtypes(wasm_functype_results(ty), fr, 1);
  wasm_functype_delete(ty);
  ty = wasm_func_type(fn(ID_EXTERNREF));
  wasm_valkind_t er[] = {WASM_EXTERNREF};
  check_valtypes(wasm_functype_params(ty), er, 1);
  wasm_functype_delete(ty);

  ty = wasm_func_type(fn(NOTHING));
  CHECK_EQ_INT(wasm_functype_params(ty)->size, 0);
  CHECK_EQ_INT(wasm_functype_results(ty)->size, 0);
  wasm_functype_delete(ty);
  CHECK_EQ_INT(wasm_func_param_arity(fn(NOTHING)), 0);
  CHECK_EQ_INT(wasm_func_result_arity(fn(NOTHING)), 0);

  /* NULL */
  CHECK(wasm_func_type(NULL) == NULL);
  CHECK_EQ_INT(wasm_func_param_arity(NULL), 0);
  CHECK_EQ_INT(wasm_func_result_arity(NULL), 0);
}

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  load_wasm("m2_call.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (!module) return test_summary();
  wasm_trap_t *trap = NULL;
  inst = wasm_instance_new(store, module, NULL, &trap);
  CHECK(inst != NULL);
  if (!inst) return test_summary();
  wasm_instance_exports(inst, &exports);
  CHECK_EQ_INT(exports.size, N_EXPORTS);
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  int order_ok = types.size == N_EXPORTS;
  for (size_t i = 0; order_ok && i < N_EXPORTS; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
    order_ok = n->size == strlen(export_names[i]) + 1 && memcmp(n->data, export_names[i], n->size) == 0;
  }
  CHECK(order_ok);
  wasm_exporttype_vec_delete(&types);
  if (exports.size != N_EXPORTS || !order_ok) return test_summary();

  test_numbers();
  test_v128();
  test_refs();
  test_multi();
  test_eight();
  test_bad_args();
  test_types();

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
