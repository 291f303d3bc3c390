/* Thread stress: many threads on one shared module, engine create/delete races, stores
 * and objects deleted on other threads than the one that used them, and concurrent
 * interrupts of metered stores. Every call's result is checked.
 *
 * STRESS_THREADS (default 4) and STRESS_CALLS (default 10000) size the run (the engine
 * races do STRESS_CALLS / 25 create/delete rounds per thread). */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"

static int n_threads = 4;
static int n_calls = 10000;
static wasm_engine_t *engine;
static wasm_shared_module_t *shared;
static wasm_byte_vec_t binary; /* read-only after main() loads it */

#define MAX_THREADS 64

static wasm_trap_t *host_mul(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  atomic_fetch_add((atomic_long *)env, 1);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * args->data[1].of.i32;
  return NULL;
}

/* One store with an instance of stress.wasm and its exports. */
struct session {
  wasm_store_t *store;
  wasm_module_t *module;
  wasm_func_t *host;
  wasm_instance_t *inst;
  wasm_extern_vec_t exports;
  wasm_func_t *add, *via_host, *sum, *spin;
  wasm_global_t *calls;
  atomic_long host_calls;
};

static wasm_extern_t *export_named(struct session *s, const char *name) {
  wasm_exporttype_vec_t types = WASM_EMPTY_VEC;
  wasm_module_exports(s->module, &types);
  wasm_extern_t *found = NULL;
  for (size_t i = 0; i < types.size && i < s->exports.size; i++) {
    const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) + 1 && memcmp(n->data, name, n->size) == 0)
      found = s->exports.data[i];
  }
  wasm_exporttype_vec_delete(&types);
  return found;
}

/* Opens a session on `store` (taken over); module from the shared one, or compiled
 * from the bytes when `compile` is set. Returns 1 when everything is in place. */
static int open_session(struct session *s, wasm_store_t *store, int compile) {
  memset(s, 0, sizeof *s);
  s->store = store;
  if (!store)
    return 0;
  s->module = compile ? wasm_module_new(store, &binary) : wasm_module_obtain(store, shared);
  if (!s->module)
    return 0;
  wasm_functype_t *ty = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  s->host = wasm_func_new_with_env(store, ty, host_mul, &s->host_calls, NULL);
  wasm_functype_delete(ty);
  wasm_extern_t *imports_data[1] = {wasm_func_as_extern(s->host)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_data);
  wasm_trap_t *trap = NULL;
  s->inst = wasm_instance_new(store, s->module, &imports, &trap);
  if (trap) {
    wasm_trap_delete(trap);
    return 0;
  }
  if (!s->inst)
    return 0;
  wasm_instance_exports(s->inst, &s->exports);
  s->add = wasm_extern_as_func(export_named(s, "add"));
  s->via_host = wasm_extern_as_func(export_named(s, "via_host"));
  s->sum = wasm_extern_as_func(export_named(s, "sum"));
  s->spin = wasm_extern_as_func(export_named(s, "spin"));
  s->calls = wasm_extern_as_global(export_named(s, "calls"));
  return s->add && s->via_host && s->sum && s->spin && s->calls;
}

/* Deletes the objects; the store too unless `keep_store`. */
static void close_session(struct session *s, int keep_store) {
  wasm_extern_vec_delete(&s->exports);
  wasm_instance_delete(s->inst);
  wasm_func_delete(s->host);
  wasm_module_delete(s->module);
  if (!keep_store)
    wasm_store_delete(s->store);
}

