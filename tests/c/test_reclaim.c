/* A store that instantiates and deletes over and over stays flat: dead instances,
 * memories, tables and globals are freed once nothing of them is held (WAMR frees an
 * instance on delete), while host functions whose handles live keep working and
 * anything still held (an exported memory) stays intact.
 *
 * RECLAIM_CYCLES (default 20000) sets the number of instantiations; `make test-stress`
 * runs a million. */
#include <unistd.h>
#include "testlib.h"

static int finalized;
static void count_finalizer(void *env) { finalized++; }

static wasm_trap_t *twice(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 2 * args->data[0].of.i32;
  return NULL;
}


static wasm_func_t *new_twice(wasm_store_t *store, void *env, void (*fin)(void *)) {
  wasm_functype_t *ty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *f = wasm_func_new_with_env(store, ty, twice, env, fin);
  wasm_functype_delete(ty);
  return f;
}

/* Instantiates, calls run(x), deletes; returns run's result (-1 on failure). */
static int cycle(wasm_store_t *store, wasm_module_t *module, wasm_func_t *host, int x) {
  wasm_extern_t *imports[1] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imports);
  wasm_instance_t *inst = wasm_instance_new(store, module, &iv, NULL);
  if (!inst) return -1;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_instance_exports(inst, &exports);
  int result = -1;
  wasm_func_t *run = exports.size == 2 ? wasm_extern_as_func(exports.data[1]) : NULL;
  if (run) {
    wasm_val_t a[1] = {WASM_I32_VAL(x)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
    wasm_trap_t *trap = wasm_func_call(run, &av, &rv);
    if (trap) wasm_trap_delete(trap);
    else result = r[0].of.i32;
  }
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  return result;
}

int main(void) {
  const char *env = getenv("RECLAIM_CYCLES");
  long cycles = env ? atol(env) : 20000;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = load_module(store, "m2_reclaim.wasm");
  wasm_func_t *host = new_twice(store, NULL, NULL);

  /* Every cycle works (a cap that counted dead instances stopped at 100,000), and the
   * resident size after the warm-up does not grow with the number of cycles. */
  long warmup = cycles / 10, bad = 0, before = 0;
  for (long i = 0; i < cycles; i++) {
    if (i == warmup) before = rss_kib();
    int x = (int)(i % 1000);
    if (cycle(store, module, host, x) != 2 * x + 'r') bad++;
  }
  long grown = rss_kib() - before;
  CHECK_EQ_INT(bad, 0);
  /* Without reclaiming, each dead instance keeps its 64 KiB page: 90% of the cycles
   * would be over 1 GiB here. */
  CHECK(before > 0 && grown < 16 * 1024);
  if (grown >= 16 * 1024) fprintf(stderr, "resident size grew by %ld KiB over %ld cycles\n", grown, cycles);

  /* WASI modules too: each instance's WASI context goes with it. */
  {
    wasm_module_t *wasi = load_module(store, "m2_reclaim_wasi.wasm");
    long wasi_cycles = cycles / 4, wasi_bad = 0, wasi_before = 0;
    for (long i = 0; i < wasi_cycles; i++) {
      if (i == wasi_cycles / 10) wasi_before = rss_kib();
      wasm_extern_vec_t none = WASM_EMPTY_VEC;
      wasm_instance_t *inst = wasm_instance_new(store, wasi, &none, NULL);
      wasm_extern_vec_t exports = WASM_EMPTY_VEC;
      if (inst) wasm_instance_exports(inst, &exports);
      wasm_val_t a[1] = {WASM_I32_VAL(7)}, r[1] = {WASM_INIT_VAL};
      wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
      wasm_trap_t *trap = exports.size == 2 ? wasm_func_call(wasm_extern_as_func(exports.data[1]), &av, &rv) : NULL;
      /* argc is 0 (no wasm_runtime_set_wasi_args): run(7) is 7 */
      if (!inst || exports.size != 2 || trap || r[0].of.i32 != 7) wasi_bad++;
      if (trap) wasm_trap_delete(trap);
      wasm_extern_vec_delete(&exports);
      wasm_instance_delete(inst);
    }
    long wasi_grown = rss_kib() - wasi_before;
    CHECK_EQ_INT(wasi_bad, 0);
    CHECK(wasi_before > 0 && wasi_grown < 16 * 1024);
    if (wasi_grown >= 16 * 1024) fprintf(stderr, "WASI: resident size grew by %ld KiB\n", wasi_grown);
    wasm_module_delete(wasi);
  }

  /* The host function, held all along, still runs directly. */
  wasm_val_t a[1] = {WASM_I32_VAL(21)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  CHECK(wasm_func_call(host, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 42);

  /* Negative: an export still held keeps its entities. The memory of a deleted instance
   * keeps what was written to it while other instances come and go. */
  {
    wasm_extern_t *imports[1] = {wasm_func_as_extern(host)};
    wasm_extern_vec_t iv = WASM_ARRAY_VEC(imports);
    wasm_instance_t *inst = wasm_instance_new(store, module, &iv, NULL);
    CHECK(inst != NULL);
    wasm_extern_vec_t exports = WASM_EMPTY_VEC;
    wasm_instance_exports(inst, &exports);
    wasm_memory_t *mem = wasm_memory_copy(wasm_extern_as_memory(exports.data[0]));
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
    memcpy(wasm_memory_data(mem) + 1000, "kept", 4);
    for (int i = 0; i < 200; i++) CHECK_EQ_INT(cycle(store, module, host, 5) == 10 + 'r', 1);
    CHECK(memcmp(wasm_memory_data(mem) + 16, "reclaim", 7) == 0);
    CHECK(memcmp(wasm_memory_data(mem) + 1000, "kept", 4) == 0);
    CHECK_EQ_INT(wasm_memory_size(mem), 1);
    wasm_memory_delete(mem);
  }

  /* A host function whose handles are all deleted is reclaimed (its finalizer runs)
   * only once no instance can call it: not while an instance importing it lives. */
  {
    static int token;
    wasm_func_t *f = new_twice(store, &token, count_finalizer);
    wasm_extern_t *imports[1] = {wasm_func_as_extern(f)};
    wasm_extern_vec_t iv = WASM_ARRAY_VEC(imports);
    wasm_instance_t *inst = wasm_instance_new(store, module, &iv, NULL);
    CHECK(inst != NULL);
    wasm_func_delete(f);
    CHECK_EQ_INT(cycle(store, module, host, 3), 6 + 'r');
    CHECK_EQ_INT(finalized, 0);
    wasm_extern_vec_t exports = WASM_EMPTY_VEC;
    wasm_instance_exports(inst, &exports);
    wasm_val_t a2[1] = {WASM_I32_VAL(4)}, r2[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av2 = WASM_ARRAY_VEC(a2), rv2 = WASM_ARRAY_VEC(r2);
    CHECK(wasm_func_call(wasm_extern_as_func(exports.data[1]), &av2, &rv2) == NULL);
    CHECK_EQ_INT(r2[0].of.i32, 8 + 'r');
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(inst);
    CHECK_EQ_INT(finalized, 0);
    CHECK_EQ_INT(cycle(store, module, host, 3), 6 + 'r'); /* reclaims f */
    CHECK_EQ_INT(finalized, 1);
  }

  wasm_func_delete(host);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  CHECK_EQ_INT(finalized, 1);
  return test_summary();
}
