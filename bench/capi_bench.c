/* C API benchmarks for `make bench`: one source, built once per library (the libraries
 * export the same symbols, so each gets its own binary):
 *
 *   BENCH_LIB=ours      our libiwasm.so, compiled against include/wasm_c_api.h
 *   BENCH_LIB=wamr      the real WAMR 2.4.3 fast interpreter (wamrx-sys' static libiwasm.a),
 *                       compiled against WAMR's own wasm_c_api.h
 *   BENCH_LIB=wamr-cmake  the same WAMR source built by its own CMakeLists with its default
 *                       options (hardware bounds checks...: bench/NOTES.md), its libiwasm.so
 *   BENCH_LIB=wasmtime  (with -DBENCH_WASMTIME) the libwasmtime.so inside the PyPI wasmtime
 *                       wheel, also compiled against WAMR's header: the standard wasm.h calls
 *                       used here are ABI-compatible (WAMR's vecs only append fields after
 *                       {size, data}; wasm_val_t is the same 16 bytes). WASI is not part of the
 *                       standard API, so WASI modules go through wasmtime's linker
 *                       (wasmtime_linker_define_wasi), declared below.
 *
 * Usage:
 *   capi_bench micro    <micro.wasm> <reps>          call/host-call overhead, fib, loop, copies
 *   capi_bench startup  <reps> <file.wasm>...        compile + instantiate (WASI provided)
 *   capi_bench coremark <coremark.wasm>              one CoreMark run
 * Output: one JSON object per line {"engine","bench","unit","samples":[...]}; anything else
 * on stdout (WAMR logs there) is ignored by bench/run.py. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasm_c_api.h"

#ifndef BENCH_LIB
#define BENCH_LIB "ours"
#endif

/* Iteration counts shared with bench/engines/src/main.rs (keep them equal). */
#define CALLS 1000000
#define HOST_CALLS 1000000
#define FIB_N 30
#define LOOP_N 100000000
#define COPY_REPS 100 /* MiB copied per sample */

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
extern wasmtime_linker_t *wasmtime_linker_new(wasm_engine_t *);
extern void wasmtime_linker_delete(wasmtime_linker_t *);
extern wasmtime_error_t *wasmtime_linker_define_wasi(wasmtime_linker_t *);
extern void wasmtime_linker_allow_shadowing(wasmtime_linker_t *, bool);
extern wasmtime_error_t *wasmtime_linker_define_unknown_imports_as_traps(wasmtime_linker_t *,
                                                                         const wasmtime_module_t *);
extern wasmtime_error_t *wasmtime_linker_instantiate(const wasmtime_linker_t *, wasmtime_context_t *,
                                                     const wasmtime_module_t *, wasmtime_instance_t *,
                                                     wasm_trap_t **);
extern wasmtime_store_t *wasmtime_store_new(wasm_engine_t *, void *, void (*)(void *));
extern wasmtime_context_t *wasmtime_store_context(wasmtime_store_t *);
extern void wasmtime_store_delete(wasmtime_store_t *);
extern wasi_config_t *wasi_config_new(void);
extern wasmtime_error_t *wasmtime_context_set_wasi(wasmtime_context_t *, wasi_config_t *);
extern wasmtime_error_t *wasmtime_module_new(wasm_engine_t *, const uint8_t *, size_t, wasmtime_module_t **);
extern void wasmtime_module_delete(wasmtime_module_t *);
extern void wasmtime_error_message(const wasmtime_error_t *, wasm_name_t *);
extern void wasmtime_error_delete(wasmtime_error_t *);
#endif

static wasm_engine_t *engine;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what) {
  fprintf(stderr, "capi_bench[%s]: %s\n", BENCH_LIB, what);
  exit(1);
}

static void emit(const char *bench, const char *unit, const double *samples, int n) {
  printf("{\"engine\": \"%s\", \"bench\": \"%s\", \"unit\": \"%s\", \"samples\": [", BENCH_LIB, bench, unit);
  for (int i = 0; i < n; i++) printf("%s%.6f", i ? ", " : "", samples[i]);
  printf("]}\n");
  fflush(stdout);
}

static void load_file(const char *path, wasm_byte_vec_t *out) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)n);
  if (fread(out->data, 1, (size_t)n, f) != (size_t)n) die("short read");
  fclose(f);
}

/* WAMR counts a trailing NUL in the names it hands out; wasmtime does not. */
static bool name_is(const wasm_name_t *n, const char *s) {
  size_t len = strlen(s);
  return n && (n->size == len || (n->size == len + 1 && n->data[len] == 0)) && memcmp(n->data, s, len) == 0;
}

