/* multi: multi-value functions, a host function with four results among them.
 *
 *   ./multi [multi.wasm]
 *
 * The host function `reverse : [i32 i64 i64 i32] -> [i32 i64 i64 i32]`
 * returns its arguments in reverse order. The module's `run(a, b, c, d)` calls
 * reverse(d, c, b, a), so it gives back (a, b, c, d); its `divmod(a, b)`
 * returns the quotient and the remainder. */
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

static void report_trap(const char *what, wasm_trap_t *trap) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  fprintf(stderr, "> %s: %s\n", what, message.size ? message.data : "(no message)");
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
}

static void print_vals(const wasm_val_vec_t *vals) {
  for (size_t i = 0; i < vals->size; i++) {
    const wasm_val_t *v = &vals->data[i];
    if (i) printf(", ");
    switch (v->kind) {
      case WASM_I32: printf("%" PRId32, v->of.i32); break;
      case WASM_I64: printf("%" PRId64, v->of.i64); break;
      default: printf("?");
    }
  }
}

/* reverse : [i32 i64 i64 i32] -> [i32 i64 i64 i32]. */
static wasm_trap_t *reverse_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("Calling back...\n> reverse(");
  print_vals(args);
  printf(")\n");
  for (size_t i = 0; i < 4; i++) results->data[i] = args->data[3 - i];
  return NULL;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "multi.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_func_t *reverse = NULL;
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

  printf("Creating callback...\n");
  wasm_valtype_t *param_types[] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                                   wasm_valtype_new_i32()};
  wasm_valtype_t *result_types[] = {wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_i64(),
                                    wasm_valtype_new_i32()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 4, param_types);
  wasm_valtype_vec_new(&results, 4, result_types);
  wasm_functype_t *reverse_type = wasm_functype_new(&params, &results); /* takes both vecs */
  reverse = wasm_func_new(store, reverse_type, reverse_callback);
  wasm_functype_delete(reverse_type);
  if (!reverse) {
    fprintf(stderr, "> Error creating the host function!\n");
    goto done;
  }

  printf("Instantiating module...\n");
  wasm_extern_t *externs[] = {wasm_func_as_extern(reverse)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    fprintf(stderr, "> Error instantiating module!\n");
    if (trap) report_trap("Instantiation trapped", trap);
    goto done;
  }

  printf("Extracting exports...\n");
  wasm_instance_exports(instance, &exports);
  const wasm_func_t *run = exports.size == 2 ? wasm_extern_as_func(exports.data[0]) : NULL;
  const wasm_func_t *divmod = exports.size == 2 ? wasm_extern_as_func(exports.data[1]) : NULL;
  if (!run || !divmod) {
    fprintf(stderr, "> Error accessing exports!\n");
    goto done;
  }

  printf("Calling run(1, 2, 3, 4)...\n");
  wasm_val_t run_args[] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_I64_VAL(3), WASM_I32_VAL(4)};
  wasm_val_t run_results[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(run_args);
  wasm_val_vec_t vals = WASM_ARRAY_VEC(run_results);
  trap = wasm_func_call(run, &args, &vals);
  if (trap) {
    report_trap("Error calling run", trap);
    goto done;
  }
  printf("> results: ");
  print_vals(&vals);
  printf("\n");
  if (vals.size != 4 || run_results[0].kind != WASM_I32 || run_results[0].of.i32 != 1 ||
      run_results[1].kind != WASM_I64 || run_results[1].of.i64 != 2 || run_results[2].kind != WASM_I64 ||
      run_results[2].of.i64 != 3 || run_results[3].kind != WASM_I32 || run_results[3].of.i32 != 4) {
    fprintf(stderr, "> Unexpected results of run!\n");
    goto done;
  }

  /* Calling the host function directly gives the reversed values. */
  printf("Calling reverse(1, 2, 3, 4) from the host...\n");
  trap = wasm_func_call(reverse, &args, &vals);
  if (trap) {
    report_trap("Error calling reverse", trap);
    goto done;
  }
  printf("> results: ");
  print_vals(&vals);
  printf("\n");
  if (run_results[0].of.i32 != 4 || run_results[1].of.i64 != 3 || run_results[2].of.i64 != 2 ||
      run_results[3].of.i32 != 1) {
    fprintf(stderr, "> Unexpected results of reverse!\n");
    goto done;
  }

  printf("Calling divmod(17, 5)...\n");
  wasm_val_t divmod_args[] = {WASM_I32_VAL(17), WASM_I32_VAL(5)};
  wasm_val_t divmod_results[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t dargs = WASM_ARRAY_VEC(divmod_args);
  wasm_val_vec_t dresults = WASM_ARRAY_VEC(divmod_results);
  trap = wasm_func_call(divmod, &dargs, &dresults);
  if (trap) {
    report_trap("Error calling divmod", trap);
    goto done;
  }
  printf("> results: ");
  print_vals(&dresults);
  printf("\n");
  if (divmod_results[0].of.i32 != 3 || divmod_results[1].of.i32 != 2) {
    fprintf(stderr, "> Unexpected results of divmod!\n");
    goto done;
  }
  rc = 0;

done:
  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (reverse) wasm_func_delete(reverse);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
