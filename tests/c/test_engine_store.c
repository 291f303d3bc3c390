/* Engine singleton and reference count, wasm_config_t defaults and setters, stores. */
#include "testlib.h"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* Compiles m1_add.wasm in `store`, instantiates it and returns add(a, b); -1 on any failure. */
static int32_t run_add(wasm_store_t *store, int32_t a, int32_t b) {
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  if (!module)
    return -1;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, &trap);
  int32_t out = -1;
  if (inst && !trap) {
    wasm_extern_vec_t exports;
    wasm_instance_exports(inst, &exports);
    wasm_func_t *add = exports.size > 0 ? wasm_extern_as_func(exports.data[0]) : NULL;
    if (add) {
      wasm_val_t args_v[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
      wasm_val_t res_v[1] = {WASM_INIT_VAL};
      wasm_val_vec_t args = WASM_ARRAY_VEC(args_v), results = WASM_ARRAY_VEC(res_v);
      wasm_trap_t *t = wasm_func_call(add, &args, &results);
      if (!t && res_v[0].kind == WASM_I32)
        out = res_v[0].of.i32;
      wasm_trap_delete(t);
    }
    wasm_extern_vec_delete(&exports);
  }
  wasm_trap_delete(trap);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  return out;
}

static int is_all_zero(const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i])
      return 0;
  return 1;
}

static void test_config(void) {
  wasm_config_t *cfg = wasm_config_new();
  CHECK(cfg != NULL);
  CHECK_EQ_INT(cfg->mem_alloc_type, Alloc_With_System_Allocator);
  CHECK_EQ_INT(cfg->mem_alloc_type, 2);
  CHECK(is_all_zero(&cfg->mem_alloc_option, sizeof cfg->mem_alloc_option));
  CHECK_EQ_INT(cfg->segue_flags, 0);
  CHECK_EQ_INT(cfg->enable_linux_perf, 0);

  /* set_mem_alloc_opt copies the option and the type. */
  static char heap[64];
  MemAllocOption opt;
  memset(&opt, 0, sizeof opt);
  opt.pool.heap_buf = heap;
  opt.pool.heap_size = sizeof heap;
  CHECK(wasm_config_set_mem_alloc_opt(cfg, Alloc_With_Pool, &opt) == cfg);
  CHECK_EQ_INT(cfg->mem_alloc_type, Alloc_With_Pool);
  CHECK(cfg->mem_alloc_option.pool.heap_buf == heap);
  CHECK_EQ_INT(cfg->mem_alloc_option.pool.heap_size, sizeof heap);
  /* a NULL option changes only the type */
  CHECK(wasm_config_set_mem_alloc_opt(cfg, Alloc_With_Allocator, NULL) == cfg);
  CHECK_EQ_INT(cfg->mem_alloc_type, Alloc_With_Allocator);
  CHECK(cfg->mem_alloc_option.pool.heap_buf == heap);
  CHECK(wasm_config_set_mem_alloc_opt(cfg, Alloc_With_System_Allocator, NULL) == cfg);
  CHECK_EQ_INT(cfg->mem_alloc_type, Alloc_With_System_Allocator);

  CHECK(wasm_config_set_linux_perf_opt(cfg, true) == cfg);
  CHECK_EQ_INT(cfg->enable_linux_perf, 1);
  CHECK(wasm_config_set_linux_perf_opt(cfg, false) == cfg);
  CHECK_EQ_INT(cfg->enable_linux_perf, 0);

  CHECK(wasm_config_set_segue_flags(cfg, 0x1f) == cfg);
  CHECK_EQ_INT(cfg->segue_flags, 0x1f);
  CHECK(wasm_config_set_segue_flags(cfg, 0) == cfg);
  CHECK_EQ_INT(cfg->segue_flags, 0);
  /* setters leave the other fields alone */
  CHECK_EQ_INT(cfg->mem_alloc_type, Alloc_With_System_Allocator);
  CHECK_EQ_INT(cfg->enable_linux_perf, 0);

  /* NULL in, NULL out */
  CHECK(wasm_config_set_mem_alloc_opt(NULL, Alloc_With_Pool, &opt) == NULL);
  CHECK(wasm_config_set_linux_perf_opt(NULL, true) == NULL);
  CHECK(wasm_config_set_segue_flags(NULL, 3) == NULL);

  /* two configs are independent objects */
  wasm_config_t *cfg2 = wasm_config_new();
  CHECK(cfg2 != NULL && cfg2 != cfg);
  wasm_config_set_segue_flags(cfg2, 9);
  CHECK_EQ_INT(cfg->segue_flags, 0);
  CHECK_EQ_INT(cfg2->segue_flags, 9);

  wasm_config_delete(cfg2);
  wasm_config_delete(cfg);
  wasm_config_delete(NULL);
}

