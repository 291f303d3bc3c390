/* threads: one compiled module shared by several threads.
 *
 *   ./threads [threads.wasm]
 *
 * The main thread compiles the module once and shares it (wasm_module_share).
 * Each worker thread makes its own store, obtains the module in it
 * (wasm_module_obtain), instantiates it with its own `id` global and `report`
 * host function, and calls `run` a few times. Workers only record what
 * happened; the main thread prints it after joining them, in thread order, so
 * the output does not depend on scheduling. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "wasm_c_api.h"

#define N_THREADS 4
#define N_ROUNDS 3

static bool read_file(const char *path, wasm_byte_vec_t *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  long size = -1;
  if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
  bool ok = size > 0 && fseek(f, 0, SEEK_SET) == 0;
  if (ok) {
    wasm_byte_vec_new_uninitialized(out, (size_t)size);
    ok = out->data && fread(out->data, 1, (size_t)size, f) == (size_t)size;
    if (!ok) wasm_byte_vec_delete(out);
  }
  fclose(f);
  return ok;
}

/* What one worker is given and what it records. */
struct worker {
  int id;
  wasm_engine_t *engine;
  wasm_shared_module_t *shared;
  pthread_t thread;
  int reports;             /* calls of `report` */
  int wrong_reports;       /* reports carrying another thread's id */
  int32_t results[N_ROUNDS];
  const char *error;       /* what went wrong, or NULL */
};

/* The expected result of run(n) in thread `id`. */
static int32_t expected_sum(int id, int32_t n) {
  return n * (n + 1) / 2 * (id + 1);
}

/* report : [i32 i32] -> [], with the worker as its environment. */
static wasm_trap_t *report_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  struct worker *w = env;
  w->reports++;
  if (args->data[0].of.i32 != w->id) w->wrong_reports++;
  return NULL;
}

static void *run_worker(void *arg) {
  struct worker *w = arg;
  wasm_module_t *module = NULL;
  wasm_global_t *id_global = NULL;
  wasm_func_t *report = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;

  wasm_store_t *store = wasm_store_new(w->engine);
  if (!store) {
    w->error = "cannot create a store";
    return NULL;
  }
  module = wasm_module_obtain(store, w->shared);
  if (!module) {
    w->error = "cannot obtain the shared module";
    goto done;
  }

  wasm_functype_t *report_type = wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  report = wasm_func_new_with_env(store, report_type, report_callback, w, NULL);
  wasm_functype_delete(report_type);
  wasm_globaltype_t *id_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t id_value = WASM_I32_VAL(w->id);
  id_global = wasm_global_new(store, id_type, &id_value);
  wasm_globaltype_delete(id_type);
  if (!report || !id_global) {
    w->error = "cannot create the imports";
    goto done;
  }

  wasm_extern_t *externs[] = {wasm_func_as_extern(report), wasm_global_as_extern(id_global)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    w->error = "cannot instantiate the module";
    if (trap) wasm_trap_delete(trap);
    goto done;
  }
  wasm_instance_exports(instance, &exports);
  const wasm_func_t *run = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (!run) {
    w->error = "cannot find the export";
    goto done;
  }

  for (int round = 0; round < N_ROUNDS; round++) {
    wasm_val_t arg_vals[] = {WASM_I32_VAL(100 * (round + 1))};
    wasm_val_t result_vals[] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
    wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
    trap = wasm_func_call(run, &args, &results);
    if (trap) {
      w->error = "run trapped";
      wasm_trap_delete(trap);
      goto done;
    }
    w->results[round] = result_vals[0].of.i32;
  }

done:
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (id_global) wasm_global_delete(id_global);
  if (report) wasm_func_delete(report);
  if (module) wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "threads.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_shared_module_t *shared = NULL;
  struct worker workers[N_THREADS] = {{0}};
  int started = 0;

  printf("Initializing...\n");
  wasm_engine_t *engine = wasm_engine_new();
  if (!engine || !(store = wasm_store_new(engine))) {
    fprintf(stderr, "> Error creating the engine or the store!\n");
    goto done;
  }

  printf("Loading binary...\n");
  wasm_byte_vec_t binary;
  if (!read_file(path, &binary)) {
    fprintf(stderr, "> Error reading %s!\n", path);
    goto done;
  }

  printf("Compiling module...\n");
  module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "> Error compiling module!\n");
    goto done;
  }

  printf("Sharing module...\n");
  shared = wasm_module_share(module);
  if (!shared) {
    fprintf(stderr, "> Error sharing module!\n");
    goto done;
  }
  /* The shared handle keeps the module alive on its own. */
  wasm_module_delete(module);
  module = NULL;

  printf("Starting %d threads...\n", N_THREADS);
  for (started = 0; started < N_THREADS; started++) {
    struct worker *w = &workers[started];
    w->id = started;
    w->engine = engine;
    w->shared = shared;
    if (pthread_create(&w->thread, NULL, run_worker, w) != 0) {
      fprintf(stderr, "> Error starting thread %d!\n", started);
      break;
    }
  }
  for (int i = 0; i < started; i++) pthread_join(workers[i].thread, NULL);
  printf("Joined %d threads.\n", started);

  int failures = started == N_THREADS ? 0 : 1;
  for (int i = 0; i < started; i++) {
    struct worker *w = &workers[i];
    if (w->error) {
      printf("thread %d: failed: %s\n", i, w->error);
      failures++;
      continue;
    }
    bool ok = w->reports == N_ROUNDS && w->wrong_reports == 0;
    printf("thread %d: %d reports, results", i, w->reports);
    for (int round = 0; round < N_ROUNDS; round++) {
      printf(" %" PRId32, w->results[round]);
      ok = ok && w->results[round] == expected_sum(i, 100 * (round + 1));
    }
    printf(ok ? " (as expected)\n" : " (unexpected!)\n");
    if (!ok) failures++;
  }
  rc = failures ? 1 : 0;

done:
  printf("Shutting down...\n");
  if (shared) wasm_shared_module_delete(shared);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
