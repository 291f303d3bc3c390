/* WAMR's object model where programs written for it rely on it, and the standard's
 * where those rely on it; both valgrind-clean:
 * - wasm_X_as_ref: WAMR programs delete the ref (a new object there), standard ones
 *   treat it as a cast and never delete it;
 * - externrefs come back out of wasm as the very pointer passed in (borrowed);
 * - a foreign wasm holds outlives its owner's delete until wasm drops it;
 * - a mutable global satisfies an immutable import, not the other way round;
 * - callbacks of functions without params or results get non-NULL vec data. */
#include "testlib.h"

static wasm_engine_t *engine;
static wasm_store_t *store;
static wasm_instance_t *refs_inst;
static wasm_extern_vec_t refs_exports;

static wasm_extern_t *export_at(size_t i) { return i < refs_exports.size ? refs_exports.data[i] : NULL; }

/* m1_refs exports: 0 id, 1 eg, 2 et, 3 set_g, 4 get_g, 5 set_t, 6 get_t, 7 is_null, 8 ft, 9 sq */
static wasm_ref_t *call_r_r(size_t i, wasm_ref_t *arg) {
  wasm_val_t a[1] = {WASM_REF_VAL(arg)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(export_at(i)), &av, &rv);
  CHECK(trap == NULL);
  if (trap) wasm_trap_delete(trap);
  return r[0].of.ref;
}

static int finalized;
static void count_finalizer(void *info) { finalized++; }

static void test_as_ref_both_styles(void) {
  wasm_func_t *sq = wasm_extern_as_func(export_at(9));
  /* WAMR style: the ref is deleted; the function lives on */
  wasm_ref_t *r = wasm_func_as_ref(sq);
  CHECK(r != NULL);
  CHECK(wasm_func_same(wasm_ref_as_func(r), sq));
  wasm_ref_delete(r);
  CHECK_EQ_INT(wasm_func_result_arity(sq), 1);
  /* twice, in any order with the function's own delete */
  wasm_func_t *copy = wasm_func_copy(sq);
  wasm_ref_t *r1 = wasm_func_as_ref(copy), *r2 = wasm_func_as_ref(copy);
  wasm_ref_delete(r1);
  wasm_func_delete(copy); /* the owner's delete frees it */
  wasm_ref_delete(r2);    /* a late WAMR-style delete touches nothing */
  /* standard style: a cast, never deleted (the export vec frees the function) */
  wasm_table_t *ft = wasm_extern_as_table(export_at(8));
  CHECK(wasm_table_set(ft, 1, wasm_func_as_ref(sq)));
  wasm_ref_t *got = wasm_table_get(ft, 1); /* a funcref read: a new object, owned */
  CHECK(got != NULL && wasm_ref_same(got, wasm_func_as_ref_const(sq)));
  wasm_ref_delete(got);
  /* wasm_ref_delete of a ref no as_ref lent deletes the object (negative case) */
  wasm_foreign_t *f = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(f, &finalized, count_finalizer);
  finalized = 0;
  wasm_ref_delete(wasm_foreign_as_ref(f));
  CHECK_EQ_INT(finalized, 1);
}

static void test_externref_identity(void) {
  wasm_foreign_t *f = wasm_foreign_new(store);
  wasm_ref_t *host = wasm_foreign_as_ref(f);
  /* through a call, a global (read by wasm and by the host) and a table */
  CHECK(call_r_r(0, host) == host);
  wasm_global_t *eg = wasm_extern_as_global(export_at(1));
  wasm_val_t v = WASM_REF_VAL(host);
  wasm_global_set(eg, &v);
  wasm_val_t out = WASM_INIT_VAL;
  wasm_global_get(eg, &out);
  CHECK_EQ_INT(out.kind, WASM_EXTERNREF);
  CHECK(out.of.ref == host);
  wasm_val_t none = WASM_I32_VAL(0);
  wasm_val_vec_t nv = {0, &none, 0, sizeof(wasm_val_t), NULL};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(wasm_extern_as_func(export_at(4)), &nv, &rv) == NULL);
  CHECK(r[0].of.ref == host);
  wasm_table_t *et = wasm_extern_as_table(export_at(2));
  CHECK(wasm_table_set(et, 0, host));
  CHECK(wasm_table_get(et, 0) == host);
  /* a NULL ref stays NULL (negative: nothing is made up) */
  CHECK(call_r_r(0, NULL) == NULL);

  /* the owner deletes it while wasm holds it: wasm's copy stays valid */
  wasm_foreign_set_host_info_with_finalizer(f, &finalized, count_finalizer);
  finalized = 0;
  wasm_ref_delete(host);
  CHECK_EQ_INT(finalized, 0);
  wasm_global_get(eg, &out);
  CHECK(out.of.ref == host);
  CHECK(wasm_ref_get_host_info(out.of.ref) == &finalized); /* readable: not freed */
  /* and it goes once wasm drops it (the store dies, in main) */
}

static wasm_trap_t *empty_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  /* as WAMR's Python tests do: data is read without looking at size */
  CHECK(args->size == 0 && args->data != NULL);
  CHECK(results->size == 0 && results->data != NULL);
  if (args->data) CHECK_EQ_INT(args->data[0].of.i64, 0);
  if (results->data) results->data[0] = (wasm_val_t)WASM_F64_VAL(1.0); /* harmless */
  return NULL;
}

