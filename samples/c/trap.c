/* trap: traps from wasm and from the host, their messages and stack traces.
 *
 *   ./trap [trap.wasm]
 *
 * The module imports `fail`, a host function that returns a trap, and exports
 * `callback` (calls it), `unreachable`, `divide(a, b)` and `recurse` (never
 * stops). Each call's trap message is printed; origin and trace are checked to
 * agree with each other (an engine may leave both empty). */
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

/* fail : [] -> [i32]. Its environment is the store the trap is created in. */
static wasm_trap_t *fail_callback(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  printf("Calling back...\n");
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "callback abort");
  wasm_trap_t *trap = wasm_trap_new((wasm_store_t *)env, &message);
  wasm_byte_vec_delete(&message);
  return trap;
}

/* Prints a trap's message, checks it is `expected`, and checks that its origin
 * and trace tell the same story: both empty, or the origin is the innermost
 * frame of the trace. Frame details go to stderr, as they depend on the engine. */
static void inspect_trap(wasm_trap_t *trap, const char *expected) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  /* The message carries its terminating NUL in `size`. */
  bool nul_terminated = message.size > 0 && message.data[message.size - 1] == '\0';
  printf("> message: %s\n", nul_terminated ? message.data : "(not NUL-terminated)");
  EXPECT(nul_terminated && strcmp(message.data, expected) == 0);
  wasm_byte_vec_delete(&message);

  wasm_frame_t *origin = wasm_trap_origin(trap);
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  if (origin) {
    EXPECT(trace.size > 0 && trace.data[0] &&
           wasm_frame_func_index(origin) == wasm_frame_func_index(trace.data[0]));
    fprintf(stderr, "  origin: func %" PRIu32 ", offset %zu\n", wasm_frame_func_index(origin),
            wasm_frame_func_offset(origin));
    wasm_frame_delete(origin);
  } else {
    EXPECT(trace.size == 0);
  }
  for (size_t i = 0; i < trace.size; i++) {
    if (i < 5) fprintf(stderr, "  frame %zu: func %" PRIu32 "\n", i, wasm_frame_func_index(trace.data[i]));
  }
  printf("> origin and trace agree\n");
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);
}

/* Calls f(a, b) (as many arguments as it takes) and expects a trap with `expected`. */
static void expect_trap(const char *name, const wasm_func_t *f, int32_t a, int32_t b, const char *expected) {
  size_t nargs = wasm_func_param_arity(f);
  wasm_val_t arg_vals[2] = {WASM_I32_VAL(a), WASM_I32_VAL(b)};
  wasm_val_t result_vals[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = {nargs, arg_vals, nargs, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  printf("Calling %s...\n", name);
  wasm_trap_t *trap = wasm_func_call(f, &args, &results);
  if (!trap) {
    printf("> returned %" PRId32 " instead of trapping\n", result_vals[0].of.i32);
    failures++;
    return;
  }
  inspect_trap(trap, expected);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "trap.wasm";
  int rc = 1;
  wasm_store_t *store = NULL;
  wasm_module_t *module = NULL;
  wasm_func_t *fail = NULL;
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
  wasm_functype_t *fail_type = wasm_functype_new_0_1(wasm_valtype_new_i32());
  fail = wasm_func_new_with_env(store, fail_type, fail_callback, store, NULL);
  wasm_functype_delete(fail_type);
  if (!fail) {
    fprintf(stderr, "> Error creating the host function!\n");
    goto done;
  }

  printf("Instantiating module...\n");
  wasm_extern_t *externs[] = {wasm_func_as_extern(fail)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(externs);
  instance = wasm_instance_new(store, module, &imports, &trap);
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
  const wasm_func_t *callback = wasm_extern_as_func(exports.data[0]);
  const wasm_func_t *unreachable = wasm_extern_as_func(exports.data[1]);
  const wasm_func_t *divide = wasm_extern_as_func(exports.data[2]);
  const wasm_func_t *recurse = wasm_extern_as_func(exports.data[3]);
  if (!callback || !unreachable || !divide || !recurse) {
    fprintf(stderr, "> Error accessing exports!\n");
    goto done;
  }

  /* A call that works, for contrast. */
  printf("Calling divide(7, 2)...\n");
  wasm_val_t arg_vals[] = {WASM_I32_VAL(7), WASM_I32_VAL(2)};
  wasm_val_t result_vals[] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(arg_vals);
  wasm_val_vec_t results = WASM_ARRAY_VEC(result_vals);
  trap = wasm_func_call(divide, &args, &results);
  EXPECT(!trap && result_vals[0].of.i32 == 3);
  if (trap) {
    inspect_trap(trap, "");
  } else {
    printf("> result: %" PRId32 "\n", result_vals[0].of.i32);
  }

  expect_trap("callback", callback, 0, 0, "Exception: callback abort");
  expect_trap("unreachable", unreachable, 0, 0, "Exception: unreachable");
  expect_trap("divide(7, 0)", divide, 7, 0, "Exception: integer divide by zero");
  expect_trap("divide(INT32_MIN, -1)", divide, INT32_MIN, -1, "Exception: integer overflow");
  expect_trap("recurse", recurse, 0, 0, "Exception: wasm operand stack overflow");

  /* A trap made by the host, never thrown. */
  printf("Creating a trap on the host...\n");
  wasm_message_t text;
  wasm_name_new_from_string_nt(&text, "made by the host");
  trap = wasm_trap_new(store, &text);
  wasm_byte_vec_delete(&text);
  EXPECT(trap != NULL);
  if (trap) inspect_trap(trap, "made by the host");

  rc = failures ? 1 : 0;

done:
  printf("Shutting down...\n");
  wasm_extern_vec_delete(&exports);
  if (instance) wasm_instance_delete(instance);
  if (fail) wasm_func_delete(fail);
  if (module) wasm_module_delete(module);
  if (store) wasm_store_delete(store);
  if (engine) wasm_engine_delete(engine);
  printf(rc == 0 ? "Done.\n" : "Failed.\n");
  return rc;
}
