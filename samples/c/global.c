/* global: reading and writing globals from both sides.
 *
 *   ./global [global.wasm]
 *
 * The host creates `env.base` (const i32) and `env.counter` (var i64) and
 * imports them; the module exports `limit` (const f32) and `total` (var f64)
 * plus functions that read and write all four. Every change made on one side is
 * checked on the other. */
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

#define EXPECT(cond)                                                 \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "> %s:%d: unexpected: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                    \
    }                                                                \
  } while (0)

/* Calls a function with at most one argument and one result; false on a trap. */
static bool call(const wasm_func_t *f, const wasm_val_t *arg, wasm_val_t *result) {
  wasm_val_t arg_vals[1] = {arg ? *arg : (wasm_val_t)WASM_INIT_VAL};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {arg ? 1 : 0, arg_vals, arg ? 1 : 0, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    fprintf(stderr, "> Call trapped: %s\n", message.size ? message.data : "");
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    failures++;
    return false;
  }
  if (result) *result = result_vals[0];
  return true;
}

static int32_t call_i32(const wasm_func_t *f) {
  wasm_val_t v = WASM_I32_VAL(0);
  return call(f, NULL, &v) ? v.of.i32 : -1;
}

static int64_t call_i64(const wasm_func_t *f) {
  wasm_val_t v = WASM_I64_VAL(0);
  return call(f, NULL, &v) ? v.of.i64 : -1;
}

static double call_f64(const wasm_func_t *f) {
  wasm_val_t v = WASM_F64_VAL(0);
  return call(f, NULL, &v) ? v.of.f64 : -1;
}

static const char *mutability_name(const wasm_global_t *g) {
  wasm_globaltype_t *type = wasm_global_type(g);
  const char *name = !type ? "?" : wasm_globaltype_mutability(type) == WASM_VAR ? "var" : "const";
  if (type) wasm_globaltype_delete(type);
  return name;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "global.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_global_t *base = NULL, *counter = NULL;
  wasm_instance_t *instance = NULL;
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

  printf("Creating host globals...\n");
  wasm_globaltype_t *base_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_globaltype_t *counter_type = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t base_init = WASM_I32_VAL(5);
  wasm_val_t counter_init = WASM_I64_VAL(100);
  base = wasm_global_new(store, base_type, &base_init);
  counter = wasm_global_new(store, counter_type, &counter_init);
  wasm_globaltype_delete(base_type);
  wasm_globaltype_delete(counter_type);
  if (!base || !counter) {
    fprintf(stderr, "> Error creating the host globals!\n");
    goto done;
  }

  printf("Instantiating module...\n");
  wasm_extern_t *externs[] = {wasm_global_as_extern(base), wasm_global_as_extern(counter)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    fprintf(stderr, "> Error instantiating module!\n");
    if (trap) wasm_trap_delete(trap);
    goto done;
  }

  printf("Extracting exports...\n");
  wasm_instance_exports(instance, &exports);
  if (exports.size != 7) {
    fprintf(stderr, "> Expected 7 exports, got %zu!\n", exports.size);
    goto done;
  }
  wasm_global_t *limit = wasm_extern_as_global(exports.data[0]);
  wasm_global_t *total = wasm_extern_as_global(exports.data[1]);
  const wasm_func_t *get_base = wasm_extern_as_func(exports.data[2]);
  const wasm_func_t *get_counter = wasm_extern_as_func(exports.data[3]);
  const wasm_func_t *bump = wasm_extern_as_func(exports.data[4]);
  const wasm_func_t *get_total = wasm_extern_as_func(exports.data[5]);
  const wasm_func_t *set_total = wasm_extern_as_func(exports.data[6]);
  if (!limit || !total || !get_base || !get_counter || !bump || !get_total || !set_total) {
    fprintf(stderr, "> Error accessing exports!\n");
    goto done;
  }

  printf("Global types: base %s, counter %s, limit %s, total %s\n", mutability_name(base),
         mutability_name(counter), mutability_name(limit), mutability_name(total));

  printf("Reading globals...\n");
  wasm_val_t v;
  wasm_global_get(base, &v);
  EXPECT(v.kind == WASM_I32 && v.of.i32 == 5);
  printf("> base = %" PRId32 " (wasm sees %" PRId32 ")\n", v.of.i32, call_i32(get_base));
  EXPECT(call_i32(get_base) == 5);
  wasm_global_get(counter, &v);
  EXPECT(v.kind == WASM_I64 && v.of.i64 == 100);
  printf("> counter = %" PRId64 " (wasm sees %" PRId64 ")\n", v.of.i64, call_i64(get_counter));
  wasm_global_get(limit, &v);
  EXPECT(v.kind == WASM_F32 && v.of.f32 == 2.5f);
  printf("> limit = %.2f\n", v.of.f32);
  wasm_global_get(total, &v);
  EXPECT(v.kind == WASM_F64 && v.of.f64 == 1.5);
  printf("> total = %.2f (wasm sees %.2f)\n", v.of.f64, call_f64(get_total));

  printf("Changing globals from wasm...\n");
  call(bump, NULL, NULL);
  call(bump, NULL, NULL);
  wasm_global_get(counter, &v);
  printf("> after two bumps, counter = %" PRId64 "\n", v.of.i64);
  EXPECT(v.of.i64 == 110);
  wasm_val_t arg = WASM_F64_VAL(6.25);
  call(set_total, &arg, NULL);
  wasm_global_get(total, &v);
  printf("> after set_total(6.25), total = %.2f\n", v.of.f64);
  EXPECT(v.of.f64 == 6.25);

  printf("Changing globals from the host...\n");
  wasm_val_t new_counter = WASM_I64_VAL(-7);
  wasm_global_set(counter, &new_counter);
  printf("> counter set to -7, wasm sees %" PRId64 "\n", call_i64(get_counter));
  EXPECT(call_i64(get_counter) == -7);
  wasm_val_t new_total = WASM_F64_VAL(0.5);
  wasm_global_set(total, &new_total);
  printf("> total set to 0.50, wasm sees %.2f\n", call_f64(get_total));
  EXPECT(call_f64(get_total) == 0.5);

  /* Constant globals and values of the wrong kind are refused. */
  printf("Trying to change constants...\n");
  wasm_val_t new_base = WASM_I32_VAL(99);
  wasm_global_set(base, &new_base);
  printf("> base after set(99): %" PRId32 "\n", call_i32(get_base));
  EXPECT(call_i32(get_base) == 5);
  wasm_val_t new_limit = WASM_F32_VAL(9.0f);
  wasm_global_set(limit, &new_limit);
  wasm_global_get(limit, &v);
  printf("> limit after set(9.00): %.2f\n", v.of.f32);
  EXPECT(v.of.f32 == 2.5f);
  wasm_val_t wrong_kind = WASM_I32_VAL(1);
  wasm_global_set(total, &wrong_kind);
  printf("> total after setting an i32: %.2f\n", call_f64(get_total));
  EXPECT(call_f64(get_total) == 0.5);

  rc = failures ? 1 : 0;

done:
  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (counter) wasm_global_delete(counter);
  if (base) wasm_global_delete(base);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
