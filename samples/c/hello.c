/* hello: load a module, give it a host function, call its export.
 *
 *   ./hello [hello.wasm]
 *
 * The module imports `hello` (no parameters, no results) and exports `run`,
 * which calls it. Exits 0 on success, 1 if anything goes wrong. */
#include <stdio.h>
#include <stdlib.h>
#include "wasm_c_api.h"

/* Reads a whole file into a new byte vec; false if it cannot. */
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

/* Prints a trap's message (which ends with a NUL) to stderr and deletes it. */
static void report_trap(const char *what, wasm_trap_t *trap) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  fprintf(stderr, "> %s: %s\n", what, message.size ? message.data : "(no message)");
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
}

/* The host function the module imports. */
static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("Calling back...\n");
  printf("> Hello World!\n");
  return NULL;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "hello.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_func_t *hello_func = NULL;
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
  wasm_functype_t *hello_type = wasm_functype_new_0_0();
  hello_func = wasm_func_new(store, hello_type, hello_callback);
  wasm_functype_delete(hello_type);
  if (!hello_func) {
    fprintf(stderr, "> Error creating the host function!\n");
    goto done;
  }

  printf("Instantiating module...\n");
  wasm_extern_t *externs[] = {wasm_func_as_extern(hello_func)};
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
  wasm_val_vec_t args = WASM_EMPTY_VEC;
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  trap = wasm_func_call(run, &args, &results);
  if (trap) {
    report_trap("Error calling function", trap);
    goto done;
  }
  rc = 0;

done:
  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (hello_func) wasm_func_delete(hello_func);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
