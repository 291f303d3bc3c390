/* serialize: turn a compiled module into bytes and back.
 *
 *   ./serialize [serialize.wasm]
 *
 * The module is compiled, named, serialized and deleted; the bytes are
 * deserialized into a new module (in a new store), which is instantiated and
 * called. Bytes that are not a serialized module (the plain .wasm, or the
 * serialized bytes with one bit flipped) are rejected. */
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

static void report_trap(const char *what, wasm_trap_t *trap) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  fprintf(stderr, "> %s: %s\n", what, message.size ? message.data : "(no message)");
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
}

static int hello_calls;

static wasm_trap_t *hello_callback(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  hello_calls++;
  printf("Calling back...\n");
  printf("> Hello from the deserialized module: %" PRId32 "\n", args->data[0].of.i32);
  return NULL;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "serialize.wasm";
  int rc = 1;
  wasm_store_t *store = NULL, *store2 = NULL;
  wasm_module_t *module = NULL, *restored = NULL, *bogus = NULL;
  wasm_func_t *hello = NULL;
  wasm_instance_t *instance = NULL;
  wasm_byte_vec_t binary = WASM_EMPTY_VEC;
  wasm_byte_vec_t serialized = WASM_EMPTY_VEC;
  wasm_byte_vec_t corrupted = WASM_EMPTY_VEC;
  wasm_extern_vec_t exports = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;

  printf("Initializing...\n");
  wasm_engine_t *engine = wasm_engine_new();
  if (!engine || !(store = wasm_store_new(engine))) {
    fprintf(stderr, "> Error creating the engine or the store!\n");
    goto done;
  }

  printf("Loading binary...\n");
  if (!read_file(path, &binary)) {
    fprintf(stderr, "> Error reading %s!\n", path);
    goto done;
  }

  printf("Compiling module...\n");
  module = wasm_module_new(store, &binary);
  if (!module) {
    fprintf(stderr, "> Error compiling module!\n");
    goto done;
  }
  if (!wasm_module_set_name(module, "serialize-sample")) {
    fprintf(stderr, "> Error naming module!\n");
    goto done;
  }

  printf("Serializing module...\n");
  wasm_module_serialize(module, &serialized);
  if (serialized.size == 0 || !serialized.data) {
    fprintf(stderr, "> Error serializing module!\n");
    goto done;
  }
  /* The serialized module does not need the original any more. */
  wasm_module_delete(module);
  module = NULL;

  printf("Deserializing module in a new store...\n");
  if (!(store2 = wasm_store_new(engine))) {
    fprintf(stderr, "> Error creating a store!\n");
    goto done;
  }
  restored = wasm_module_deserialize(store2, &serialized);
  if (!restored) {
    fprintf(stderr, "> Error deserializing module!\n");
    goto done;
  }
  const char *name = wasm_module_get_name(restored);
  printf("> name: %s\n", name ? name : "(none)");
  if (!name || strcmp(name, "serialize-sample") != 0) {
    fprintf(stderr, "> The module lost its name!\n");
    goto done;
  }
  wasm_importtype_vec_t import_types;
  wasm_module_imports(restored, &import_types);
  wasm_exporttype_vec_t export_types;
  wasm_module_exports(restored, &export_types);
  printf("> %zu import(s), %zu export(s)\n", import_types.size, export_types.size);
  bool shape_ok = import_types.size == 1 && export_types.size == 1;
  wasm_importtype_vec_delete(&import_types);
  wasm_exporttype_vec_delete(&export_types);
  if (!shape_ok) goto done;

  printf("Creating callback...\n");
  wasm_functype_t *hello_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  hello = wasm_func_new(store2, hello_type, hello_callback);
  wasm_functype_delete(hello_type);
  if (!hello) {
    fprintf(stderr, "> Error creating the host function!\n");
    goto done;
  }

  printf("Instantiating deserialized module...\n");
  wasm_extern_t *externs[] = {wasm_func_as_extern(hello)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  instance = wasm_instance_new(store2, restored, &imports, &trap);
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

  printf("Calling export run(21)...\n");
  wasm_val_t arg_vals[] = {WASM_I32_VAL(21)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_EMPTY_VEC;
  trap = wasm_func_call(run, &args, &results);
  if (trap) {
    report_trap("Error calling function", trap);
    goto done;
  }
  if (hello_calls != 1) goto done;

  /* Bytes that are not a serialized module are refused (the library says why
   * on stderr). */
  printf("Deserializing the plain .wasm bytes...\n");
  bogus = wasm_module_deserialize(store2, &binary);
  printf("> %s\n", bogus ? "accepted (unexpected!)" : "rejected");
  if (bogus) goto done;

  printf("Deserializing corrupted bytes...\n");
  wasm_byte_vec_copy(&corrupted, &serialized);
  corrupted.data[corrupted.size / 2] ^= 0x01;
  bogus = wasm_module_deserialize(store2, &corrupted);
  printf("> %s\n", bogus ? "accepted (unexpected!)" : "rejected");
  if (bogus) goto done;
  rc = 0;

done:
  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (hello) wasm_func_delete(hello);
  if (bogus) wasm_module_delete(bogus);
  if (restored) wasm_module_delete(restored);
  if (module) wasm_module_delete(module);
  wasm_byte_vec_delete(&corrupted);
  wasm_byte_vec_delete(&serialized);
  wasm_byte_vec_delete(&binary);
  if (store2) wasm_store_delete(store2);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
