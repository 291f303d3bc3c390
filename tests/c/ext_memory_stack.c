/* The memory and stack model (README, Memory): a memory's bytes never move while it
 * grows within its reservation, so a wasm_memory_data() pointer taken before wasm (or the
 * host) grows it stays valid; calls nest 32,000 deep by default; stack_size of
 * wasm_instance_new_with_args lets deeper recursion through, or traps earlier. */
#include "testlib.h"

enum { REC, MEM, GROW, LOAD8, STORE8, N_EXPORTS };

struct inst {
  wasm_store_t *store;
  wasm_instance_t *inst;
  wasm_extern_vec_t ex;
};

static wasm_engine_t *engine;
static wasm_module_t *module_of(wasm_store_t *s) { return load_module(s, "ext_deep.wasm"); }

static struct inst make(uint32_t stack_size) {
  struct inst r = {wasm_store_new(engine), NULL, WASM_EMPTY_VEC};
  wasm_module_t *m = module_of(r.store);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  r.inst = stack_size ? wasm_instance_new_with_args(r.store, m, &none, NULL, stack_size, 0)
                      : wasm_instance_new(r.store, m, &none, NULL);
  CHECK(r.inst != NULL);
  if (r.inst) wasm_instance_exports(r.inst, &r.ex);
  wasm_module_delete(m);
  return r;
}

static void drop(struct inst *r) {
  wasm_extern_vec_delete(&r->ex);
  wasm_instance_delete(r->inst);
  wasm_store_delete(r->store);
}

/* Calls export i with up to two i32 args; returns the i32 result, or -1 on a trap
 * (whose message goes to *why when given). */
static int call(struct inst *r, int i, int n, int a, int b, char *why, size_t why_len) {
  wasm_val_t args[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)}, res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = {(size_t)n, args, (size_t)n, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t rv = WASM_ARRAY_VEC(res);
  if (i == STORE8) rv.size = rv.num_elems = 0;
  wasm_trap_t *t = wasm_func_call(wasm_extern_as_func(r->ex.data[i]), &av, &rv);
  if (!t) return i == STORE8 ? 0 : res[0].of.i32;
  if (why) {
    wasm_message_t m;
    wasm_trap_message(t, &m);
    snprintf(why, why_len, "%.*s", (int)m.size, m.data);
    wasm_byte_vec_delete(&m);
  }
  wasm_trap_delete(t);
  return -1;
}

static void test_depth(void) {
  char why[256] = "";
  struct inst d = make(0);
  if (!d.inst) return;
  CHECK_EQ_INT(call(&d, REC, 1, 32000, 0, NULL, 0), 32000); /* wasmtime's default reaches 32,761 */
  CHECK_EQ_INT(call(&d, REC, 1, 10000000, 0, why, sizeof why), -1); /* runaway: a clean trap */
  CHECK(strstr(why, "stack overflow") != NULL);
  CHECK_EQ_INT(call(&d, REC, 1, 100, 0, NULL, 0), 100); /* and the store still works */
  CHECK_EQ_INT(call(&d, REC, 1, 300000, 0, NULL, 0), -1); /* past the default */
  drop(&d);

  struct inst small = make(64 * 1024); /* about WAMR's: a thousand small frames */
  if (!small.inst) return;
  CHECK_EQ_INT(call(&small, REC, 1, 500, 0, NULL, 0), 500);
  CHECK_EQ_INT(call(&small, REC, 1, 32000, 0, NULL, 0), -1);
  drop(&small);

  struct inst big = make(64u << 20);
  if (!big.inst) return;
  CHECK_EQ_INT(call(&big, REC, 1, 300000, 0, NULL, 0), 300000);
  drop(&big);
}

static void test_fixed_base(void) {
  struct inst r = make(0);
  if (!r.inst) return;
  wasm_memory_t *mem = wasm_extern_as_memory(r.ex.data[MEM]);
  /* no declared maximum: the reservation is all a 32-bit memory can reach */
  CHECK(wamr_memory_fixed_base_bytes(mem) >= ((size_t)1 << 32));
  byte_t *base = wasm_memory_data(mem);
  base[100] = 0x5a;
  CHECK_EQ_INT(call(&r, GROW, 1, 9, 0, NULL, 0), 1); /* wasm grows it: 1 -> 10 pages */
  CHECK_EQ_INT(wasm_memory_size(mem), 10);
  CHECK(wasm_memory_data(mem) == base);
  CHECK_EQ_INT(base[100], 0x5a);
  base[9 * 65536 + 7] = 0x33; /* a new page, through the old pointer */
  CHECK_EQ_INT(call(&r, LOAD8, 1, 9 * 65536 + 7, 0, NULL, 0), 0x33);
  call(&r, STORE8, 2, 5 * 65536, 0x44, NULL, 0);
  CHECK_EQ_INT(base[5 * 65536], 0x44);
  CHECK_EQ_INT(base[8 * 65536], 0); /* fresh pages are zero */
  CHECK(wasm_memory_grow(mem, 100)); /* the host grows it too */
  CHECK(wasm_memory_data(mem) == base);
  CHECK_EQ_INT(base[100], 0x5a);
  base[109 * 65536] = 1;
  CHECK_EQ_INT(call(&r, LOAD8, 1, 109 * 65536, 0, NULL, 0), 1);
  drop(&r);

  /* a declared maximum reserves just that; growing past it fails and moves nothing */
  wasm_store_t *s = wasm_store_new(engine);
  wasm_limits_t lim = {1, 3};
  wasm_memorytype_t *mt = wasm_memorytype_new(&lim);
  wasm_memory_t *m = wasm_memory_new(s, mt);
  wasm_memorytype_delete(mt);
  CHECK_EQ_INT(wamr_memory_fixed_base_bytes(m), 3 * 65536);
  byte_t *b = wasm_memory_data(m);
  CHECK(wasm_memory_grow(m, 2));
  CHECK(!wasm_memory_grow(m, 1));
  CHECK(wasm_memory_data(m) == b);
  CHECK_EQ_INT(wasm_memory_size(m), 3);
  CHECK_EQ_INT(wamr_memory_fixed_base_bytes(NULL), 0);
  wasm_memory_delete(m);
  wasm_store_delete(s);
}

int main(void) {
  engine = wasm_engine_new();
  test_depth();
  test_fixed_base();
  wasm_engine_delete(engine);
  return test_summary();
}
