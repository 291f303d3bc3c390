/* wamr_caller_export: a host function reaches the exports of the instance whose wasm
 * called it (each instance its own memory), only while it runs from wasm. */
#include "testlib.h"

static const char *WAT =
    "(module (import \"env\" \"peek\" (func $peek (param i32) (result i32)))\n"
    "  (memory (export \"memory\") 1)\n"
    "  (global (export \"tag\") i32 (i32.const %d))\n"
    "  (data (i32.const 0) \"%s\")\n"
    "  (func (export \"run\") (param i32) (result i32) (call $peek (local.get 0))))";

static wasm_extern_t *kept; /* an export taken in a callback, used after it */

/* peek(i): byte i of the calling instance's "memory" (-1 when there is no caller). */
static wasm_trap_t *peek(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  wasm_store_t *store = env;
  wasm_extern_t *mem = wamr_caller_export(store, "memory");
  int32_t out = -1;
  if (mem && wasm_extern_as_memory(mem)) {
    wasm_memory_t *m = wasm_extern_as_memory(mem);
    uint32_t i = (uint32_t)args->data[0].of.i32;
    if (i < wasm_memory_data_size(m)) out = (unsigned char)wasm_memory_data(m)[i];
  }
  /* names the instance lacks, and NULL arguments, give NULL */
  if (wamr_caller_export(store, "nonexistent") != NULL) out = -2;
  if (wamr_caller_export(store, NULL) != NULL || wamr_caller_export(NULL, "memory") != NULL) out = -3;
  if (!kept) kept = mem;
  else wasm_extern_delete(mem);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = out;
  return NULL;
}

static wasm_instance_t *instantiate(wasm_store_t *store, wasm_func_t *host, int tag, const char *data) {
  char text[1024];
  int len = snprintf(text, sizeof text, WAT, tag, data);
  wasm_byte_vec_t wat = {(size_t)len, text, (size_t)len, 1, NULL}, binary;
  CHECK(wamr_wat_to_wasm(&wat, &binary));
  wasm_module_t *module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  wasm_extern_t *imports[1] = {wasm_func_as_extern(host)};
  wasm_extern_vec_t iv = WASM_ARRAY_VEC(imports);
  wasm_instance_t *inst = module ? wasm_instance_new(store, module, &iv, NULL) : NULL;
  wasm_module_delete(module);
  CHECK(inst != NULL);
  return inst;
}

static int call_i32(wasm_func_t *f, int x) {
  wasm_val_t a[1] = {WASM_I32_VAL(x)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(f, &av, &rv);
  if (trap) {
    wasm_trap_delete(trap);
    return -100;
  }
  return r[0].of.i32;
}

static int run(wasm_instance_t *inst, int x) {
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_instance_exports(inst, &exports);
  int out = call_i32(wasm_extern_as_func(exports.data[2]), x);
  wasm_extern_vec_delete(&exports);
  return out;
}

int main(void) {
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  wasm_functype_t *ty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t *host = wasm_func_new_with_env(store, ty, peek, store, NULL);
  wasm_functype_delete(ty);

  wasm_instance_t *a = instantiate(store, host, 1, "abc");
  wasm_instance_t *b = instantiate(store, host, 2, "xyz");
  /* each call sees the memory of the instance that called */
  CHECK_EQ_INT(run(a, 0), 'a');
  CHECK_EQ_INT(run(b, 0), 'x');
  CHECK_EQ_INT(run(a, 2), 'c');
  CHECK_EQ_INT(run(b, 1), 'y');
  /* the host function called from the host has no caller instance */
  CHECK_EQ_INT(call_i32(host, 0), -1);
  /* outside any callback: NULL */
  CHECK(wamr_caller_export(store, "memory") == NULL);
  /* an export taken during a callback (instance a's memory) stays usable after it */
  CHECK(kept != NULL);
  if (kept) {
    wasm_memory_t *m = wasm_extern_as_memory(kept);
    CHECK(m != NULL);
    if (m) CHECK_EQ_INT(wasm_memory_data(m)[1], 'b');
    wasm_extern_delete(kept);
  }

  wasm_instance_delete(a);
  wasm_instance_delete(b);
  wasm_func_delete(host);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