static void test_engine_singleton(void) {
  wasm_engine_t *e1 = wasm_engine_new();
  CHECK(e1 != NULL);
  wasm_engine_t *e2 = wasm_engine_new();
  CHECK(e2 == e1);

  /* with_config returns the singleton and leaves the config to the caller */
  wasm_config_t *cfg = wasm_config_new();
  wasm_config_set_segue_flags(cfg, 5);
  wasm_engine_t *e3 = wasm_engine_new_with_config(cfg);
  CHECK(e3 == e1);
  CHECK_EQ_INT(cfg->segue_flags, 5); /* still ours, still readable and writable */
  CHECK(wasm_config_set_linux_perf_opt(cfg, true) == cfg);
  CHECK_EQ_INT(cfg->enable_linux_perf, 1);
  wasm_config_delete(cfg); /* valgrind would flag a double free if the engine owned it */

  MemAllocOption opts;
  memset(&opts, 0, sizeof opts);
  wasm_engine_t *e4 = wasm_engine_new_with_args(Alloc_With_System_Allocator, &opts);
  CHECK(e4 == e1);

  /* refcount 4: three deletes leave a working engine */
  wasm_engine_delete(e4);
  wasm_engine_delete(e3);
  wasm_engine_delete(e2);
  wasm_store_t *store = wasm_store_new(e1);
  CHECK(store != NULL);
  CHECK_EQ_INT(run_add(store, 40, 2), 42);
  /* a new reference now still yields the same engine */
  wasm_engine_t *e5 = wasm_engine_new();
  CHECK(e5 == e1);
  wasm_engine_delete(e5);
  wasm_store_delete(store);

  /* the last delete frees; deleting NULL is a no-op */
  wasm_engine_delete(NULL);
  wasm_engine_delete(e1);

  /* a new engine afterwards works */
  wasm_engine_t *again = wasm_engine_new();
  CHECK(again != NULL);
  wasm_store_t *s2 = wasm_store_new(again);
  CHECK(s2 != NULL);
  CHECK_EQ_INT(run_add(s2, 7, 8), 15);
  wasm_store_delete(s2);
  wasm_engine_delete(again);

  /* and again with a config */
  wasm_config_t *cfg2 = wasm_config_new();
  wasm_engine_t *again2 = wasm_engine_new_with_config(cfg2);
  wasm_config_delete(cfg2);
  CHECK(again2 != NULL);
  wasm_store_t *s3 = wasm_store_new(again2);
  CHECK_EQ_INT(run_add(s3, -5, 3), -2);
  wasm_store_delete(s3);
  wasm_engine_delete(again2);
}

static void test_stores(void) {
  CHECK(wasm_store_new(NULL) == NULL);
  wasm_store_delete(NULL);

  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *a = wasm_store_new(engine);
  wasm_store_t *b = wasm_store_new(engine);
  CHECK(a != NULL);
  CHECK(b != NULL);
  CHECK(a != b);
  /* both stores work independently */
  CHECK_EQ_INT(run_add(a, 1, 2), 3);
  CHECK_EQ_INT(run_add(b, 100, 23), 123);
  wasm_store_delete(a);
  /* b is unaffected by deleting a */
  CHECK_EQ_INT(run_add(b, 2, 2), 4);
  wasm_store_delete(b);

  /* many stores in sequence */
  int ok = 0;
  for (int i = 0; i < 20; i++) {
    wasm_store_t *s = wasm_store_new(engine);
    if (s && run_add(s, i, i) == 2 * i)
      ok++;
    wasm_store_delete(s);
  }
  CHECK_EQ_INT(ok, 20);

  /* objects of a store may be deleted after the store itself */
  wasm_store_t *c = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);
  wasm_module_t *m = wasm_module_new(c, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(m != NULL);
  wasm_instance_t *inst = wasm_instance_new(c, m, NULL, NULL);
  CHECK(inst != NULL);
  wasm_store_delete(c);
  wasm_instance_delete(inst);
  wasm_module_delete(m);

  wasm_engine_delete(engine);
}

int main(void) {
  test_config();
  test_engine_singleton();
  test_stores();
  return test_summary();
}
