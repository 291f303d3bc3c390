/* The smallest libiwasm (`make build-minimal`: cargo's --no-default-features, so no
 * WebAssembly text, no WASI, no SIMD) keeps every symbol and fails what it left out
 * with a reason, while plain modules run as in the default build:
 *   - a numbers-only module compiles, instantiates and runs;
 *   - wamr_wat_to_wasm fails, its message naming the missing feature;
 *   - a module using v128 does not compile, the reason (on stderr, as WAMR reports
 *     load errors) naming SIMD;
 *   - a WASI module instantiates with its imports unlinked (as a WAMR built without
 *     libc-wasi) and a call into one traps, naming the import.
 * Run against the default build (MINIMAL_EXPECT_FULL=1) it checks the opposite, so
 * the test cannot pass by not looking. */
#include "testlib.h"

static int full;

static wasm_store_t *store;

static void test_plain_module(void) {
  wasm_byte_vec_t bin;
  load_wasm("m1_add.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (!module) return;
  wasm_extern_vec_t none = WASM_EMPTY_VEC, exports;
  wasm_instance_t *instance = wasm_instance_new(store, module, &none, NULL);
  CHECK(instance != NULL);
  wasm_instance_exports(instance, &exports);
  wasm_func_t *add = module_func(module, &exports, "add");
  wasm_val_t a[2] = {WASM_I32_VAL(40), WASM_I32_VAL(2)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  CHECK(add && wasm_func_call(add, &av, &rv) == NULL);
  CHECK_EQ_INT(r[0].of.i32, 42);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
}

static void test_text(void) {
  wasm_byte_vec_t text, out;
  wasm_byte_vec_new(&text, 9, "(module)");
  bool ok = wamr_wat_to_wasm(&text, &out);
  CHECK_EQ_INT(ok, full);
  if (full) {
    CHECK(out.size == 8 && memcmp(out.data, "\0asm", 4) == 0);
  } else {
    CHECK(out.size > 0 && strstr(out.data, "without WebAssembly text support (the `wat` feature)") != NULL);
  }
  wasm_byte_vec_delete(&out);
  wasm_byte_vec_delete(&text);
}

static void compile_simd(void *result) {
  /* (module (func (result i32) v128.const i64x2 1 2 i32x4.extract_lane 0)) */
  static const char wasm[] = "\x00\x61\x73\x6d\x01\x00\x00\x00\x01\x05\x01\x60\x00\x01\x7f\x03\x02\x01\x00"
                             "\x0a\x19\x01\x17\x00\xfd\x0c\x01\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00"
                             "\x00\x00\x00\x00\xfd\x1b\x00\x0b";
  wasm_byte_vec_t bin;
  wasm_byte_vec_new(&bin, sizeof wasm - 1, wasm);
  *(wasm_module_t **)result = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
}

static void test_simd(void) {
  wasm_module_t *module = NULL;
  capture_begin(true);
  compile_simd(&module);
  const char *said = capture_end();
  CHECK_EQ_INT(module != NULL, full);
  if (!full) {
    CHECK(strstr(said, "WASM module load failed") != NULL && strstr(said, "SIMD") != NULL);
    if (!strstr(said, "SIMD")) fprintf(stderr, "  said: %s\n", said);
  }
  if (module) wasm_module_delete(module);
}

static void test_wasi(void) {
  wasm_byte_vec_t bin;
  load_wasm("m2_reclaim_wasi.wasm", &bin);
  wasm_module_t *module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (!module) return;
  /* the import's slot left empty: the library's own WASI, if it has one */
  wasm_extern_t *slots[1] = {NULL};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(slots), exports;
  wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  if (!instance) return wasm_module_delete(module);
  wasm_instance_exports(instance, &exports);
  wasm_func_t *run = module_func(module, &exports, "run");
  wasm_val_t a[1] = {WASM_I32_VAL(5)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(a), rv = WASM_ARRAY_VEC(r);
  wasm_trap_t *trap = wasm_func_call(run, &av, &rv);
  if (full) {
    CHECK(trap == NULL);
    CHECK_EQ_INT(r[0].of.i32, 5); /* no arguments: argc 0 */
  } else {
    check_trap(trap, "Exception: failed to call unlinked import function (wasi_snapshot_preview1, args_sizes_get)");
  }
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
}

int main(void) {
  full = getenv("MINIMAL_EXPECT_FULL") != NULL;
  wasm_engine_t *engine = wasm_engine_new();
  store = wasm_store_new(engine);
  test_plain_module();
  test_text();
  test_simd();
  test_wasi();
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return test_summary();
}
