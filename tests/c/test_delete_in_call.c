/* A host callback deletes the function being called, the instance, its export vector,
 * the module and the store while wasm is running: the call completes with the right
 * results and nothing is used after it is freed (this test runs under valgrind). */
#include "testlib.h"

static struct {
  wasm_store_t *store;
  wasm_module_t *module;
  wasm_instance_t *instance;
  wasm_extern_vec_t exports;
  wasm_func_t *host;
  int calls;
} g;

static wasm_trap_t *delete_everything(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  g.calls++;
  wasm_extern_vec_delete(&g.exports); /* the handle being called is in here */
  wasm_instance_delete(g.instance);
  wasm_module_delete(g.module);
  wasm_func_delete(g.host);
  wasm_store_delete(g.store);
  g.instance = NULL, g.module = NULL, g.host = NULL, g.store = NULL;
  return NULL;
}

/* Sets up a store with the module; returns export `index` of a new instance. */
static wasm_func_t *setup(wasm_engine_t *engine, int metered, size_t index) {
  (void)metered;
  g.store = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  load_wasm("m2_delete_in_call.wasm", &bin);
  g.module = wasm_module_new(g.store, &bin);
  wasm_byte_vec_delete(&bin);
  wasm_functype_t *ty = wasm_functype_new_0_0();
  g.host = wasm_func_new(g.store, ty, delete_everything);
  wasm_functype_delete(ty);
  wasm_extern_t *imports[1] = {wasm_func_as_extern(g.host)};
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imports);
  g.instance = wasm_instance_new(g.store, g.module, &iv, NULL);
  CHECK(g.instance != NULL);
  wasm_instance_exports(g.instance, &g.exports);
  CHECK_EQ_INT(g.exports.size, 2);
  return g.exports.size > index ? wasm_extern_as_func(g.exports.data[index]) : NULL;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();

  /* one result: (i32) -> i32 */
  for (int round = 0; round < 3; round++) {
    wasm_func_t *f = setup(engine, 0, 0);
    wasm_val_t a[1] = {WASM_I32_VAL(20 + round)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    int before = g.calls;
    wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
    CHECK(trap == NULL);
    CHECK_EQ_INT(g.calls, before + 1);
    CHECK_EQ_INT(r[0].kind, WASM_I32);
    CHECK_EQ_INT(r[0].of.i32, (21 + round) * 2);
    CHECK_EQ_INT(rv.size, 1);
  }

  /* several: (i32 i32 i32) -> (i32 i32) */
  {
    wasm_func_t *f = setup(engine, 0, 1);
    wasm_val_t a[3] = {WASM_I32_VAL(2), WASM_I32_VAL(3), WASM_I32_VAL(4)}, r[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
    CHECK(trap == NULL);
    CHECK_EQ_INT(r[0].of.i32, 9);
    CHECK_EQ_INT(r[1].of.i32, 24);
  }

  /* negative: a function whose handles are all gone cannot be reached again, and a
   * new store on the same engine works normally afterwards */
  {
    wasm_func_t *f = setup(engine, 0, 0);
    wasm_extern_vec_t keep;
    wasm_extern_vec_copy(&keep, &g.exports); /* our own handles survive the callback */
    wasm_val_t a[1] = {WASM_I32_VAL(1)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(f, &av, &rv) == NULL && r[0].of.i32 == 4);
    /* the copy still works: its store is alive through it */
    wasm_func_t *again = wasm_extern_as_func(keep.data[0]);
    a[0].of.i32 = 5;
    int before = g.calls;
    wasm_trap_t *trap = wasm_func_call(again, &av, &rv);
    CHECK(trap == NULL);
    CHECK_EQ_INT(r[0].of.i32, 12);
    CHECK_EQ_INT(g.calls, before + 1); /* the host import was called (its handle is gone, the function is not) */
    wasm_extern_vec_delete(&keep);
  }

  wasm_engine_delete(engine);
  return test_summary();
}
