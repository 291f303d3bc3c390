/* callback: host functions called from wasm, with arguments, results and an
 * environment (a "closure") whose finalizer runs when the store goes away.
 *
 *   ./callback [callback.wasm]
 *
 * The module imports `print : [i32] -> [i32]` and `closure : [] -> [i32]` and
 * exports `run(x, y) = print(x + y) + closure()`. */
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

/* print : [i32] -> [i32], prints its argument and returns it. */
static wasm_trap_t *print_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("Calling back...\n");
  printf("> print(%" PRId32 ")\n", args->data[0].of.i32);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32;
  return NULL;
}

/* The closure's environment: a value it returns and how often it ran. */
struct closure_env {
  int32_t value;
  int calls;
  bool finalized;
};

/* closure : [] -> [i32], returns the value in its environment. */
static wasm_trap_t *closure_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  struct closure_env *e = env;
  e->calls++;
  printf("Calling back closure...\n");
  printf("> closure() = %" PRId32 "\n", e->value);
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = e->value;
  return NULL;
}

static void closure_finalizer(void *env) {
  ((struct closure_env *)env)->finalized = true;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "callback.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_func_t *print_func = NULL, *closure_func = NULL;
  wasm_instance_t *instance = NULL;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  struct closure_env env = {.value = 42, .calls = 0, .finalized = false};

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

  printf("Creating callbacks...\n");
  wasm_functype_t *print_type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  print_func = wasm_func_new(store, print_type, print_callback);
  wasm_functype_delete(print_type);

  wasm_functype_t *closure_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  closure_func = wasm_func_new_with_env(store, closure_type, closure_callback, &env, closure_finalizer);
  wasm_functype_delete(closure_type);
  if (!print_func || !closure_func) {
    fprintf(stderr, "> Error creating the host functions!\n");
    goto done;
  }
  printf("Host function arities: print %zu -> %zu, closure %zu -> %zu\n",
         wasm_func_param_arity(print_func), wasm_func_result_arity(print_func),
         wasm_func_param_arity(closure_func), wasm_func_result_arity(closure_func));

  printf("Instantiating module...\n");
  wasm_extern_t *externs[] = {wasm_func_as_extern(print_func), wasm_func_as_extern(closure_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    fprintf(stderr, "> Error instantiating module!\n");
    if (trap) report_trap("Instantiation trapped", trap);
    goto done;
  }

  printf("Extracting export...\n");
  wasm_instance_exports(instance, &exports);
  const wasm_func_t *run = exports.size == 1 ? wasm_extern_as_func(exports.data[0]) : NULL;
  if (!run) {
    fprintf(stderr, "> Error accessing export!\n");
    goto done;
  }

  printf("Calling export...\n");
  wasm_val_t arg_vals[] = {WASM_I32_VAL(3), WASM_I32_VAL(4)};
  wasm_val_t result_vals[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  trap = wasm_func_call(run, &args, &results);
  if (trap) {
    report_trap("Error calling function", trap);
    goto done;
  }

  printf("Printing result...\n");
  printf("> run(3, 4) = %" PRId32 "\n", result_vals[0].of.i32);
  if (result_vals[0].kind != WASM_I32 || result_vals[0].of.i32 != 3 + 4 + 42 || env.calls != 1) {
    fprintf(stderr, "> Unexpected result or call count!\n");
    goto done;
  }
  rc = 0;

done:
  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (closure_func) wasm_func_delete(closure_func);
  if (print_func) wasm_func_delete(print_func);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  /* The environment's finalizer has run by the time its store is gone. */
  printf("Closure environment finalized: %s\n", env.finalized ? "yes" : "no");
  if (rc == 0 && !env.finalized) rc = 1;
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