static void test_global_mutability_and_empty_callbacks(void) {
  wasm_module_t *m = load_module(store, "m2_mut_import.wasm");
  wasm_functype_t *ft = wasm_functype_new_0_0();
  wasm_func_t *cb = wasm_func_new(store, ft, empty_cb);
  wasm_functype_delete(ft);
  /* an immutable global for a mutable import: refused, saying why */
  wasm_globaltype_t *ct = wasm_globaltype_new(wasm_valtype_new(WASM_I32), WASM_CONST);
  wasm_val_t seven = WASM_I32_VAL(7);
  wasm_global_t *cg = wasm_global_new(store, ct, &seven);
  wasm_globaltype_delete(ct);
  wasm_extern_t *bad[] = {wasm_func_as_extern(cb), wasm_global_as_extern(cg)};
  wasm_extern_vec_t bad_imports = WASM_ARRAY_VEC(bad);
  wasm_trap_t *trap = NULL;
  CHECK(wasm_instance_new(store, m, &bad_imports, &trap) == NULL);
  CHECK(trap != NULL);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    CHECK_NAME_NT(&msg, "Exception: import (env, g): expected (global (mut i32)), got (global i32)");
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
  }
  /* a mutable one: linked, shared with the host */
  wasm_globaltype_t *vt = wasm_globaltype_new(wasm_valtype_new(WASM_I32), WASM_VAR);
  wasm_global_t *vg = wasm_global_new(store, vt, &seven);
  wasm_globaltype_delete(vt);
  wasm_extern_t *good[] = {wasm_func_as_extern(cb), wasm_global_as_extern(vg)};
  wasm_extern_vec_t good_imports = WASM_ARRAY_VEC(good);
  wasm_instance_t *inst = wasm_instance_new(store, m, &good_imports, NULL);
  CHECK(inst != NULL);
  if (inst) {
    wasm_extern_vec_t ex;
    wasm_instance_exports(inst, &ex);
    wasm_val_t nine = WASM_I32_VAL(9), out[1] = {WASM_INIT_VAL};
    wasm_global_set(vg, &nine);
    wasm_val_vec_t none = WASM_EMPTY_VEC, rv = WASM_ARRAY_VEC(out);
    CHECK(wasm_func_call(wasm_extern_as_func(ex.data[0]), &none, &rv) == NULL);
    CHECK_EQ_INT(out[0].of.i32, 9);
    wasm_val_vec_t empty = WASM_EMPTY_VEC;
    CHECK(wasm_func_call(wasm_extern_as_func(ex.data[1]), &none, &empty) == NULL);
    CHECK(wasm_func_call(cb, NULL, NULL) == NULL); /* the host function directly */
    wasm_extern_vec_delete(&ex);
    wasm_instance_delete(inst);
  }
  wasm_global_delete(cg);
  wasm_global_delete(vg);
  wasm_func_delete(cb);
  wasm_module_delete(m);
}

static int env_finalized;
static void count_env(void *env) { env_finalized++; }
static wasm_trap_t *nop(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) { return NULL; }

/* A standard program never gives back an as_ref handle. Deleting the object then still
 * releases what it holds (its store), and objects made later, even ones the allocator
 * puts where it was, are freed by their own deletes: none is mistaken for the loan. */
static void test_unrepaid_loans(void) {
  wasm_store_t *s = wasm_store_new(engine);
  wasm_functype_t *ft = wasm_functype_new_0_0();
  wasm_func_t *host = wasm_func_new_with_env(s, ft, nop, &env_finalized, count_env);
  for (int round = 0; round < 16; round++) {
    wasm_func_t *f = wasm_func_copy(host);
    CHECK(wasm_func_as_ref(f) != NULL); /* a loan, never repaid */
    wasm_func_delete(f);
    for (int i = 0; i < 4; i++) {
      /* a new extern object, likely where f was: a plain copy, freed by wasm_ref_delete */
      wasm_ref_t *copy = wasm_ref_copy(wasm_func_as_ref_const(host));
      CHECK(copy != NULL);
      wasm_ref_delete(copy);
    }
  }
  wasm_functype_delete(ft);
  wasm_func_delete(host);
  env_finalized = 0;
  wasm_store_delete(s); /* nothing kept the store: the host function goes with it */
  CHECK_EQ_INT(env_finalized, 1);
}

int main(void) {
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  wasm_module_t *m = load_module(store, "m1_refs.wasm");
  refs_inst = wasm_instance_new(store, m, NULL, NULL);
  CHECK(refs_inst != NULL);
  wasm_instance_exports(refs_inst, &refs_exports);
  CHECK_EQ_INT(refs_exports.size, 10);
  test_as_ref_both_styles();
  test_externref_identity();
  test_global_mutability_and_empty_callbacks();
  test_unrepaid_loans();
  wasm_extern_vec_delete(&refs_exports);
  wasm_instance_delete(refs_inst);
  wasm_module_delete(m);
  finalized = 0;
  wasm_store_delete(store); /* wasm drops the foreign it held: freed now, once */
  CHECK_EQ_INT(finalized, 1);
  wasm_engine_delete(engine);
  return test_summary();
}
