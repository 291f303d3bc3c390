/* wasi_run: runs a WASI command module, like WAMR's `iwasm --dir=. module.wasm args...`.
 *
 *   wasi_run module.wasm [args...]
 *
 * The module gets its path and the arguments as argv, the current directory
 * preopened as ".", no environment, and this process's stdin/stdout/stderr.
 * wasi_run returns the module's exit code: the code given to proc_exit, or 0 if
 * `_start` returns. On a trap it prints the trap's message to stderr and returns 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wasm_c_api.h"

static int fail(const char *what) {
  fprintf(stderr, "wasi_run: %s\n", what);
  return 1;
}

static bool read_file(const char *path, wasm_byte_vec_t *out) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  bool ok = fseek(f, 0, SEEK_END) == 0;
  long size = ok ? ftell(f) : -1;
  ok = size >= 0 && fseek(f, 0, SEEK_SET) == 0;
  if (ok) {
    wasm_byte_vec_new_uninitialized(out, (size_t)size);
    ok = fread(out->data, 1, (size_t)size, f) == (size_t)size;
    if (!ok) wasm_byte_vec_delete(out);
  }
  fclose(f);
  return ok;
}

/* The exit code a trap stands for: its proc_exit code, or 1 after printing it. */
static int trap_status(wasm_trap_t *trap) {
  int32_t code = 0;
  if (wamr_trap_exit_code(trap, &code)) {
    wasm_trap_delete(trap);
    return code;
  }
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  size_t n = msg.size && msg.data[msg.size - 1] == 0 ? msg.size - 1 : msg.size;
  fprintf(stderr, "%.*s\n", (int)n, msg.data);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
  return 1;
}

/* `_start`, as an extern of `exports` (NULL if the module has none). */
static wasm_func_t *find_start(const wasm_module_t *module, const wasm_extern_vec_t *exports) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_func_t *start = NULL;
  for (size_t i = 0; i < types.size && i < exports->size; i++) {
    const wasm_name_t *name = wasm_exporttype_name(types.data[i]);
    /* Names come back with their NUL counted (as in WAMR); accept either form. */
    size_t len = name->size && name->data[name->size - 1] == 0 ? name->size - 1 : name->size;
    if (len == 6 && memcmp(name->data, "_start", 6) == 0 &&
        wasm_extern_kind(exports->data[i]) == WASM_EXTERN_FUNC)
      start = wasm_extern_as_func(exports->data[i]);
  }
  wasm_exporttype_vec_delete(&types);
  return start;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wasi_run module.wasm [args...]\n");
    return 1;
  }
  wasm_byte_vec_t binary;
  if (!read_file(argv[1], &binary)) {
    fprintf(stderr, "wasi_run: cannot read %s\n", argv[1]);
    return 1;
  }

  int status = 1;
  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = engine ? wasm_store_new(engine) : NULL;
  wasm_module_t *module = store ? wasm_module_new(store, &binary) : NULL;
  wasm_byte_vec_delete(&binary);
  if (!module) {
    status = fail("cannot load the module");
  } else {
    const char *dirs[] = {"."};
    wasm_runtime_set_wasi_args(*module, dirs, 1, NULL, 0, NULL, 0, argv + 1, argc - 1);

    wasm_extern_vec_t imports = WASM_EMPTY_VEC; /* WASI is built in */
    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    if (!instance) {
      status = trap ? trap_status(trap) : fail("cannot instantiate the module");
    } else {
      wasm_extern_vec_t exports;
      wasm_instance_exports(instance, &exports);
      wasm_func_t *start = find_start(module, &exports);
      if (!start) {
        status = fail("the module has no _start function (not a WASI command)");
      } else {
        wasm_val_vec_t no_args = WASM_EMPTY_VEC, no_results = WASM_EMPTY_VEC;
        fflush(stdout);
        trap = wasm_func_call(start, &no_args, &no_results);
        status = trap ? trap_status(trap) : 0;
      }
      wasm_extern_vec_delete(&exports);
      wasm_instance_delete(instance);
    }
    wasm_module_delete(module);
  }
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  return status;
}