static const char *trap_text(wasm_trap_t *t) {
  static char buf[512];
  wasm_message_t msg = {0};
  wasm_trap_message(t, &msg);
  snprintf(buf, sizeof buf, "%.*s", (int)msg.size, msg.data ? msg.data : "");
  wasm_byte_vec_delete(&msg);
  return buf;
}

static void check_trap(wasm_trap_t *t, const char *what) {
  if (t) {
    fprintf(stderr, "capi_bench[%s]: %s trapped: %s\n", BENCH_LIB, what, trap_text(t));
    exit(1);
  }
}

/* ---- host functions ---------------------------------------------------------------- */

static double clock_origin;

static wasm_trap_t *clock_ms_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = (int32_t)((now_s() - clock_origin) * 1000.0);
  return NULL;
}

static wasm_trap_t *host_inc_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return NULL;
}

/* For imports the benchmarks never call (erc20's seal0.*, bz2's bench.start/end). */
static wasm_trap_t *stub_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results) {
  (void)args;
  (void)results;
  return NULL;
}

/* ---- instances ----------------------------------------------------------------------- */

typedef struct {
  wasm_module_t *module;
  wasm_instance_t *instance;
  wasm_extern_vec_t exports;
  wasm_extern_t *imports[256];
  size_t nimports;
} inst_t;

static bool module_uses_wasi(const wasm_module_t *module) {
  wasm_importtype_vec_t types = {0};
  wasm_module_imports(module, &types);
  bool wasi = false;
  for (size_t i = 0; i < types.size; i++)
    if (name_is(wasm_importtype_module(types.data[i]), "wasi_snapshot_preview1")) wasi = true;
  wasm_importtype_vec_delete(&types);
  return wasi;
}

/* One extern per import, in import order: our host functions by name, a stub for other
 * functions, and for WASI imports the runtime's own built-in WASI (ours: an empty
 * placeholder keeps the built-in; WAMR: libc-wasi resolves them at load time, the
 * placeholder only advances its cursor). */
static void build_imports(wasm_store_t *store, inst_t *in) {
  wasm_importtype_vec_t types = {0};
  wasm_module_imports(in->module, &types);
  if (types.size > 256) die("too many imports");
  in->nimports = types.size;
  for (size_t i = 0; i < types.size; i++) {
    const wasm_importtype_t *it = types.data[i];
    const wasm_externtype_t *et = wasm_importtype_type(it);
    if (wasm_externtype_kind(et) != WASM_EXTERN_FUNC) die("non-function import");
#ifndef BENCH_WASMTIME
    if (name_is(wasm_importtype_module(it), "wasi_snapshot_preview1")) {
      in->imports[i] = wasm_extern_new_empty(store, WASM_EXTERN_FUNC);
      continue;
    }
#endif
    const wasm_functype_t *ft = wasm_externtype_as_functype_const(et);
    wasm_func_callback_t cb = stub_cb;
    if (name_is(wasm_importtype_name(it), "clock_ms")) cb = clock_ms_cb;
    if (name_is(wasm_importtype_name(it), "host_inc")) cb = host_inc_cb;
    in->imports[i] = wasm_func_as_extern(wasm_func_new(store, ft, cb));
  }
  wasm_importtype_vec_delete(&types);
}

static void instantiate(wasm_store_t *store, inst_t *in) {
  build_imports(store, in);
  wasm_extern_vec_t imports = {in->nimports, in->imports, in->nimports, sizeof(wasm_extern_t *), NULL};
  wasm_trap_t *trap = NULL;
  in->instance = wasm_instance_new(store, in->module, &imports, &trap);
  check_trap(trap, "instantiation");
  if (!in->instance) die("wasm_instance_new failed");
}

static void release(inst_t *in) {
  if (in->exports.data) wasm_extern_vec_delete(&in->exports);
  if (in->instance) wasm_instance_delete(in->instance);
  for (size_t i = 0; i < in->nimports; i++)
    if (in->imports[i]) wasm_extern_delete(in->imports[i]);
  if (in->module) wasm_module_delete(in->module);
  memset(in, 0, sizeof *in);
}

static wasm_func_t *export_func(inst_t *in, const char *name) {
  if (!in->exports.data) wasm_instance_exports(in->instance, &in->exports);
  wasm_exporttype_vec_t types = {0};
  wasm_module_exports(in->module, &types);
  wasm_extern_t *e = NULL;
  for (size_t i = 0; i < types.size && i < in->exports.size; i++)
    if (name_is(wasm_exporttype_name(types.data[i]), name)) e = in->exports.data[i];
  wasm_exporttype_vec_delete(&types);
  if (!e || !wasm_extern_as_func(e)) die(name);
  return wasm_extern_as_func(e);
}

