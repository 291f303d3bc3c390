/* Compiled code is freed with its module: once the last module handle and the last
 * store that instantiated it are gone (or the store has reclaimed its dead instances),
 * the module's code goes back, while the engine and other stores stay alive.
 *
 * Measured with mallinfo2 (bytes in use by malloc: exact, and independent of the
 * allocator returning pages) and with RSS. CODE_CYCLES (default 10000; 400 under
 * valgrind) sets the number of compile+instantiate+delete cycles of the main check. */
#include <malloc.h>
#include <unistd.h>
#include "testlib.h"

#define FUNCS 200

static size_t heap_in_use(void) {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd; /* small chunks and mmapped ones */
}


/* False under valgrind, whose malloc mallinfo2 does not see: the heap checks are
 * then skipped (valgrind checks the frees itself). */
static int heap_measurable(void) {
  size_t before = heap_in_use();
  char *volatile p = malloc(1 << 20); /* volatile: the compiler may not elide it */
  int seen = p && heap_in_use() >= before + (1 << 20);
  free(p);
  return seen;
}

/* A module of `funcs` functions chained f0 -> f1 -> ... -> f<funcs-1>, each adding 1
 * and the last adding `k`: run(x) = x + k + funcs - 1, and calling run compiles every
 * function. Distinct (funcs, k) give distinct results, so code left over from another
 * module in a reused slot would show. */
static void make_module(int funcs, int k, wasm_byte_vec_t *out) {
  size_t cap = (size_t)funcs * 96 + 256, len = 0;
  char *wat = malloc(cap);
  len += (size_t)snprintf(wat + len, cap - len, "(module (export \"run\" (func 0))\n");
  for (int i = 0; i < funcs; i++) {
    if (i + 1 < funcs)
      len += (size_t)snprintf(wat + len, cap - len,
                              "  (func (param i32) (result i32) (i32.add (call %d (local.get 0)) (i32.const 1)))\n", i + 1);
    else
      len += (size_t)snprintf(wat + len, cap - len,
                              "  (func (param i32) (result i32) (i32.add (local.get 0) (i32.const %d)))\n", k);
  }
  len += (size_t)snprintf(wat + len, cap - len, ")\n");
  wasm_byte_vec_t text = {len, wat, len, 1, NULL};
  CHECK(wamr_wat_to_wasm(&text, out));
  free(wat);
}

/* Calls the first export of `inst` with x; -1 on failure. */
static int call_run(wasm_instance_t *inst, int x) {
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_instance_exports(inst, &exports);
  int result = -1;
  if (exports.size) {
    wasm_val_t args[1] = {WASM_I32_VAL(x)}, res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t av = WASM_ARRAY_VEC(args), rv = WASM_ARRAY_VEC(res);
    wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &av, &rv);
    if (!trap) result = res[0].of.i32;
    wasm_trap_delete(trap);
  }
  wasm_extern_vec_delete(&exports);
  return result;
}

/* A fresh instance of `module` in `store`, run(x), deleted; -1 on failure. */
static int run_once(wasm_store_t *store, wasm_module_t *module, int x) {
  wasm_instance_t *inst = wasm_instance_new(store, module, NULL, NULL);
  if (!inst) return -1;
  int result = call_run(inst, x);
  wasm_instance_delete(inst);
  return result;
}

/* One cycle: compile `binary` in `store`, instantiate, run, delete both. */
static int compile_run_delete(wasm_store_t *store, const wasm_byte_vec_t *binary, int x) {
  wasm_module_t *module = wasm_module_new(store, binary);
  if (!module) return -1;
  int result = run_once(store, module, x);
  wasm_module_delete(module);
  return result;
}

#define VARIANTS 4
static const int variant_funcs[VARIANTS] = {FUNCS, FUNCS / 2, FUNCS + 57, FUNCS};
static const int variant_k[VARIANTS] = {0, 1000, 2000, 3000};
static int expected(int v, int x) { return x + variant_k[v] + variant_funcs[v] - 1; }

