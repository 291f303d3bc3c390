/* Threads: one module shared (wasm_module_share) and obtained in N threads, each with
 * its own store, calling exports many times; engines created and deleted concurrently. */
#include <pthread.h>
#include "testlib.h"

#define N_THREADS 4
#define N_CALLS 1000

static wasm_engine_t *engine;
static wasm_shared_module_t *shared;

struct worker {
  int id;
  int ok_calls;    /* add() calls with the right result */
  int ok_sums;     /* sum() calls with the right result */
  int setup_ok;    /* store, module, instance, exports all fine */
  int name_ok;     /* the obtained module kept its name */
  wasm_engine_t *seen_engine;
};

static void *share_worker(void *arg) {
  struct worker *w = arg;
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = store ? wasm_module_obtain(store, shared) : NULL;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *inst = module ? wasm_instance_new(store, module, NULL, &trap) : NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  if (inst)
    wasm_instance_exports(inst, &exports);
  wasm_func_t *add = exports.size == 6 ? wasm_extern_as_func(exports.data[0]) : NULL;
  wasm_func_t *sum = exports.size == 6 ? wasm_extern_as_func(exports.data[5]) : NULL;
  w->setup_ok = store && module && inst && !trap && add && sum;
  const char *name = module ? wasm_module_get_name(module) : NULL;
  w->name_ok = name && strcmp(name, "threaded") == 0;
  for (int i = 0; add && i < N_CALLS; i++) {
    wasm_val_t a[2] = {WASM_I32_VAL(i), WASM_I32_VAL(w->id * 100000)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    wasm_trap_t *t = wasm_func_call(add, &args, &results);
    if (!t && r[0].kind == WASM_I32 && r[0].of.i32 == i + w->id * 100000)
      w->ok_calls++;
    wasm_trap_delete(t);
  }
  for (int n = 0; sum && n < 100; n++) {
    wasm_val_t a[1] = {WASM_I32_VAL(n + w->id)};
    wasm_val_t r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    wasm_trap_t *t = wasm_func_call(sum, &args, &results);
    int m = n + w->id;
    if (!t && r[0].of.i32 == m * (m - 1) / 2)
      w->ok_sums++;
    wasm_trap_delete(t);
  }
  wasm_extern_vec_delete(&exports);
  wasm_trap_delete(trap);
  wasm_instance_delete(inst);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

static void test_shared_module(void) {
  wasm_store_t *store = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  CHECK(wasm_module_set_name(module, "threaded"));
  shared = wasm_module_share(module);
  CHECK(shared != NULL);
  wasm_module_delete(module);
  wasm_store_delete(store);

  pthread_t th[N_THREADS];
  struct worker w[N_THREADS];
  memset(w, 0, sizeof w);
  for (int i = 0; i < N_THREADS; i++) {
    w[i].id = i + 1;
    CHECK_EQ_INT(pthread_create(&th[i], NULL, share_worker, &w[i]), 0);
  }
  for (int i = 0; i < N_THREADS; i++) {
    pthread_join(th[i], NULL);
    CHECK(w[i].setup_ok);
    CHECK(w[i].name_ok);
    CHECK_EQ_INT(w[i].ok_calls, N_CALLS);
    CHECK_EQ_INT(w[i].ok_sums, 100);
  }

  /* a second round on the same shared module, after the first stores are gone */
  memset(w, 0, sizeof w);
  for (int i = 0; i < N_THREADS; i++) {
    w[i].id = 10 + i;
    CHECK_EQ_INT(pthread_create(&th[i], NULL, share_worker, &w[i]), 0);
  }
  for (int i = 0; i < N_THREADS; i++) {
    pthread_join(th[i], NULL);
    CHECK(w[i].setup_ok);
    CHECK_EQ_INT(w[i].ok_calls, N_CALLS);
  }
  wasm_shared_module_delete(shared);
  shared = NULL;
}

/* Creates and deletes the engine (and a store on it) many times. */
static void *engine_worker(void *arg) {
  struct worker *w = arg;
  for (int i = 0; i < 200; i++) {
    wasm_engine_t *e = wasm_engine_new();
    if (!e)
      continue;
    if (i == 0)
      w->seen_engine = e;
    else if (w->seen_engine != e)
      w->seen_engine = (wasm_engine_t *)1; /* marker: not always the same */
    wasm_store_t *s = wasm_store_new(e);
    if (s)
      w->ok_calls++;
    wasm_store_delete(s);
    wasm_engine_delete(e);
  }
  return NULL;
}

static void test_engines_concurrently(void) {
  /* while the main thread holds the engine, every thread gets that same engine */
  pthread_t th[N_THREADS];
  struct worker w[N_THREADS];
  memset(w, 0, sizeof w);
  for (int i = 0; i < N_THREADS; i++)
    CHECK_EQ_INT(pthread_create(&th[i], NULL, engine_worker, &w[i]), 0);
  for (int i = 0; i < N_THREADS; i++) {
    pthread_join(th[i], NULL);
    CHECK_EQ_INT(w[i].ok_calls, 200);
    CHECK(w[i].seen_engine == engine);
  }
  /* the main thread's reference survived all of that */
  wasm_store_t *s = wasm_store_new(engine);
  CHECK(s != NULL);
  wasm_store_delete(s);
  CHECK(wasm_engine_new() == engine);
  wasm_engine_delete(engine);

  /* without a reference held here, threads create and free the engine in turn */
  wasm_engine_delete(engine);
  engine = NULL;
  memset(w, 0, sizeof w);
  for (int i = 0; i < N_THREADS; i++)
    CHECK_EQ_INT(pthread_create(&th[i], NULL, engine_worker, &w[i]), 0);
  for (int i = 0; i < N_THREADS; i++) {
    pthread_join(th[i], NULL);
    CHECK_EQ_INT(w[i].ok_calls, 200);
  }

  /* afterwards a new engine works */
  engine = wasm_engine_new();
  CHECK(engine != NULL);
  s = wasm_store_new(engine);
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);
  wasm_module_t *m = wasm_module_new(s, &bin);
  wasm_byte_vec_delete(&bin);
  wasm_instance_t *inst = wasm_instance_new(s, m, NULL, NULL);
  CHECK(inst != NULL);
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_instance_exports(inst, &exports);
  wasm_func_t *add = exports.size ? wasm_extern_as_func(exports.data[0]) : NULL;
  CHECK(add != NULL);
  wasm_val_t a[2] = {WASM_I32_VAL(2), WASM_I32_VAL(3)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK(add && wasm_func_call(add, &args, &results) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 5);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_store_delete(s);
}

int main(void) {
  engine = wasm_engine_new();
  test_shared_module();
  test_engines_concurrently();
  wasm_engine_delete(engine);
  return test_summary();
}
