/* hostref: host objects passed to wasm as externref and back, keeping their
 * identity and host info.
 *
 *   ./hostref [hostref.wasm]
 *
 * Two host objects (wasm_foreign_t) carry host info (a struct with a label)
 * and a finalizer. Each makes round trips through a call to a host function,
 * a wasm global and a wasm table, written and read from both sides; what comes
 * back must be the same object (wasm_ref_same) with the same host info. The
 * finalizers run once each, at the latest when the store goes away. */
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

/* The host info attached to each host object. */
struct host_object {
  const char *label;
  int finalized;
};

static void finalize_host_object(void *info) {
  ((struct host_object *)info)->finalized++;
}

/* echo : [externref] -> [externref]. The arguments belong to the caller, so
 * the result is a copy of the reference. */
static wasm_trap_t *echo_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  const wasm_ref_t *ref = args->data[0].of.ref;
  const struct host_object *info = ref ? wasm_ref_get_host_info(ref) : NULL;
  printf("Calling back with %s...\n", info ? info->label : ref ? "an object without info" : "null");
  results->data[0].kind = WASM_EXTERNREF;
  results->data[0].of.ref = ref ? wasm_ref_copy(ref) : NULL;
  return NULL;
}

/* Calls f with up to two arguments and one result; the result, if a reference,
 * is the caller's to delete. False (and the trap printed) if it trapped. */
static bool call(const wasm_func_t *f, const wasm_val_t *a, const wasm_val_t *b, wasm_val_t *result) {
  wasm_val_t arg_vals[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  size_t nargs = 0;
  if (a) arg_vals[nargs++] = *a;
  if (b) arg_vals[nargs++] = *b;
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {nargs, arg_vals, nargs, sizeof(wasm_val_t), NULL};
  size_t nresults = wasm_func_result_arity(f);
  wasm_val_vec_t results = {nresults, result_vals, nresults, sizeof(wasm_val_t), NULL};
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    printf("> trap: %s\n", message.size ? message.data : "");
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    failures++;
    return false;
  }
  if (result) *result = result_vals[0];
  return true;
}

/* Checks that `got` (owned, deleted here) is the object `want` (or both are
 * null) and prints what came back. */
static void check_same(const char *how, wasm_ref_t *got, const wasm_ref_t *want) {
  const struct host_object *info = got ? wasm_ref_get_host_info(got) : NULL;
  printf("> %s: %s", how, got ? (info ? info->label : "an object without info") : "null");
  bool ok = got && want ? wasm_ref_same(got, want) && info == wasm_ref_get_host_info(want) : got == want;
  printf(ok ? " (same object)\n" : " (a different object!)\n");
  EXPECT(ok);
  if (got) wasm_ref_delete(got);
}