static void setup(const char *path, wasm_store_t *store, inst_t *in) {
  wasm_byte_vec_t binary;
  load_file(path, &binary);
  in->module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!in->module) die("wasm_module_new failed");
  instantiate(store, in);
}

/* ---- micro benchmarks ------------------------------------------------------------- */

static wasm_val_vec_t vec_of(wasm_val_t *v, size_t n) {
  wasm_val_vec_t vec = {n, n ? v : NULL, n, sizeof(wasm_val_t), NULL};
  return vec;
}

static void call1(wasm_func_t *f, const char *name, int32_t arg, wasm_val_t *res, size_t nres) {
  wasm_val_t a[1] = {WASM_I32_VAL(arg)};
  wasm_val_vec_t args = vec_of(a, 1), results = vec_of(res, nres);
  check_trap(wasm_func_call(f, &args, &results), name);
}

static void bench_micro(const char *path, int reps) {
  wasm_store_t *store = wasm_store_new(engine);
  inst_t in = {0};
  setup(path, store, &in);
  wasm_func_t *empty = export_func(&in, "empty"), *add = export_func(&in, "add"),
              *mixed8 = export_func(&in, "mixed8"), *host_loop = export_func(&in, "host_loop"),
              *fib = export_func(&in, "fib"), *loop = export_func(&in, "loop"),
              *copy_bulk = export_func(&in, "memcopy_bulk"), *copy_loop = export_func(&in, "memcopy_loop");
  double *s = calloc((size_t)reps, sizeof(double));

  /* wasm_func_call overhead: the empty function */
  for (int r = -1; r < reps; r++) { /* r = -1: warm-up */
    wasm_val_vec_t none = vec_of(NULL, 0), none2 = vec_of(NULL, 0);
    double t = now_s();
    for (int i = 0; i < CALLS; i++) {
      wasm_trap_t *trap = wasm_func_call(empty, &none, &none2);
      if (trap) check_trap(trap, "empty");
    }
    if (r >= 0) s[r] = (now_s() - t) * 1e9 / CALLS;
  }
  emit("call_empty", "ns", s, reps);

  /* add(i32, i32) */
  for (int r = -1; r < reps; r++) {
    wasm_val_t a[2] = {WASM_I32_VAL(0), WASM_I32_VAL(0)}, res[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = vec_of(a, 2), results = vec_of(res, 1);
    int32_t acc = 0;
    double t = now_s();
    for (int i = 0; i < CALLS; i++) {
      a[0].of.i32 = acc;
      a[1].of.i32 = i;
      wasm_trap_t *trap = wasm_func_call(add, &args, &results);
      if (trap) check_trap(trap, "add");
      acc = res[0].of.i32;
    }
    if (r >= 0) s[r] = (now_s() - t) * 1e9 / CALLS;
    if (acc != (int32_t)((int64_t)CALLS * (CALLS - 1) / 2)) die("add: wrong sum");
  }
  emit("call_add", "ns", s, reps);

  /* 8 mixed parameters, 4 results */
  for (int r = -1; r < reps; r++) {
    wasm_val_t a[8] = {WASM_I32_VAL(1), WASM_I64_VAL(2), WASM_F32_VAL(3), WASM_F64_VAL(4),
                       WASM_I32_VAL(5), WASM_I64_VAL(6), WASM_F32_VAL(7), WASM_F64_VAL(8)};
    wasm_val_t res[4] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
    wasm_val_vec_t args = vec_of(a, 8), results = vec_of(res, 4);
    double t = now_s();
    for (int i = 0; i < CALLS; i++) {
      a[0].of.i32 = i;
      wasm_trap_t *trap = wasm_func_call(mixed8, &args, &results);
      if (trap) check_trap(trap, "mixed8");
    }
    if (r >= 0) s[r] = (now_s() - t) * 1e9 / CALLS;
    if (res[0].of.i32 != CALLS - 1 + 5 || res[1].of.i64 != 8 || res[2].of.f32 != 10.0f || res[3].of.f64 != 12.0)
      die("mixed8: wrong results");
  }
  emit("call_mixed8", "ns", s, reps);

  /* wasm -> host calls */
  for (int r = -1; r < reps; r++) {
    wasm_val_t res[1] = {WASM_INIT_VAL};
    double t = now_s();
    call1(host_loop, "host_loop", HOST_CALLS, res, 1);
    if (r >= 0) s[r] = (now_s() - t) * 1e9 / HOST_CALLS;
    if (res[0].of.i32 != HOST_CALLS) die("host_loop: wrong count");
  }
  emit("host_call", "ns", s, reps);

  for (int r = -1; r < reps; r++) {
    wasm_val_t res[1] = {WASM_INIT_VAL};
    double t = now_s();
    call1(fib, "fib", FIB_N, res, 1);
    if (r >= 0) s[r] = (now_s() - t) * 1e3;
    if (res[0].of.i32 != 832040) die("fib: wrong result");
  }
  emit("fib30", "ms", s, reps);

  for (int r = -1; r < reps; r++) {
    wasm_val_t res[1] = {WASM_INIT_VAL};
    double t = now_s();
    call1(loop, "loop", LOOP_N, res, 1);
    if (r >= 0) s[r] = (now_s() - t) * 1e3;
  }
  emit("loop", "ms", s, reps);

  /* memory bulk copy: memory.copy, then a wasm i64 load/store loop; microseconds per MiB */
  for (int r = -1; r < reps; r++) {
    double t = now_s();
    call1(copy_bulk, "memcopy_bulk", COPY_REPS, NULL, 0);
    if (r >= 0) s[r] = (now_s() - t) * 1e6 / COPY_REPS;
  }
  emit("memcopy_bulk", "us/MiB", s, reps);
  for (int r = -1; r < reps; r++) {
    double t = now_s();
    call1(copy_loop, "memcopy_loop", COPY_REPS / 10, NULL, 0);
    if (r >= 0) s[r] = (now_s() - t) * 1e6 / (COPY_REPS / 10);
  }
  emit("memcopy_loop", "us/MiB", s, reps);

  free(s);
  release(&in);
  wasm_store_delete(store);
}

/* ---- compile + instantiate --------------------------------------------------------- */

#ifdef BENCH_WASMTIME
static void wasmtime_check(wasmtime_error_t *err, const char *what) {
  if (!err) return;
  wasm_name_t msg = {0};
  wasmtime_error_message(err, &msg);
  fprintf(stderr, "capi_bench[wasmtime]: %s: %.*s\n", what, (int)msg.size, msg.data);
  exit(1);
}

/* WASI is not in the standard API: wasmtime's linker provides it. */
static void startup_wasmtime_wasi(const wasm_byte_vec_t *binary, double *compile, double *inst) {
  wasmtime_linker_t *linker = wasmtime_linker_new(engine);
  wasmtime_linker_allow_shadowing(linker, true);
  wasmtime_check(wasmtime_linker_define_wasi(linker), "define_wasi");
  double t0 = now_s();
  wasmtime_module_t *module = NULL;
  wasmtime_check(wasmtime_module_new(engine, (const uint8_t *)binary->data, binary->size, &module), "compile");
  double t1 = now_s();
  wasmtime_store_t *store = wasmtime_store_new(engine, NULL, NULL);
  wasmtime_context_t *ctx = wasmtime_store_context(store);
  wasmtime_check(wasmtime_context_set_wasi(ctx, wasi_config_new()), "set_wasi");
  wasmtime_check(wasmtime_linker_define_unknown_imports_as_traps(linker, module), "stubs");
  wasmtime_instance_t instance;
  wasm_trap_t *trap = NULL;
  wasmtime_check(wasmtime_linker_instantiate(linker, ctx, module, &instance, &trap), "instantiate");
  check_trap(trap, "instantiation");
  double t2 = now_s();
  *compile = (t1 - t0) * 1e3;
  *inst = (t2 - t1) * 1e3;
  wasmtime_store_delete(store);
  wasmtime_module_delete(module);
  wasmtime_linker_delete(linker);
}
#endif

static void startup_one(const wasm_byte_vec_t *binary, bool wasi, double *compile, double *inst) {
#ifdef BENCH_WASMTIME
  if (wasi) {
    startup_wasmtime_wasi(binary, compile, inst);
    return;
  }
#endif
  (void)wasi;
  wasm_store_t *store = wasm_store_new(engine);
  inst_t in = {0};
  double t0 = now_s();
  in.module = wasm_module_new(store, binary);
  double t1 = now_s();
  if (!in.module) die("wasm_module_new failed");
  instantiate(store, &in);
  double t2 = now_s();
  *compile = (t1 - t0) * 1e3;
  *inst = (t2 - t1) * 1e3;
  release(&in);
  wasm_store_delete(store);
}

static void bench_startup(int reps, int nfiles, char **files) {
  double *c = calloc((size_t)reps, sizeof(double)), *i = calloc((size_t)reps, sizeof(double)),
         *t = calloc((size_t)reps, sizeof(double));
  for (int f = 0; f < nfiles; f++) {
    wasm_byte_vec_t binary;
    load_file(files[f], &binary);
    wasm_store_t *probe_store = wasm_store_new(engine);
    wasm_module_t *probe = wasm_module_new(probe_store, &binary); /* also the warm-up */
    if (!probe) die("wasm_module_new failed");
    bool wasi = module_uses_wasi(probe);
    wasm_module_delete(probe);
    wasm_store_delete(probe_store);
    for (int r = 0; r < reps; r++) {
      startup_one(&binary, wasi, &c[r], &i[r]);
      t[r] = c[r] + i[r];
    }
    char name[256], base[200];
    const char *slash = strrchr(files[f], '/');
    snprintf(base, sizeof base, "%s", slash ? slash + 1 : files[f]);
    char *dot = strstr(base, ".wasm");
    if (dot) *dot = 0;
    snprintf(name, sizeof name, "compile:%s", base);
    emit(name, "ms", c, reps);
    snprintf(name, sizeof name, "instantiate:%s", base);
    emit(name, "ms", i, reps);
    snprintf(name, sizeof name, "startup:%s", base);
    emit(name, "ms", t, reps);
    wasm_byte_vec_delete(&binary);
  }
  free(c);
  free(i);
  free(t);
}

/* ---- Footprint ------------------------------------------------------------------------ */

static double rss_kib(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  fclose(f);
  return (double)resident * (double)(sysconf(_SC_PAGESIZE) / 1024);
}

/* Resident memory after wasm_engine_new + wasm_store_new, then what each further
 * compiled-and-instantiated copy of a module adds (the average over `copies`). */
static void bench_footprint(int copies, int n, char **paths) {
  wasm_store_t *store = wasm_store_new(engine);
  double base = rss_kib();
  emit("rss_engine_store", "KiB", &base, 1);
  for (int f = 0; f < n; f++) {
    inst_t *in = calloc((size_t)copies, sizeof *in);
    if (!in) die("out of memory");
    setup(paths[f], store, &in[0]); /* warm: first-use costs are not per instance */
    double before = rss_kib();
    for (int i = 1; i < copies; i++) setup(paths[f], store, &in[i]);
    double per = (rss_kib() - before) / (copies - 1);
    for (int i = 0; i < copies; i++) release(&in[i]);
    free(in);
    char name[256];
    const char *base_name = strrchr(paths[f], '/');
    snprintf(name, sizeof name, "rss_per_instance:%s", base_name ? base_name + 1 : paths[f]);
    char *dot = strrchr(name, '.');
    if (dot) *dot = 0;
    emit(name, "KiB", &per, 1);
  }
  wasm_store_delete(store);
}

/* ---- CoreMark ------------------------------------------------------------------------- */

static void bench_coremark(const char *path) {
  wasm_store_t *store = wasm_store_new(engine);
  inst_t in = {0};
  clock_origin = now_s();
  setup(path, store, &in);
  wasm_func_t *run = export_func(&in, "run");
  wasm_val_t res[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = vec_of(NULL, 0), results = vec_of(res, 1);
  check_trap(wasm_func_call(run, &args, &results), "coremark run");
  double score = res[0].of.f32;
  emit("coremark", "score", &score, 1);
  release(&in);
  wasm_store_delete(store);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s micro FILE REPS | startup REPS FILE... | coremark FILE | footprint COPIES FILE...\n",
            argv[0]);
    return 2;
  }
  engine = wasm_engine_new();
  if (!engine) die("wasm_engine_new failed");
  if (!strcmp(argv[1], "micro") && argc >= 4)
    bench_micro(argv[2], atoi(argv[3]) > 0 ? atoi(argv[3]) : 5);
  else if (!strcmp(argv[1], "startup") && argc >= 4)
    bench_startup(atoi(argv[2]) > 0 ? atoi(argv[2]) : 5, argc - 3, argv + 3);
  else if (!strcmp(argv[1], "coremark"))
    bench_coremark(argv[2]);
  else if (!strcmp(argv[1], "footprint") && argc >= 4)
    bench_footprint(atoi(argv[2]) > 1 ? atoi(argv[2]) : 11, argc - 3, argv + 3);
  else
    die("unknown benchmark");
  wasm_engine_delete(engine);
  return 0;
}