/* Calls f(a[, b]) -> i32; 1 if it returned without a trap. */
static int call_i32(wasm_func_t *f, int nargs, int32_t a, int32_t b, int32_t *out) {
  wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = {(size_t)nargs, args, (size_t)nargs, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t rv = WASM_ARRAY_VEC(res);
  wasm_trap_t *t = wasm_func_call(f, &av, &rv);
  if (t) {
    wasm_trap_delete(t);
    return 0;
  }
  *out = res[0].of.i32;
  return res[0].kind == WASM_I32;
}

static char *trap_text(wasm_trap_t *t) {
  static __thread char buf[256];
  wasm_message_t m;
  wasm_trap_message(t, &m);
  snprintf(buf, sizeof buf, "%.*s", (int)m.size, m.data);
  wasm_byte_vec_delete(&m);
  return buf;
}

/* ---- 1. N threads, one shared module, n_calls calls each ---- */

struct worker {
  int id;
  int setup_ok;
  long ok_add, ok_host, ok_sum, want_host, want_sum;
  long global_calls, host_calls;
};

static void *calls_worker(void *arg) {
  struct worker *w = arg;
  struct session s;
  w->setup_ok = open_session(&s, wasm_store_new(engine), 0);
  for (int i = 0; w->setup_ok && i < n_calls; i++) {
    int32_t r = 0;
    int32_t b = w->id * 1000003;
    if (call_i32(s.add, 2, i, b, &r) && r == i + b)
      w->ok_add++;
    if (i % 10 == 0) {
      w->want_host++;
      if (call_i32(s.via_host, 2, i, w->id, &r) && r == i * w->id + 1)
        w->ok_host++;
    }
    if (i % 500 == 0) {
      int32_t n = (i / 500 + w->id) % 300;
      w->want_sum++;
      if (call_i32(s.sum, 1, n, 0, &r) && r == n * (n - 1) / 2)
        w->ok_sum++;
    }
  }
  if (w->setup_ok) {
    wasm_val_t v = WASM_INIT_VAL;
    wasm_global_get(s.calls, &v);
    w->global_calls = v.kind == WASM_I64 ? v.of.i64 : -1;
    w->host_calls = atomic_load(&s.host_calls);
  }
  close_session(&s, 0);
  return NULL;
}

static void test_shared_module_calls(void) {
  for (int round = 0; round < 2; round++) {
    pthread_t th[MAX_THREADS];
    struct worker w[MAX_THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < n_threads; i++) {
      w[i].id = i + 1 + round * 100;
      CHECK_EQ_INT(pthread_create(&th[i], NULL, calls_worker, &w[i]), 0);
    }
    for (int i = 0; i < n_threads; i++) {
      pthread_join(th[i], NULL);
      CHECK(w[i].setup_ok);
      CHECK_EQ_INT(w[i].ok_add, n_calls);
      CHECK_EQ_INT(w[i].ok_host, w[i].want_host);
      CHECK_EQ_INT(w[i].host_calls, w[i].want_host);
      CHECK_EQ_INT(w[i].ok_sum, w[i].want_sum);
      /* each store has its own instance: its global counted only its own calls */
      CHECK_EQ_INT(w[i].global_calls, n_calls);
    }
  }
}

/* ---- 2. engine create/delete races (no reference held by main) ---- */

struct engine_worker {
  int rounds, ok;
  int same_as_store; /* the store's module compiled and ran */
};

static void *engine_race_worker(void *arg) {
  struct engine_worker *w = arg;
  for (int i = 0; i < w->rounds; i++) {
    wasm_engine_t *e = wasm_engine_new();
    if (!e)
      continue;
    struct session s;
    /* every 4th round also compiles, instantiates and calls */
    if (i % 4 == 0) {
      int32_t r = 0;
      if (open_session(&s, wasm_store_new(e), 1) && call_i32(s.add, 2, i, 1, &r) && r == i + 1 &&
          call_i32(s.via_host, 2, i, 3, &r) && r == 3 * i + 1)
        w->ok++;
      close_session(&s, 0);
    } else {
      wasm_store_t *st = wasm_store_new(e);
      if (st)
        w->ok++;
      wasm_store_delete(st);
    }
    wasm_engine_delete(e);
  }
  return NULL;
}

static void test_engine_races(void) {
  /* drop main's reference: the threads create and free the singleton in turn */
  wasm_engine_delete(engine);
  engine = NULL;
  pthread_t th[MAX_THREADS];
  struct engine_worker w[MAX_THREADS];
  memset(w, 0, sizeof w);
  for (int i = 0; i < n_threads; i++) {
    w[i].rounds = n_calls / 25 > 8 ? n_calls / 25 : 8; /* 400 at the default size */
    CHECK_EQ_INT(pthread_create(&th[i], NULL, engine_race_worker, &w[i]), 0);
  }
  for (int i = 0; i < n_threads; i++) {
    pthread_join(th[i], NULL);
    CHECK_EQ_INT(w[i].ok, w[i].rounds);
  }
  /* the shared module (compiled on an engine that may since have been freed and
   * made anew) still instantiates and runs on today's engine */
  engine = wasm_engine_new();
  CHECK(engine != NULL);
  struct session s;
  int32_t r = 0;
  CHECK(open_session(&s, wasm_store_new(engine), 0));
  CHECK(s.add && call_i32(s.add, 2, 40, 2, &r) && r == 42);
  CHECK(s.sum && call_i32(s.sum, 1, 10, 0, &r) && r == 45);
  close_session(&s, 0);
}

/* ---- 3. objects used on one thread, deleted on another ---- */

struct handoff {
  struct session s;
  int ok_before, ok_after;
};

static void *use_session(void *arg) {
  struct handoff *h = arg;
  for (int i = 0; i < 1000; i++) {
    int32_t r = 0;
    if (call_i32(h->s.via_host, 2, i, 2, &r) && r == 2 * i + 1)
      h->ok_after++;
  }
  return NULL;
}

static void *open_and_use(void *arg) {
  struct handoff *h = arg;
  if (open_session(&h->s, wasm_store_new(engine), 0)) {
    for (int i = 0; i < 1000; i++) {
      int32_t r = 0;
      if (call_i32(h->s.add, 2, i, i, &r) && r == 2 * i)
        h->ok_before++;
    }
  }
  return NULL;
}

static void *delete_store_only(void *arg) {
  struct handoff *h = arg;
  wasm_store_delete(h->s.store);
  h->s.store = NULL;
  return NULL;
}

static void *delete_objects(void *arg) {
  close_session(&((struct handoff *)arg)->s, 1);
  return NULL;
}

static void *delete_everything(void *arg) {
  close_session(&((struct handoff *)arg)->s, 0);
  return NULL;
}

static void run_on_thread(void *(*fn)(void *), void *arg) {
  pthread_t t;
  CHECK_EQ_INT(pthread_create(&t, NULL, fn, arg), 0);
  pthread_join(t, NULL);
}

static void test_cross_thread_delete(void) {
  struct handoff h[MAX_THREADS];
  memset(h, 0, sizeof h);
  pthread_t th[MAX_THREADS];
  /* made and used on thread A (all at once), used on B, deleted on C */
  for (int i = 0; i < n_threads; i++)
    CHECK_EQ_INT(pthread_create(&th[i], NULL, open_and_use, &h[i]), 0);
  for (int i = 0; i < n_threads; i++)
    pthread_join(th[i], NULL);
  for (int i = 0; i < n_threads; i++)
    CHECK_EQ_INT(pthread_create(&th[i], NULL, use_session, &h[i]), 0);
  for (int i = 0; i < n_threads; i++)
    pthread_join(th[i], NULL);
  for (int i = 0; i < n_threads; i++) {
    CHECK_EQ_INT(h[i].ok_before, 1000);
    CHECK_EQ_INT(h[i].ok_after, 1000);
    /* even sessions: everything deleted on one other thread; odd: the store is
     * deleted first on one thread, its objects later on another */
    if (i % 2 == 0) {
      run_on_thread(delete_everything, &h[i]);
    } else {
      run_on_thread(delete_store_only, &h[i]);
      run_on_thread(delete_objects, &h[i]);
    }
  }
  /* the shared module itself: obtained on many threads while main deletes its own
   * extra share handle */
  wasm_store_t *st = wasm_store_new(engine);
  wasm_module_t *m = wasm_module_obtain(st, shared);
  wasm_shared_module_t *extra = wasm_module_share(m);
  CHECK(extra != NULL);
  struct handoff h2[MAX_THREADS];
  memset(h2, 0, sizeof h2);
  for (int i = 0; i < n_threads; i++)
    CHECK_EQ_INT(pthread_create(&th[i], NULL, open_and_use, &h2[i]), 0);
  wasm_shared_module_delete(extra);
  wasm_module_delete(m);
  wasm_store_delete(st);
  for (int i = 0; i < n_threads; i++) {
    pthread_join(th[i], NULL);
    CHECK_EQ_INT(h2[i].ok_before, 1000);
    close_session(&h2[i].s, 0);
  }
}

/* ---- 4. metered stores stopped from another thread ---- */

struct spinner {
  struct session s;
  atomic_int started;
  char message[256];
  int trapped;
  int ok_after;
};

static void *spin_worker(void *arg) {
  struct spinner *sp = arg;
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  atomic_store(&sp->started, 1);
  wasm_trap_t *t = wasm_func_call(sp->s.spin, &none, &none);
  if (t) {
    sp->trapped = 1;
    snprintf(sp->message, sizeof sp->message, "%s", trap_text(t));
    wasm_trap_delete(t);
  }
  /* the store works again after the interrupt */
  int32_t r = 0;
  if (call_i32(sp->s.add, 2, 20, 22, &r) && r == 42)
    sp->ok_after = 1;
  return NULL;
}

static void test_interrupts(void) {
  struct spinner sp[MAX_THREADS];
  pthread_t th[MAX_THREADS];
  memset(sp, 0, sizeof sp);
  for (int i = 0; i < n_threads; i++) {
    CHECK(open_session(&sp[i].s, wamr_store_new_metered(engine), 0));
    if (i % 2 == 1) /* odd ones run out of fuel instead */
      CHECK(wamr_store_set_fuel(sp[i].s.store, 2000000));
    CHECK_EQ_INT(pthread_create(&th[i], NULL, spin_worker, &sp[i]), 0);
  }
  for (int i = 0; i < n_threads; i += 2) {
    while (!atomic_load(&sp[i].started))
      usleep(1000);
    usleep(20000);
    CHECK(wamr_store_interrupt(sp[i].s.store));
  }
  for (int i = 0; i < n_threads; i++) {
    pthread_join(th[i], NULL);
    CHECK(sp[i].trapped);
    if (i % 2 == 0) {
      CHECK(strcmp(sp[i].message, "Exception: interrupted") == 0 ||
            /* WAMR-style message with its NUL counted: same text */
            strncmp(sp[i].message, "Exception: interrupted", 22) == 0);
      CHECK(sp[i].ok_after);
    } else {
      CHECK(strstr(sp[i].message, "fuel") != NULL);
      uint64_t left = 1;
      CHECK(wamr_store_get_fuel(sp[i].s.store, &left));
      CHECK(left < 1000);
    }
    close_session(&sp[i].s, 0);
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
  const char *t = getenv("STRESS_THREADS"), *c = getenv("STRESS_CALLS");
  if (t && atoi(t) > 0)
    n_threads = atoi(t) < MAX_THREADS ? atoi(t) : MAX_THREADS;
  if (c && atoi(c) > 0)
    n_calls = atoi(c);
  printf("stress: %d threads, %d calls each\n", n_threads, n_calls);
  engine = wasm_engine_new();
  load_wasm("stress.wasm", &binary);
  wasm_store_t *store = wasm_store_new(engine);
  wasm_module_t *module = wasm_module_new(store, &binary);
  CHECK(module != NULL);
  shared = wasm_module_share(module);
  CHECK(shared != NULL);
  wasm_module_delete(module);
  wasm_store_delete(store);

  struct {
    const char *name;
    void (*fn)(void);
  } steps[] = {
      {"shared module calls", test_shared_module_calls},
      {"engine races", test_engine_races},
      {"cross-thread delete", test_cross_thread_delete},
      {"interrupts", test_interrupts},
  };
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    double t0 = now();
    steps[i].fn();
    printf("  %-22s %.2f s\n", steps[i].name, now() - t0);
  }
  wasm_shared_module_delete(shared);
  wasm_byte_vec_delete(&binary);
  wasm_engine_delete(engine);
  return test_summary();
}