int main(void) {
  const char *env = getenv("CODE_CYCLES");
  int measurable = heap_measurable();
  if (!measurable) fprintf(stderr, "mallinfo2 sees no heap (valgrind?): heap checks skipped, fewer cycles\n");
  long cycles = env ? atol(env) : measurable ? 10000 : 400;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_byte_vec_t binary[VARIANTS];
  for (int v = 0; v < VARIANTS; v++) make_module(variant_funcs[v], variant_k[v], &binary[v]);

  /* The main check: one engine, a store that lives throughout (with a live instance of
   * its own) and a working store; modules of different sizes compiled, run and deleted
   * in turn. Heap and RSS stay flat, and every run gives its own module's result. */
  {
    wasm_store_t *keeper = wasm_store_new(engine);
    wasm_module_t *kept_module = wasm_module_new(keeper, &binary[1]);
    wasm_instance_t *kept = wasm_instance_new(keeper, kept_module, NULL, NULL);
    CHECK(kept != NULL);
    wasm_store_t *store = wasm_store_new(engine);
    long warmup = cycles / 10, wrong = 0;
    size_t heap_before = 0;
    long rss_before = 0;
    for (long i = 0; i < cycles; i++) {
      if (i == warmup) {
        heap_before = heap_in_use();
        rss_before = rss_kib();
      }
      int v = (int)(i % VARIANTS);
      if (compile_run_delete(store, &binary[v], (int)i) != expected(v, (int)i)) wrong++;
    }
    long long heap_grown = (long long)heap_in_use() - (long long)heap_before;
    long rss_grown = rss_kib() - rss_before;
    fprintf(stderr, "%ld cycles: heap %+lld bytes, RSS %+ld KiB after warm-up\n", cycles, heap_grown, rss_grown);
    CHECK_EQ_INT(wrong, 0);
    /* Kept forever, 10,000 cycles hold over 200 MiB of code and entries. */
    if (measurable) CHECK(heap_grown < 512 * 1024);
    if (measurable) CHECK(rss_grown < 8 * 1024);
    /* The keeper's instance, compiled before all this, still runs. */
    CHECK_EQ_INT(call_run(kept, 5), expected(1, 5));
    wasm_instance_delete(kept);
    wasm_module_delete(kept_module);
    wasm_store_delete(store);
    wasm_store_delete(keeper);
  }

  /* Modules compiled and deleted without being instantiated, in a live store. */
  {
    wasm_store_t *store = wasm_store_new(engine);
    for (int i = 0; i < 20; i++) wasm_module_delete(wasm_module_new(store, &binary[i % VARIANTS]));
    size_t before = heap_in_use();
    for (int i = 0; i < 500; i++) wasm_module_delete(wasm_module_new(store, &binary[i % VARIANTS]));
    long long grown = (long long)heap_in_use() - (long long)before;
    if (measurable) CHECK(grown < 128 * 1024);
    wasm_store_delete(store);
  }

  /* Negative: code is kept exactly while something can run it, and freed after. */
  {
    wasm_store_t *store = wasm_store_new(engine);
    CHECK_EQ_INT(compile_run_delete(store, &binary[0], 0), expected(0, 0)); /* warm */
    size_t before = heap_in_use(), held = 0, after = 0;
    for (int round = 0; round < 2; round++) {
      wasm_module_t *modules[50];
      wasm_instance_t *insts[50];
      for (int i = 0; i < 50; i++) {
        modules[i] = wasm_module_new(store, &binary[0]);
        insts[i] = wasm_instance_new(store, modules[i], NULL, NULL);
        CHECK_EQ_INT(call_run(insts[i], i), expected(0, i));
      }
      size_t now_held = heap_in_use();
      if (measurable) CHECK(now_held > before + 50 * FUNCS * 16);
      /* Modules deleted: the instances (and so the store) keep the code running. */
      for (int i = 0; i < 50; i++) wasm_module_delete(modules[i]);
      int wrong = 0;
      for (int i = 0; i < 50; i++) wrong += call_run(insts[i], i) != expected(0, i);
      CHECK_EQ_INT(wrong, 0);
      for (int i = 0; i < 50; i++) wasm_instance_delete(insts[i]);
      /* The next instantiation reclaims the idle store: the 50 modules' code goes. */
      CHECK_EQ_INT(compile_run_delete(store, &binary[2], 7), expected(2, 7));
      size_t now_after = heap_in_use();
      fprintf(stderr, "50 modules: %zu bytes held, %zu kept after they went\n", now_held - before, now_after - before);
      if (round == 0) {
        held = now_held;
        after = now_after;
        /* What stays is the engine's table of function slots (at most 128 bytes each)... */
        if (measurable) CHECK(after < before + 50 * FUNCS * 128);
        if (measurable) CHECK(after - before < (held - before) / 2);
      } else if (measurable) {
        /* ...which the second round reuses: no new slots, the same peak. */
        CHECK(now_held < held + 64 * 1024);
        CHECK(now_after < after + 64 * 1024);
      }
    }
    /* A module whose instances all went keeps its code for new ones. */
    wasm_module_t *module = wasm_module_new(store, &binary[3]);
    for (int i = 0; i < 3; i++) CHECK_EQ_INT(run_once(store, module, i), expected(3, i));
    wasm_module_delete(module);
    wasm_store_delete(store);
  }

  /* A module outlives the store it was compiled in and runs in later stores, plain and
   * metered; a shared module keeps its code after its module handle goes. */
  {
    wasm_store_t *first = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(first, &binary[2]);
    CHECK(module != NULL);
    wasm_store_delete(first);
    for (int i = 0; i < 3; i++) {
      wasm_store_t *store = wasm_store_new(engine);
      CHECK_EQ_INT(run_once(store, module, i), expected(2, i));
      wasm_store_delete(store);
    }
    wasm_store_t *metered = wamr_store_new_metered(engine);
    CHECK_EQ_INT(run_once(metered, module, 9), expected(2, 9));
    wasm_store_delete(metered);
    wasm_shared_module_t *shared = wasm_module_share(module);
    wasm_module_delete(module);
    wasm_store_t *store = wasm_store_new(engine);
    CHECK_EQ_INT(compile_run_delete(store, &binary[0], 1), expected(0, 1)); /* reuses freed slots */
    wasm_module_t *obtained = wasm_module_obtain(store, shared);
    CHECK(obtained != NULL);
    if (obtained) CHECK_EQ_INT(run_once(store, obtained, 4), expected(2, 4));
    wasm_module_delete(obtained);
    wasm_store_delete(store);
    wasm_shared_module_delete(shared);
  }

  /* An instance outliving its store and module keeps their code: it still runs after
   * other modules came and went (and took their slots). */
  {
    wasm_store_t *old = wasm_store_new(engine);
    wasm_module_t *module = wasm_module_new(old, &binary[3]);
    wasm_instance_t *inst = wasm_instance_new(old, module, NULL, NULL);
    wasm_module_delete(module);
    wasm_store_delete(old);
    wasm_store_t *store = wasm_store_new(engine);
    for (int i = 0; i < 8; i++)
      CHECK_EQ_INT(compile_run_delete(store, &binary[i % VARIANTS], i), expected(i % VARIANTS, i));
    wasm_store_delete(store);
    CHECK_EQ_INT(call_run(inst, 10), expected(3, 10));
    wasm_instance_delete(inst);
  }

  for (int v = 0; v < VARIANTS; v++) wasm_byte_vec_delete(&binary[v]);
  wasm_engine_delete(engine);
  return test_summary();
}
