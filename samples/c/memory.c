/* memory: a linear memory seen from wasm and from the host, grown both ways.
 *
 *   ./memory [memory.wasm]
 *
 * The module exports `memory` (2 pages, at most 3) and `size`, `load`,
 * `store`. The host reads and writes the bytes directly, checks that wasm sees
 * the same, that out-of-bounds accesses trap, and grows the memory with
 * wasm_memory_grow. Then it creates a memory of its own and grows that. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasm_c_api.h"

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

static int failures;

#define EXPECT(cond)                                                            \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "> %s:%d: unexpected: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                               \
    }                                                                           \
  } while (0)

/* Calls `f` with up to two i32 arguments. Returns true if it returned normally
 * (its i32 result, if any, in *result); false if it trapped, printing why. */
static bool call(const wasm_func_t *f, int nargs, int32_t a, int32_t b, int32_t *result) {
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {(size_t)nargs, arg_vals, (size_t)nargs, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t results = {wasm_func_result_arity(f), result_vals, wasm_func_result_arity(f),
                            sizeof(wasm_val_t), NULL};
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf(" -> trap: %s\n", message.size ? message.data : "");
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return false;
  }
  if (result) *result = result_vals[0].of.i32;
  return true;
}

/* load(addr), printed; expects `expected`, or a trap if `traps`. */
static void check_load(const wasm_func_t *load, int32_t addr, bool traps, int32_t expected) {
  int32_t value = 0;
  printf("load(0x%" PRIx32 ")", addr);
  bool ok = call(load, 1, addr, 0, &value);
  if (ok) printf(" = %" PRId32 "\n", value);
  EXPECT(ok == !traps);
  EXPECT(!ok || value == expected);
}

static void check_store(const wasm_func_t *store, int32_t addr, int32_t value, bool traps) {
  printf("store(0x%" PRIx32 ", %" PRId32 ")", addr, value);
  bool ok = call(store, 2, addr, value, NULL);
  if (ok) printf("\n");
  EXPECT(ok == !traps);
}

