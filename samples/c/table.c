/* table: a funcref table read, written and grown from the host, and used by
 * call_indirect.
 *
 *   ./table [table.wasm]
 *
 * The module exports `table` (2 slots, at most 10; slot 1 holds `identity`),
 * `call_indirect(arg, index)`, `identity` and `const` (always 666). The host
 * puts wasm functions and a host function (`negate`) into the table, grows it
 * with wasm_table_grow, and checks what call_indirect does with each slot. Then
 * it creates a table of its own and grows that. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A host function for the table: negate(x) = -x. */
static wasm_trap_t *negate_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = -args->data[0].of.i32;
  return NULL;
}

/* Calls f(args...) with i32 arguments and one i32 result; prints the trap and
 * returns false if it trapped. */
static bool call(const wasm_func_t *f, size_t nargs, int32_t a, int32_t b, int32_t *result) {
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {nargs, arg_vals, nargs, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf(" -> trap: %s\n", message.size ? message.data : "");
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return false;
  }
  *result = result_vals[0].of.i32;
  return true;
}

/* call_indirect(arg, index): expects `expected`, or a trap if `traps`. */
static void check_call_indirect(const wasm_func_t *call_indirect, int32_t arg, int32_t index,
                                bool traps, int32_t expected) {
  int32_t value = 0;
  printf("call_indirect(%" PRId32 ", %" PRId32 ")", arg, index);
  bool ok = call(call_indirect, 2, arg, index, &value);
  if (ok) printf(" = %" PRId32 "\n", value);
  EXPECT(ok == !traps);
  EXPECT(!ok || value == expected);
}

/* Prints what slot `index` holds: null, or a function and what it does with 7. */
static void show_slot(const wasm_table_t *table, wasm_table_size_t index) {
  wasm_ref_t *ref = wasm_table_get(table, index);
  printf("table[%" PRIu32 "]: ", index);
  if (!ref) {
    printf("null\n");
    return;
  }
  const wasm_func_t *func = wasm_ref_as_func_const(ref);
  int32_t value = 0;
  if (func) {
    printf("a function; calling it with 7");
    if (call(func, 1, 7, 0, &value)) printf(" = %" PRId32 "\n", value);
  } else {
    printf("not a function\n");
    failures++;
  }
  wasm_ref_delete(ref);
}

static void print_table(const char *name, const wasm_table_t *table) {
  wasm_tabletype_t *type = wasm_table_type(table);
  const wasm_limits_t *limits = type ? wasm_tabletype_limits(type) : NULL;
  printf("%s: %" PRIu32 " slots, limits min %" PRIu32 " max %" PRIu32 "\n", name, wasm_table_size(table),
         limits ? limits->min : 0, limits ? limits->max : 0);
  if (type) wasm_tabletype_delete(type);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "table.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_instance_t *instance = NULL;
  wasm_func_t *negate = NULL;
  wasm_table_t *host_table = NULL;
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
  wasm_table_t *table = wasm_extern_as_table(exports.data[0]);
  const wasm_func_t *call_indirect = wasm_extern_as_func(exports.data[1]);
  wasm_func_t *identity = wasm_extern_as_func(exports.data[2]);
  wasm_func_t *constant = wasm_extern_as_func(exports.data[3]);
  if (!table || !call_indirect || !identity || !constant) {
    fprintf(stderr, "> Error accessing exports!\n");
    goto done;
  }

  printf("Creating a host function...\n");
  wasm_functype_t *negate_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  negate = wasm_func_new(store, negate_type, negate_callback);
  wasm_functype_delete(negate_type);
  if (!negate) {
    fprintf(stderr, "> Error creating the host function!\n");
    goto done;
  }

  printf("Checking table...\n");
  print_table("table", table);
  EXPECT(wasm_table_size(table) == 2);
  show_slot(table, 0);
  show_slot(table, 1);
  EXPECT(wasm_table_get(table, 0) == NULL);
  EXPECT(wasm_table_get(table, 2) == NULL); /* out of range */
  check_call_indirect(call_indirect, 7, 0, true, 0);
  check_call_indirect(call_indirect, 7, 1, false, 7);
  check_call_indirect(call_indirect, 7, 2, true, 0);

  printf("Mutating table...\n");
  bool ok = wasm_table_set(table, 0, wasm_func_as_ref(constant));
  printf("table[0] = const: %s\n", ok ? "ok" : "refused");
  EXPECT(ok);
  ok = wasm_table_set(table, 1, NULL);
  printf("table[1] = null: %s\n", ok ? "ok" : "refused");
  EXPECT(ok);
  ok = wasm_table_set(table, 2, wasm_func_as_ref(identity));
  printf("table[2] = identity: %s\n", ok ? "ok" : "refused");
  EXPECT(!ok);
  show_slot(table, 0);
  show_slot(table, 1);
  check_call_indirect(call_indirect, 7, 0, false, 666);
  check_call_indirect(call_indirect, 7, 1, true, 0);

  printf("Growing table from the host...\n");
  ok = wasm_table_grow(table, 3, wasm_func_as_ref(negate));
  printf("wasm_table_grow(table, 3, negate): %s\n", ok ? "ok" : "refused");
  EXPECT(ok);
  print_table("table", table);
  EXPECT(wasm_table_size(table) == 5);
  show_slot(table, 4);
  check_call_indirect(call_indirect, 5, 2, false, -5);
  check_call_indirect(call_indirect, 5, 4, false, -5);
  check_call_indirect(call_indirect, 5, 5, true, 0);
  ok = wasm_table_set(table, 3, wasm_func_as_ref(identity));
  printf("table[3] = identity: %s\n", ok ? "ok" : "refused");
  EXPECT(ok);
  check_call_indirect(call_indirect, 5, 3, false, 5);
  ok = wasm_table_grow(table, 5, NULL);
  printf("wasm_table_grow(table, 5, null): %s\n", ok ? "ok" : "refused");
  EXPECT(ok);
  ok = wasm_table_grow(table, 1, NULL);
  printf("wasm_table_grow(table, 1, null) past the maximum: %s\n", ok ? "ok" : "refused");
  EXPECT(!ok);
  print_table("table", table);
  EXPECT(wasm_table_size(table) == 10);
  check_call_indirect(call_indirect, 5, 9, true, 0);

  printf("Creating a table on the host...\n");
  wasm_limits_t limits = {2, 4};
  wasm_tabletype_t *table_type = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  host_table = wasm_table_new(store, table_type, wasm_func_as_ref(identity));
  wasm_tabletype_delete(table_type);
  if (!host_table) {
    fprintf(stderr, "> Error creating a table!\n");
    goto done;
  }
  print_table("host table", host_table);
  EXPECT(wasm_table_size(host_table) == 2);
  show_slot(host_table, 1);
  ok = wasm_table_grow(host_table, 2, wasm_func_as_ref(negate));
  printf("wasm_table_grow(host table, 2, negate): %s\n", ok ? "ok" : "refused");
  EXPECT(ok);
  ok = wasm_table_grow(host_table, 1, NULL);
  printf("wasm_table_grow(host table, 1, null) past the maximum: %s\n", ok ? "ok" : "refused");
  EXPECT(!ok);
  print_table("host table", host_table);
  EXPECT(wasm_table_size(host_table) == 4);
  show_slot(host_table, 3);

  rc = failures ? 1 : 0;

done:
  printf("Shutting down...\n");
  if (host_table) wasm_table_delete(host_table);
  if (negate) wasm_func_delete(negate);
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
