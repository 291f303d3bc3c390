/* Regression (found by tests/stress): a module compiled on an engine that was freed
 * (the singleton dies with its last reference) must still instantiate and run on the
 * engine made afterwards, in a plain store and in a metered one, in either order.
 * The module used to keep a single recompiled "twin", so the second new engine got
 * the first one's code and calls failed inside wasmi ("foreign entity"). */
#include "testlib.h"

static int call_add(wasm_store_t *store, wasm_module_t *module, int a, int b, int *out) {
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, &trap);
  if (!inst) {
    wasm_trap_delete(trap);
    return 0;
  }
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_instance_exports(inst, &exports);
  wasm_func_t *add = exports.size ? wasm_extern_as_func(exports.data[0]) : NULL;
  wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)}, res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(args), rv = WASM_ARRAY_VEC(res);
  wasm_trap_t *t = add ? wasm_func_call(add, &av, &rv) : NULL;
  int ok = add && !t && res[0].kind == WASM_I32;
  if (t) {
    wasm_message_t m;
    wasm_trap_message(t, &m);
    fprintf(stderr, "call trapped: %.*s\n", (int)m.size, m.data);
    wasm_byte_vec_delete(&m);
    wasm_trap_delete(t);
  }
  *out = res[0].of.i32;
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  return ok;
}

/* Shares m1_add compiled on a first engine, then frees that engine. */
static wasm_shared_module_t *share_from_dead_engine(void) {
  wasm_engine_t *e = wasm_engine_new();
  wasm_store_t *s = wasm_store_new(e);
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);
  wasm_module_t *m = wasm_module_new(s, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(m != NULL);
  wasm_shared_module_t *shared = wasm_module_share(m);
  wasm_module_delete(m);
  wasm_store_delete(s);
  wasm_engine_delete(e); /* the last reference: the engine is freed */
  return shared;
}

/* Runs the shared module in stores of the next engine, plain then metered (or the
 * other way round). */
static void run_on_new_engine(wasm_shared_module_t *shared, int metered_first) {
  wasm_engine_t *e = wasm_engine_new();
  for (int round = 0; round < 2; round++) {
    int metered = round == 0 ? metered_first : !metered_first;
    wasm_store_t *s = metered ? wamr_store_new_metered(e) : wasm_store_new(e);
    wasm_module_t *m = wasm_module_obtain(s, shared);
    CHECK(m != NULL);
    int r = 0;
    CHECK(call_add(s, m, 40 + round, 2, &r));
    CHECK_EQ_INT(r, 42 + round);
    wasm_module_delete(m);
    wasm_store_delete(s);
  }
  wasm_engine_delete(e);
}

int main(void) {
  wasm_shared_module_t *shared = share_from_dead_engine();
  CHECK(shared != NULL);
  run_on_new_engine(shared, 0);
  /* and again on a third engine, metered store first */
  run_on_new_engine(shared, 1);
  run_on_new_engine(shared, 0);
  wasm_shared_module_delete(shared);

  /* negative: a shared module cannot be obtained without a store */
  shared = share_from_dead_engine();
  CHECK(wasm_module_obtain(NULL, shared) == NULL);
  wasm_shared_module_delete(shared);
  return test_summary();
}