static void print_memory(const char *name, const wasm_memory_t *memory) {
  wasm_memorytype_t *type = wasm_memory_type(memory);
  const wasm_limits_t *limits = type ? wasm_memorytype_limits(type) : NULL;
  printf("%s: %" PRIu32 " pages (%zu bytes), limits min %" PRIu32 " max %" PRIu32 "\n", name,
         wasm_memory_size(memory), wasm_memory_data_size(memory), limits ? limits->min : 0,
         limits ? limits->max : 0);
  if (type) wasm_memorytype_delete(type);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "memory.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_instance_t *instance = NULL;
  wasm_memory_t *host_memory = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;

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

  printf("Instantiating module...\n");
  instance = wasm_instance_new(store, module, NULL, &trap);
  if (!instance) {
    fprintf(stderr, "> Error instantiating module!\n");
    if (trap) wasm_trap_delete(trap);
    goto done;
  }

  printf("Extracting exports...\n");
  wasm_instance_exports(instance, &exports);
  if (exports.size != 4) {
    fprintf(stderr, "> Expected 4 exports, got %zu!\n", exports.size);
    goto done;
  }
  wasm_memory_t *memory = wasm_extern_as_memory(exports.data[0]);
  const wasm_func_t *size_func = wasm_extern_as_func(exports.data[1]);
  const wasm_func_t *load_func = wasm_extern_as_func(exports.data[2]);
  const wasm_func_t *store_func = wasm_extern_as_func(exports.data[3]);
  if (!memory || !size_func || !load_func || !store_func) {
    fprintf(stderr, "> Error accessing exports!\n");
    goto done;
  }

  printf("Checking memory...\n");
  print_memory("memory", memory);
  EXPECT(wasm_memory_size(memory) == 2);
  EXPECT(wasm_memory_data_size(memory) == 2 * MEMORY_PAGE_SIZE);
  int32_t pages = -1;
  printf("size()");
  if (call(size_func, 0, 0, 0, &pages)) printf(" = %" PRId32 "\n", pages);
  EXPECT(pages == 2);

  byte_t *data = wasm_memory_data(memory);
  EXPECT(data != NULL);
  if (!data) goto done;
  static const byte_t initial[] = {1, 2, 3, 4};
  printf("Bytes at 0x1000 as the data segment left them: %s\n",
         memcmp(data + 0x1000, initial, sizeof initial) == 0 ? "01 02 03 04" : "something else");
  EXPECT(memcmp(data + 0x1000, initial, sizeof initial) == 0);
  EXPECT(data[0] == 0 && data[0x1ffff] == 0);

  check_load(load_func, 0, false, 0);
  check_load(load_func, 0x1002, false, 3);
  check_load(load_func, 0x1ffff, false, 0);
  check_load(load_func, 0x20000, true, 0);

  printf("Mutating memory...\n");
  data[0x1003] = 5; /* written by the host, read by wasm */
  check_load(load_func, 0x1003, false, 5);
  check_store(store_func, 0x1002, 6, false); /* written by wasm, read by the host */
  printf("host reads byte 0x1002 = %d\n", data[0x1002]);
  EXPECT(data[0x1002] == 6);
  check_store(store_func, 0x20000, 0, true);

  printf("Growing memory from the host...\n");
  bool grown = wasm_memory_grow(memory, 1);
  printf("wasm_memory_grow(memory, 1): %s\n", grown ? "ok" : "refused");
  EXPECT(grown);
  data = wasm_memory_data(memory); /* growing may move the bytes */
  print_memory("memory", memory);
  EXPECT(wasm_memory_size(memory) == 3 && wasm_memory_data_size(memory) == 3 * MEMORY_PAGE_SIZE);
  printf("size()");
  if (call(size_func, 0, 0, 0, &pages)) printf(" = %" PRId32 "\n", pages);
  EXPECT(pages == 3);
  check_load(load_func, 0x20000, false, 0);
  check_load(load_func, 0x2ffff, false, 0);
  check_load(load_func, 0x30000, true, 0);
  check_store(store_func, 0x2ffff, 7, false);
  EXPECT(data && data[0x2ffff] == 7);
  EXPECT(data && data[0x1002] == 6); /* old contents kept */

  grown = wasm_memory_grow(memory, 1);
  printf("wasm_memory_grow(memory, 1) past the maximum: %s\n", grown ? "ok" : "refused");
  EXPECT(!grown);
  grown = wasm_memory_grow(memory, 0);
  printf("wasm_memory_grow(memory, 0): %s\n", grown ? "ok" : "refused");
  EXPECT(grown);
  EXPECT(wasm_memory_size(memory) == 3);

  printf("Creating a memory on the host...\n");
  wasm_limits_t limits = {1, 4};
  wasm_memorytype_t *memory_type = wasm_memorytype_new(&limits);
  host_memory = wasm_memory_new(store, memory_type);
  wasm_memorytype_delete(memory_type);
  if (!host_memory) {
    fprintf(stderr, "> Error creating a memory!\n");
    goto done;
  }
  print_memory("host memory", host_memory);
  EXPECT(wasm_memory_size(host_memory) == 1 && wasm_memory_data_size(host_memory) == MEMORY_PAGE_SIZE);
  grown = wasm_memory_grow(host_memory, 3);
  printf("wasm_memory_grow(host memory, 3): %s\n", grown ? "ok" : "refused");
  EXPECT(grown);
  grown = wasm_memory_grow(host_memory, 1);
  printf("wasm_memory_grow(host memory, 1) past the maximum: %s\n", grown ? "ok" : "refused");
  EXPECT(!grown);
  print_memory("host memory", host_memory);
  EXPECT(wasm_memory_size(host_memory) == 4);
  byte_t *host_data = wasm_memory_data(host_memory);
  EXPECT(host_data != NULL);
  if (host_data) {
    host_data[4 * MEMORY_PAGE_SIZE - 1] = 42;
    EXPECT(wasm_memory_data(host_memory)[4 * MEMORY_PAGE_SIZE - 1] == 42);
  }

  rc = failures ? 1 : 0;

done:
  printf("Shutting down...\n");
  if (host_memory) wasm_memory_delete(host_memory);
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
