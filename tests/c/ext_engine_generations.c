/* Compiled code is freed while the application keeps its engine.
 *
 * wasmi frees compiled code only with its engine, and wasm_engine_t is a singleton an
 * application typically keeps for life. The library therefore runs stores on engine
 * "generations": once no store and no module uses the current one, the next store
 * starts a fresh one and the old code is freed. Measured with mallinfo2 (bytes in use
 * by malloc), which is exact and independent of the allocator returning pages. */
#include <malloc.h>
#include "testlib.h"

#define FUNCS 400

static size_t heap_in_use(void) { return mallinfo2().uordblks; }

/* False under valgrind, whose malloc mallinfo2 does not see: the heap checks are
 * then skipped (valgrind checks the frees itself). */
static int heap_measurable(void) {
  size_t before = heap_in_use();
  void *p = malloc(1 << 20);
  int seen = heap_in_use() >= before + (1 << 20);
  free(p);
  return seen;
}

/* A module of FUNCS small functions (each one keeps engine memory until freed). */
static void make_module(wasm_byte_vec_t *out) {
  size_t cap = FUNCS * 96 + 256, len = 0;
  char *wat = malloc(cap);
  len += (size_t)snprintf(wat + len, cap - len, "(module\n");
  for (int i = 0; i < FUNCS; i++)
    len += (size_t)snprintf(wat + len, cap - len,
                            "  (func (export \"f%d\") (param i32) (result i32) (i32.add (local.get 0) (i32.const %d)))\n",
                            i, i);
  len += (size_t)snprintf(wat + len, cap - len, ")\n");
  wasm_byte_vec_t text = {len, wat, len, 1, NULL};
  CHECK(wamr_wat_to_wasm(&text, out));
  free(wat);
}

/* Calls export `index` (f<index>) of a fresh instance of `module` with 1. */
static int call_export(wasm_store_t *store, wasm_module_t *module, size_t index) {
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, NULL);
  if (!inst) return -1;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_instance_exports(inst, &exports);
  int result = -1;
  if (index < exports.size) {
    wasm_val_t args[1] = {WASM_I32_VAL(1)}, res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(args), rv = WASM_ARRAY_VEC(res);
    wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(exports.data[index]), &av, &rv);
    if (!trap) result = res[0].of.i32;
    wasm_trap_delete(trap);
  }
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  return result;
}

/* One "request": a store and a module made, used and deleted. */
static void request(wasm_engine_t *engine, const wasm_byte_vec_t *binary, int metered) {
  wasm_store_t *store = metered ? wamr_store_new_metered(engine) : wasm_store_new(engine);
  wasm_module_t *module = wasm_module_new(store, binary);
  CHECK(module != NULL);
  if (module) CHECK_EQ_INT(call_export(store, module, 7), 8);
  wasm_module_delete(module);
  wasm_store_delete(store);
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_byte_vec_t binary;
  make_module(&binary);
  int measurable = heap_measurable();
  if (!measurable) fprintf(stderr, "mallinfo2 sees no heap (valgrind?): heap checks skipped\n");

  /* Stores and modules made and deleted in turn: the heap stays flat. */
  for (int metered = 0; metered < 2; metered++) {
    for (int i = 0; i < 5; i++) request(engine, &binary, metered); /* warm up */
    size_t before = heap_in_use();
    for (int i = 0; i < 200; i++) request(engine, &binary, metered);
    size_t after = heap_in_use();
    long long grown = (long long)after - (long long)before;
    fprintf(stderr, "%s requests: heap grew by %lld bytes over 200\n", metered ? "metered" : "plain", grown);
    if (measurable) CHECK(grown < 256 * 1024);
  }

  /* The limit that remains: modules compiled again and again in one long-lived
   * store all stay in that store's engine until the store goes. */
  {
    wasm_store_t *store = wasm_store_new(engine);
    size_t before = heap_in_use();
    for (int i = 0; i < 50; i++) wasm_module_delete(wasm_module_new(store, &binary));
    size_t held = heap_in_use();
    if (measurable) CHECK(held > before + 50 * FUNCS * 8); /* grows while the store lives */
    wasm_store_delete(store);
    request(engine, &binary, 0); /* the next store starts a fresh generation */
    if (measurable) CHECK(heap_in_use() < held - 50 * FUNCS * 8);
  }

  /* A module alive across stores keeps its generation: new stores share it and the
   * module runs there as compiled, after the store it was compiled in is gone. */
  {
    wasm_store_t *first = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(first, &binary);
    CHECK(module != NULL);
    wasm_store_delete(first);
    for (int i = 0; i < 3; i++) {
      wasm_store_t *store = wasm_store_new(engine);
      CHECK_EQ_INT(call_export(store, module, (size_t)i), i + 1);
      wasm_store_delete(store);
    }
    /* and in a metered store (its own generation; the module is compiled for it) */
    wasm_store_t *metered = wamr_store_new_metered(engine);
    CHECK_EQ_INT(call_export(metered, module, 399), 400);
    wasm_store_delete(metered);
    /* a shared module keeps it too */
    wasm_shared_module_t *shared = wasm_module_share(module);
    wasm_module_delete(module);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *obtained = wasm_module_obtain(store, shared);
    CHECK(obtained != NULL);
    CHECK_EQ_INT(call_export(store, obtained, 5), 6);
    wasm_module_delete(obtained);
    wasm_store_delete(store);
    wasm_shared_module_delete(shared);
  }

  /* An instance outliving its store (and the store's module) keeps their generation:
   * it still runs after newer stores came and went. */
  {
    wasm_store_t *old = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(old, &binary);
    wasm_instance_t *inst = wasm_instance_new(old, module, NULL, NULL);
    wasm_module_delete(module);
    wasm_store_delete(old); /* the instance keeps the old store and its generation */
    for (int i = 0; i < 3; i++) request(engine, &binary, 0);
    wasm_extern_vec_t exports = WASM_EMPTY_VEC;
    wasm_instance_exports(inst, &exports);
    CHECK_EQ_INT(exports.size, FUNCS);
    wasm_val_t args[1] = {WASM_I32_VAL(10)}, res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(args), rv = WASM_ARRAY_VEC(res);
    CHECK(wasm_func_call(wasm_extern_as_func(exports.data[3]), &av, &rv) == NULL);
    CHECK_EQ_INT(res[0].of.i32, 13);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
  }

  wasm_byte_vec_delete(&binary);
  wasm_engine_delete(engine);
  return test_summary();
}
