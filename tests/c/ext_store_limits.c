/* wamr_store_set_limits: caps on memory size, table elements and the number of
 * instances, tables and memories of a store; negative values restore the defaults. */
#include "testlib.h"

static wasm_module_t *compile(wasm_store_t *store, const char *text) {
  wasm_byte_vec_t wat = {strlen(text), (char *)text, strlen(text), 1, NULL}, binary;
  CHECK(wamr_wat_to_wasm(&wat, &binary));
  wasm_module_t *m = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(m != NULL);
  return m;
}

/* Instantiates `m` and deletes the instance at once; 1 when it could be made. */
static int instantiable(wasm_store_t *store, wasm_module_t *m) {
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, m, NULL, &trap);
  if (trap) wasm_trap_delete(trap);
  if (inst) wasm_instance_delete(inst);
  return inst != NULL;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *mem3 = compile(store, "(module (memory 3))");
  wasm_module_t *grower = compile(store,
      "(module (memory 1) (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))");
  wasm_module_t *table10 = compile(store, "(module (table 10 funcref))");
  wasm_module_t *empty = compile(store, "(module)");

  CHECK(!wamr_store_set_limits(NULL, 1, 1, 1, 1, 1));

  /* memory_size: 2 pages */
  CHECK(wamr_store_set_limits(store, 2 * 65536, -1, -1, -1, -1));
  CHECK_EQ_INT(instantiable(store, mem3), 0);
  wasm_instance_t *g = wasm_instance_new(store, grower, NULL, NULL);
  CHECK(g != NULL);
  if (g) {
    wasm_extern_vec_t exports = WASM_EMPTY_VEC;
    wasm_instance_exports(g, &exports);
    wasm_func_t *grow = wasm_extern_as_func(exports.data[0]);
    wasm_val_t a[1] = {WASM_I32_VAL(1)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    CHECK(wasm_func_call(grow, &av, &rv) == NULL);
    CHECK_EQ_INT(r[0].of.i32, 1); /* 1 -> 2 pages: allowed */
    CHECK(wasm_func_call(grow, &av, &rv) == NULL);
    CHECK_EQ_INT(r[0].of.i32, -1); /* 2 -> 3: refused */
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(g);
  }
  /* table_elements: 5 */
  CHECK(wamr_store_set_limits(store, -1, 5, -1, -1, -1));
  CHECK_EQ_INT(instantiable(store, mem3), 1); /* memory limit lifted */
  CHECK_EQ_INT(instantiable(store, table10), 0);
  /* tables: 0, memories: 0 */
  CHECK(wamr_store_set_limits(store, -1, -1, -1, 0, -1));
  CHECK_EQ_INT(instantiable(store, table10), 0);
  CHECK_EQ_INT(instantiable(store, empty), 1);
  CHECK(wamr_store_set_limits(store, -1, -1, -1, -1, 0));
  CHECK_EQ_INT(instantiable(store, mem3), 0);
  CHECK_EQ_INT(instantiable(store, table10), 1);
  /* instances: 1 (a live instance takes the one place) */
  CHECK(wamr_store_set_limits(store, -1, -1, 1, -1, -1));
  wasm_instance_t *first = wasm_instance_new(store, empty, NULL, NULL);
  CHECK(first != NULL);
  CHECK_EQ_INT(instantiable(store, empty), 0);
  wasm_instance_delete(first);
  /* all back to the defaults */
  CHECK(wamr_store_set_limits(store, -1, -1, -1, -1, -1));
  CHECK_EQ_INT(instantiable(store, mem3), 1);
  CHECK_EQ_INT(instantiable(store, table10), 1);

  wasm_module_delete(mem3);
  wasm_module_delete(grower);
  wasm_module_delete(table10);
  wasm_module_delete(empty);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
