/* wasm_export.h and linear memory: app <-> native addresses and their validation on
 * memory 0 (not exported), the app heap (host-managed: placed after the initial memory;
 * or the module's own malloc/free), module_dup_data, and call_indirect on table 0 (not
 * exported). Built against our header and WAMR's. */
#include "wasm_export.h"
#include "testlib.h"

static wasm_module_inst_t instantiate(const char *file, uint32_t heap, wasm_module_t *module, wasm_byte_vec_t *bin) {
  load_wasm(file, bin);
  char err[128];
  *module = wasm_runtime_load((uint8_t *)bin->data, (uint32_t)bin->size, err, sizeof err);
  CHECK(*module != NULL);
  wasm_module_inst_t inst = wasm_runtime_instantiate(*module, 32 * 1024, heap, err, sizeof err);
  CHECK(inst != NULL);
  return inst;
}

static uint32_t call1(wasm_module_inst_t inst, const char *name, uint32_t arg) {
  uint32_t argv[1] = {arg};
  CHECK(wasm_runtime_call_wasm(wasm_runtime_get_exec_env_singleton(inst), wasm_runtime_lookup_function(inst, name), 1, argv));
  return argv[0];
}

static void test_addresses(wasm_module_inst_t inst) {
  char *text = wasm_runtime_addr_app_to_native(inst, 16);
  CHECK(text != NULL && strcmp(text, "in memory 0") == 0);
  CHECK_EQ_INT((int)wasm_runtime_addr_native_to_app(inst, text), 16);
  CHECK(wasm_runtime_validate_app_str_addr(inst, 16));
  CHECK(wasm_runtime_validate_app_addr(inst, 0, 65536));
  CHECK(wasm_runtime_validate_native_addr(inst, text, 12));
  uint64_t start = 1, end = 0;
  CHECK(wasm_runtime_get_app_addr_range(inst, 100, &start, &end));
  CHECK(start == 0 && end >= 65536);
  /* the native side writes, wasm reads */
  text[0] = 'I';
  CHECK_EQ_INT(call1(inst, "load8", 16), 'I');
  /* negative: out of range, with the exception WAMR sets */
  CHECK(!wasm_runtime_validate_app_addr(inst, (uint64_t)end - 4, 8));
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: out of bounds memory access") == 0);
  wasm_runtime_clear_exception(inst);
  CHECK(!wasm_runtime_validate_app_addr(inst, UINT64_MAX, 2));
  CHECK(!wasm_runtime_validate_native_addr(inst, text - 1000000, 1));
  CHECK(wasm_runtime_addr_app_to_native(inst, end) == NULL);
  CHECK(wasm_runtime_addr_native_to_app(inst, &start) == 0);
  CHECK(!wasm_runtime_get_app_addr_range(inst, end, &start, &end));
  CHECK(!wasm_runtime_validate_app_addr(NULL, 0, 1));
  wasm_runtime_clear_exception(inst); /* as in WAMR, a failed check's exception stays until cleared */
}

static void test_host_heap(wasm_module_inst_t inst) {
  /* the heap is placed after the initial page: memory grew by one page */
  CHECK_EQ_INT(call1(inst, "pages", 0), 2);
  char *p = NULL;
  uint64_t a = wasm_runtime_module_malloc(inst, 100, (void **)&p);
  CHECK(a >= 65536 && p == wasm_runtime_addr_app_to_native(inst, a));
  memset(p, 'z', 100);
  CHECK_EQ_INT(call1(inst, "load8", (uint32_t)a + 99), 'z');
  uint64_t b = wasm_runtime_module_malloc(inst, 100, NULL);
  CHECK(b != 0 && b != a);
  wasm_runtime_module_free(inst, a);
  CHECK(wasm_runtime_module_malloc(inst, 50, NULL) == a); /* the freed block is reused */
  /* more than the heap holds: 0 */
  CHECK(wasm_runtime_module_malloc(inst, 1 << 20, NULL) == 0);
  CHECK(wasm_runtime_module_malloc(inst, 0, NULL) != 0); /* as WAMR: still a block */
  uint64_t d = wasm_runtime_module_dup_data(inst, "copied", 7);
  CHECK(d != 0 && strcmp(wasm_runtime_addr_app_to_native(inst, d), "copied") == 0);
  wasm_runtime_module_free(inst, 0); /* ignored */
}

static void test_call_indirect(wasm_module_inst_t inst) {
  wasm_exec_env_t env = wasm_runtime_create_exec_env(inst, 16 * 1024);
  uint32_t argv[1] = {6};
  CHECK(wasm_runtime_call_indirect(env, 0, 1, argv) && argv[0] == 42);
  argv[0] = 6;
  CHECK(wasm_runtime_call_indirect(env, 1, 1, argv) && argv[0] == 30);
  /* an empty slot, a slot past the end */
  CHECK(!wasm_runtime_call_indirect(env, 2, 1, argv));
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: uninitialized element") == 0);
  CHECK(!wasm_runtime_call_indirect(env, 9, 1, argv));
  CHECK(strcmp(wasm_runtime_get_exception(inst), "Exception: undefined element") == 0);
  CHECK(!wasm_runtime_call_indirect(NULL, 0, 1, argv));
  wasm_runtime_destroy_exec_env(env);
}

static void test_module_malloc(void) {
  wasm_module_t module;
  wasm_byte_vec_t bin;
  wasm_module_inst_t inst = instantiate("export_malloc.wasm", 8192, &module, &bin);
  uint64_t a = wasm_runtime_module_malloc(inst, 32, NULL);
  uint64_t b = wasm_runtime_module_malloc(inst, 8, NULL);
  CHECK(a == 1024 && b == 1056); /* the module's own bump allocator */
  wasm_runtime_module_free(inst, a);
  CHECK_EQ_INT(call1(inst, "frees", 0), 1);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  wasm_byte_vec_delete(&bin);
}

static void test_no_heap(void) {
  wasm_module_t module;
  wasm_byte_vec_t bin;
  wasm_module_inst_t inst = instantiate("export_memory.wasm", 0, &module, &bin);
  CHECK_EQ_INT(call1(inst, "pages", 0), 1);
  CHECK(wasm_runtime_module_malloc(inst, 8, NULL) == 0);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  wasm_byte_vec_delete(&bin);
}

int main(void) {
  CHECK(wasm_runtime_init());
  wasm_module_t module;
  wasm_byte_vec_t bin;
  wasm_module_inst_t inst = instantiate("export_memory.wasm", 4096, &module, &bin);
  test_addresses(inst);
  test_host_heap(inst);
  test_call_indirect(inst);
  wasm_runtime_deinstantiate(inst);
  wasm_runtime_unload(module);
  wasm_byte_vec_delete(&bin);
  test_module_malloc();
  test_no_heap();
  wasm_runtime_destroy();
  return test_summary();
}