/* One round trip of every kind for the reference `ref` (NULL for null). */
static void round_trips(const wasm_func_t *const *funcs, wasm_global_t *global, wasm_table_t *table,
                        wasm_ref_t *ref) {
  const wasm_func_t *global_set = funcs[0], *global_get = funcs[1], *table_set = funcs[2],
                    *table_get = funcs[3], *func_call = funcs[4], *is_null = funcs[5];
  wasm_val_t val = WASM_REF_VAL(ref);
  wasm_val_t out = WASM_INIT_VAL;

  if (call(is_null, &val, NULL, &out)) {
    printf("> is_null: %" PRId32 "\n", out.of.i32);
    EXPECT(out.of.i32 == (ref == NULL));
  }

  if (call(func_call, &val, NULL, &out)) check_same("through a host call", out.of.ref, ref);

  /* Global: set by wasm, read by the host; set by the host, read by wasm. */
  wasm_val_t null_val = WASM_REF_VAL(NULL);
  wasm_global_set(global, &null_val);
  call(global_set, &val, NULL, NULL);
  wasm_global_get(global, &out);
  EXPECT(out.kind == WASM_EXTERNREF);
  check_same("set by wasm, wasm_global_get", out.of.ref, ref);
  call(global_set, &null_val, NULL, NULL);
  wasm_global_set(global, &val);
  if (call(global_get, NULL, NULL, &out)) check_same("wasm_global_set, read by wasm", out.of.ref, ref);

  /* Table slot 1 the same way. */
  wasm_val_t index = WASM_I32_VAL(1);
  EXPECT(wasm_table_set(table, 1, NULL));
  call(table_set, &index, &val, NULL);
  check_same("set by wasm, wasm_table_get", wasm_table_get(table, 1), ref);
  call(table_set, &index, &null_val, NULL);
  EXPECT(wasm_table_set(table, 1, ref));
  if (call(table_get, &index, NULL, &out)) check_same("wasm_table_set, read by wasm", out.of.ref, ref);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "hostref.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_func_t *echo = NULL;
  wasm_instance_t *instance = NULL;
  wasm_foreign_t *first = NULL, *second = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  struct host_object first_info = {"host object #1", 0};
  struct host_object second_info = {"host object #2", 0};

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

  printf("Creating callback...\n");
  wasm_functype_t *echo_type = wasm_functype_new_1_1(wasm_valtype_new_anyref(), wasm_valtype_new_anyref());
  echo = wasm_func_new(store, echo_type, echo_callback);
  wasm_functype_delete(echo_type);
  if (!echo) {
    fprintf(stderr, "> Error creating the host function!\n");
    goto done;
  }

  printf("Instantiating module...\n");
  wasm_extern_t *externs[] = {wasm_func_as_extern(echo)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    fprintf(stderr, "> Error instantiating module!\n");
    if (trap) wasm_trap_delete(trap);
    goto done;
  }

  printf("Extracting exports...\n");
  wasm_instance_exports(instance, &exports);
  if (exports.size != 8) {
    fprintf(stderr, "> Expected 8 exports, got %zu!\n", exports.size);
    goto done;
  }
  wasm_global_t *global = wasm_extern_as_global(exports.data[0]);
  wasm_table_t *table = wasm_extern_as_table(exports.data[1]);
  const wasm_func_t *funcs[6];
  bool found = global && table;
  for (size_t i = 0; i < 6; i++) found = (funcs[i] = wasm_extern_as_func(exports.data[2 + i])) && found;
  if (!found) {
    fprintf(stderr, "> Error accessing exports!\n");
    goto done;
  }

  printf("Creating host objects...\n");
  first = wasm_foreign_new(store);
  second = wasm_foreign_new(store);
  if (!first || !second) {
    fprintf(stderr, "> Error creating host objects!\n");
    goto done;
  }
  wasm_foreign_set_host_info_with_finalizer(first, &first_info, finalize_host_object);
  wasm_foreign_set_host_info_with_finalizer(second, &second_info, finalize_host_object);
  wasm_ref_t *first_ref = wasm_foreign_as_ref(first);
  wasm_ref_t *second_ref = wasm_foreign_as_ref(second);
  EXPECT(!wasm_ref_same(first_ref, second_ref));

  printf("Round trips of %s:\n", first_info.label);
  round_trips(funcs, global, table, first_ref);
  printf("Round trips of %s:\n", second_info.label);
  round_trips(funcs, global, table, second_ref);
  printf("Round trips of null:\n");
  round_trips(funcs, global, table, NULL);

  /* The table keeps what it holds: slot 3 still has #1 after #1's handle is gone. */
  printf("Keeping a reference only in the table...\n");
  EXPECT(wasm_table_set(table, 3, first_ref));
  wasm_foreign_delete(first);
  first = NULL;
  wasm_ref_t *kept = wasm_table_get(table, 3);
  const struct host_object *kept_info = kept ? wasm_ref_get_host_info(kept) : NULL;
  printf("> table[3]: %s\n", kept_info ? kept_info->label : "lost");
  EXPECT(kept_info == &first_info && first_info.finalized == 0);
  if (kept) wasm_ref_delete(kept);

  rc = failures ? 1 : 0;

done:
  printf("Shutting down...\n");
  if (second) wasm_foreign_delete(second);
  if (first) wasm_foreign_delete(first);
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (echo) wasm_func_delete(echo);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf("Finalizers run: %s %d time(s), %s %d time(s)\n", first_info.label, first_info.finalized,
         second_info.label, second_info.finalized);
  if (rc == 0 && (first_info.finalized != 1 || second_info.finalized != 1)) rc = 1;
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
